import GridCore

/// One record a scoring pass looked at: its branch, the day of its outcome, and the entries
/// that outcome earns now (none: an earlier entry of it, if any, is reversed).
public struct ScoredSource: Sendable {
    public var branch: String
    public var source: PointsSource
    public var day: LocalDate
    public var entries: [PointsEntry]

    public init(branch: String, source: PointsSource, day: LocalDate, entries: [PointsEntry]) {
        self.branch = branch
        self.source = source
        self.day = day
        self.entries = entries
    }
}
