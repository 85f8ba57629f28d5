/// The public-holiday calendar of a country, as its government publishes it year by year.
///
/// China's State Council announces each year's holidays and the weekend days that become
/// working days to make the holidays longer (调休). Neither follows a rule that could be
/// computed, so the calendar is data, extended by the operator each year. For the years
/// after the last notice, the statutory days off that the law fixes (`statutory`) are
/// computed and marked as such; the swapped working days stay unknown until the notice is
/// added. A year it does not cover is reported (`covers`).
///
/// Hashable so that branches on the same calendar can share one business-day index.
public struct NationalCalendar: Sendable, Hashable {
    public struct Holiday: Sendable, Hashable {
        public let name: String
        public let days: ClosedRange<LocalDate>
        /// Computed from the statutory rules for a year without a notice, not published.
        public let isComputed: Bool

        public init(name: String, days: ClosedRange<LocalDate>, isComputed: Bool = false) {
            self.name = name
            self.days = days
            self.isComputed = isComputed
        }
    }

    /// How many years after the last notice the statutory days are computed: enough for
    /// every deadline a branch can see ahead, few enough to keep the loaded calendar small.
    public static let computedYearsAhead = 5

    public let id: String
    public let name: String
    public let holidays: [Holiday]
    /// Saturdays and Sundays on which everyone works (调休上班).
    public let swappedWorkdays: Set<LocalDate>
    /// Years with a published notice.
    public let coveredYears: Set<Int>
    /// The law's days off, computed for the years after the last notice.
    public let statutory: [StatutoryHoliday]
    /// Years whose holidays are computed from `statutory`, with no notice yet.
    public let computedYears: Set<Int>
    private let holidayNames: [LocalDate: String]

    /// `holidays` are the published ones; the statutory days of the
    /// `computedYearsAhead` years after the last covered year are added to them, marked.
    public init(
        id: String, name: String, holidays: [Holiday], swappedWorkdays: Set<LocalDate>, coveredYears: Set<Int>,
        statutory: [StatutoryHoliday] = []
    ) {
        var all = holidays
        var computedYears: Set<Int> = []
        if !statutory.isEmpty, let last = coveredYears.max() {
            for year in (last + 1)...(last + Self.computedYearsAhead) {
                computedYears.insert(year)
                for rule in statutory {
                    if let days = rule.span(in: year) {
                        all.append(Holiday(name: rule.name, days: days, isComputed: true))
                    }
                }
            }
        }
        self.id = id
        self.name = name
        self.holidays = all
        self.swappedWorkdays = swappedWorkdays
        self.coveredYears = coveredYears
        self.statutory = statutory
        self.computedYears = computedYears
        var names: [LocalDate: String] = [:]
        for holiday in all {
            holiday.days.forEachDay { names[$0] = holiday.name }
        }
        self.holidayNames = names
    }

    /// A calendar with no holidays: Monday to Friday, every week.
    public static let plainWeekdays = NationalCalendar(
        id: "none", name: "Monday to Friday", holidays: [], swappedWorkdays: [], coveredYears: [])

    /// Whether the year's notice is in the calendar.
    public func covers(year: Int) -> Bool { coveredYears.contains(year) }

    /// Whether the year's days off are the law's, computed, with no notice yet.
    public func isComputed(year: Int) -> Bool { computedYears.contains(year) }

    /// The years whose notice an operator should add by `today`: the current year once in
    /// it, and from 1 December the next one, as the State Council usually publishes in
    /// November.
    public func missingNotices(on today: LocalDate) -> [Int] {
        let years = today.month == 12 ? [today.year, today.year + 1] : [today.year]
        return years.filter { !covers(year: $0) }
    }

    // The holiday names are derived from the holidays, so they take no part in equality.
    public static func == (lhs: NationalCalendar, rhs: NationalCalendar) -> Bool {
        lhs.id == rhs.id && lhs.name == rhs.name && lhs.holidays == rhs.holidays
            && lhs.swappedWorkdays == rhs.swappedWorkdays && lhs.coveredYears == rhs.coveredYears
            && lhs.statutory == rhs.statutory
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
