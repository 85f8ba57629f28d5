/// An inspection whose findings a branch rectifies. Its name identifies it within the
/// branch's ledger; the workbook names only it and its kind, `gridctl ledger add inspection`
/// records the rest.
public struct Inspection: Hashable, Sendable, Codable {
    public var name: String
    public var kind: InspectionKind
    /// Who inspected (检查主体): a committee, an audit department, a line.
    public var body: String?
    public var started: LocalDate?
    public var ended: LocalDate?
    /// When the findings were handed over (反馈日期); rectification runs from here.
    public var feedback: LocalDate?

    public init(
        name: String, kind: InspectionKind, body: String? = nil, started: LocalDate? = nil, ended: LocalDate? = nil,
        feedback: LocalDate? = nil
    ) {
        self.name = name
        self.kind = kind
        self.body = body
        self.started = started
        self.ended = ended
        self.feedback = feedback
    }
}
