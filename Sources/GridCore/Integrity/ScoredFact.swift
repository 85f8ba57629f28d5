/// A fact GridDuty scores from its own records: how a duty item ended, a measure done late,
/// a finding that repeats a closed one.
public enum ScoredFact: Hashable, Sendable {
    case duty(occurrence: Int64, duty: String, line: String, owner: String?, outcome: DutyOutcome, day: LocalDate)
    case measureLate(MeasureID, owner: String, day: LocalDate)
    case recurrence(finding: String, leader: String, repeats: String, day: LocalDate)

    /// The day it happened, which picks the table's version and the year.
    public var day: LocalDate {
        switch self {
        case .duty(_, _, _, _, _, let day), .measureLate(_, _, let day), .recurrence(_, _, _, let day): day
        }
    }

    public var source: PointsSource {
        switch self {
        case .duty(let occurrence, _, _, _, _, _): .occurrence(occurrence)
        case .measureLate(let id, _, _): .measure(id)
        case .recurrence(let finding, _, _, _): .finding(finding)
        }
    }

    /// The staff member it concerns, if any.
    public var person: String? {
        switch self {
        case .duty(_, _, _, let owner, _, _): owner
        case .measureLate(_, let owner, _): owner
        case .recurrence(_, let leader, _, _): leader
        }
    }
}
