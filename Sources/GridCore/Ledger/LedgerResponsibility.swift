/// The progress of what one responsible leader (责任领导) or one responsible department
/// (责任部门) of a branch answers for: their findings and those findings' measures.
public struct LedgerResponsibility: Hashable, Sendable, Codable {
    public var branch: String
    /// The leader's staff id, or the department as the branch writes it
    /// (``LedgerFigures/noDepartment`` when the finding names none).
    public var responsible: String
    public var findings: Int
    /// Findings closed (已销号).
    public var closed: Int
    public var measures: Int
    public var done: Int
    /// Measures not done and past their deadline.
    public var overdue: Int

    public init(
        branch: String, responsible: String, findings: Int = 0, closed: Int = 0, measures: Int = 0, done: Int = 0,
        overdue: Int = 0
    ) {
        self.branch = branch
        self.responsible = responsible
        self.findings = findings
        self.closed = closed
        self.measures = measures
        self.done = done
        self.overdue = overdue
    }
}
