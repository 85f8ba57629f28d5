/// ISO weekdays, Monday first, as the branch calendar and ISO weeks count them.
public enum Weekday: String, CaseIterable, Sendable, Codable {
    case monday = "mon"
    case tuesday = "tue"
    case wednesday = "wed"
    case thursday = "thu"
    case friday = "fri"
    case saturday = "sat"
    case sunday = "sun"

    /// 0 for Monday … 6 for Sunday.
    public var index: Int { Weekday.allCases.firstIndex(of: self)! }

    public static let workweek: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
}
