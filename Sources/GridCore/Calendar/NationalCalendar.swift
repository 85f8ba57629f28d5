/// The public-holiday calendar of a country, as its government publishes it year by year.
///
/// China's State Council announces each year's holidays and the weekend days that become
/// working days to make the holidays longer (调休). Neither follows a rule that could be
/// computed, so the calendar is data, extended by the operator each year; a year it does
/// not cover is reported (`covers`) and falls back to a plain Monday–Friday week.
///
/// Hashable so that branches on the same calendar can share one business-day index.
public struct NationalCalendar: Sendable, Hashable {
    public struct Holiday: Sendable, Hashable {
        public let name: String
        public let days: ClosedRange<LocalDate>

        public init(name: String, days: ClosedRange<LocalDate>) {
            self.name = name
            self.days = days
        }
    }

    public let id: String
    public let name: String
    public let holidays: [Holiday]
    /// Saturdays and Sundays on which everyone works (调休上班).
    public let swappedWorkdays: Set<LocalDate>
    public let coveredYears: Set<Int>
    private let holidayNames: [LocalDate: String]

    public init(id: String, name: String, holidays: [Holiday], swappedWorkdays: Set<LocalDate>, coveredYears: Set<Int>)
    {
        self.id = id
        self.name = name
        self.holidays = holidays
        self.swappedWorkdays = swappedWorkdays
        self.coveredYears = coveredYears
        var names: [LocalDate: String] = [:]
        for holiday in holidays {
            holiday.days.forEachDay { names[$0] = holiday.name }
        }
        self.holidayNames = names
    }

    /// A calendar with no holidays: Monday to Friday, every week.
    public static let plainWeekdays = NationalCalendar(
        id: "none", name: "Monday to Friday", holidays: [], swappedWorkdays: [], coveredYears: [])

    public func covers(year: Int) -> Bool { coveredYears.contains(year) }

    // The holiday names are derived from the holidays, so they take no part in equality.
    public static func == (lhs: NationalCalendar, rhs: NationalCalendar) -> Bool {
        lhs.id == rhs.id && lhs.name == rhs.name && lhs.holidays == rhs.holidays
            && lhs.swappedWorkdays == rhs.swappedWorkdays && lhs.coveredYears == rhs.coveredYears
    }

    /// Hashes a digest, not every holiday: each branch's calendar hashes its national calendar
    /// once, and equal calendars still hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(holidays.count)
        hasher.combine(holidays.first)
        hasher.combine(holidays.last)
        hasher.combine(swappedWorkdays.count)
        hasher.combine(coveredYears.count)
    }

    public func holidayName(on date: LocalDate) -> String? { holidayNames[date] }

    public func isHoliday(_ date: LocalDate) -> Bool { holidayNames[date] != nil }

    /// A day on which the country works: a weekday that is no holiday, or a swapped workday.
    public func isNationalWorkday(_ date: LocalDate) -> Bool {
        if holidayNames[date] != nil { return false }
        if swappedWorkdays.contains(date) { return true }
        return Weekday.workweek.contains(date.weekday)
    }
}
