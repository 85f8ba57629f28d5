/// A finding with where it stands: what the ledger keeps beside the problem list's facts.
public struct FindingRecord: Hashable, Sendable, Codable {
    public var finding: Finding
    public var state: FindingState
    /// The pending or granted close-out request.
    public var closeOut: CloseOutRequest?
    /// The day a second person approved the close-out.
    public var closedOn: LocalDate?
    /// The reason of the latest rejected close-out, until the next request.
    public var rejection: String?

    public init(
        finding: Finding, state: FindingState = .open, closeOut: CloseOutRequest? = nil, closedOn: LocalDate? = nil,
        rejection: String? = nil
    ) {
        self.finding = finding
        self.state = state
        self.closeOut = closeOut
        self.closedOn = closedOn
        self.rejection = rejection
    }
}
