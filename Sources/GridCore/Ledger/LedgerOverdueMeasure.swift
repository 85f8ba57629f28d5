/// A measure not done and past its deadline on the day of the figures (逾期措施).
public struct LedgerOverdueMeasure: Hashable, Sendable, Codable {
    public var branch: String
    public var measure: MeasureID
    public var text: String
    /// The responsible person's staff id.
    public var owner: String
    public var deadline: LocalDate
    /// The branch's business days after the deadline, up to and including the day of the
    /// figures (``BusinessCalendar/businessDaysBetween(_:_:)``): a deadline on the eve of a
    /// week's holiday is one day late on the first day back. 0 when only closed days passed.
    public var businessDaysOverdue: Int

    public init(
        branch: String, measure: MeasureID, text: String, owner: String, deadline: LocalDate, businessDaysOverdue: Int
    ) {
        self.branch = branch
        self.measure = measure
        self.text = text
        self.owner = owner
        self.deadline = deadline
        self.businessDaysOverdue = businessDaysOverdue
    }
}
