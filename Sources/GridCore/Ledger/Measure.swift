/// A rectification measure (整改措施) of one finding, as the task list (任务清单) states it:
/// what is done, by whom (责任人), by which business day, in which stages.
public struct Measure: Hashable, Sendable, Codable {
    public var id: MeasureID
    public var text: String
    /// The responsible person (责任人), a staff id: the measure is owed by them like a duty.
    public var owner: String
    /// The business day it is due on (完成时限).
    public var deadline: LocalDate
    public var milestones: [Milestone]
    /// A rule it creates or revises, counted by the report.
    public var rule: RuleChange?
    /// When and how it was done; nil while it runs.
    public var done: MeasureDone?
    /// Columns of the workbook GridDuty does not read, kept to be written back on export.
    public var extra: [String: String]

    public init(
        id: MeasureID, text: String, owner: String, deadline: LocalDate, milestones: [Milestone] = [],
        rule: RuleChange? = nil, done: MeasureDone? = nil, extra: [String: String] = [:]
    ) {
        self.id = id
        self.text = text
        self.owner = owner
        self.deadline = deadline
        self.milestones = milestones
        self.rule = rule
        self.done = done
        self.extra = extra
    }

    /// Done after its deadline, or (on `date`, not done) past it.
    public func isOverdue(on date: LocalDate) -> Bool {
        done == nil && date > deadline
    }
}
