import GridCore

/// The occurrence chasing a measure, or one of its milestones.
public struct LedgerItemLink: Sendable, Equatable {
    public var occurrenceID: Int64
    public var branch: String
    public var measure: MeasureID
    /// The milestone's day; nil for the measure itself.
    public var milestone: LocalDate?
}
