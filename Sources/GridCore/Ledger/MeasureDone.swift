/// How a measure was done: the day and the evidence (佐证材料) that shows it.
public struct MeasureDone: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var evidence: String?

    public init(date: LocalDate, evidence: String?) {
        self.date = date
        self.evidence = evidence
    }
}
