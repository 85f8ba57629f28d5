import Foundation
import GridCore
import GridTestKit

/// Branch calendars of every shape the business-day index must get right, for the tests that
/// compare it with walking days: weekdays of every kind, a branch's own dates inside and
/// outside the national calendar's years, searches that must give up after ten years, a zone
/// with daylight saving time, and a calendar too wide to index.
enum CalendarCase: String, CaseIterable, Sendable, CustomStringConvertible {
    case mondayToFriday
    case mondayToSaturday
    case everyDay
    case ownDates
    case ownDatesOnly
    case closedTwentyYears
    case gapAtSearchLimit
    case gapPastSearchLimit
    case berlinAtNight
    case tooWideToIndex

    var description: String { rawValue }

    var calendar: BusinessCalendar {
        switch self {
        case .mondayToFriday: Self.calendars.mondayToFriday
        case .mondayToSaturday: Self.calendars.mondayToSaturday
        case .everyDay: Self.calendars.everyDay
        case .ownDates: Self.calendars.ownDates
        case .ownDatesOnly: Self.calendars.ownDatesOnly
        case .closedTwentyYears: Self.calendars.closedTwentyYears
        case .gapAtSearchLimit: Self.calendars.gapAtSearchLimit
        case .gapPastSearchLimit: Self.calendars.gapPastSearchLimit
        case .berlinAtNight: Self.calendars.berlinAtNight
        case .tooWideToIndex: Self.calendars.tooWideToIndex
        }
    }

    /// Every date the calendar's data names, and the days either side: where an index of that
    /// data starts and ends.
    var dataEdges: [LocalDate] {
        let calendar = self.calendar
        var dates = calendar.national.holidays.flatMap { [$0.days.lowerBound, $0.days.upperBound] }
        dates += calendar.national.swappedWorkdays
        dates += calendar.closedDates
        dates += calendar.openDates
        guard let first = dates.min(), let last = dates.max() else { return [] }
        return [-64, -8, -2, -1, 0, 1, 2, 8, 64].flatMap { [first.adding(days: $0), last.adding(days: $0)] }
    }

    private static let calendars = (
        mondayToFriday: Fixtures.businessCalendar(),
        mondayToSaturday: Fixtures.businessCalendar(openWeekdays: Weekday.workweek.union([.saturday])),
        everyDay: Fixtures.businessCalendar(openWeekdays: Fixtures.everyDay),
        // Closed on a Monday, a swapped Saturday and a New Year's Eve, and outside the national
        // calendar's years; open on a holiday and on Sundays; both on one date (closed).
        ownDates: Fixtures.businessCalendar(
            closedDates: Set(
                ["2026-11-30", "2026-10-10", "2025-12-31", "2028-03-01", "2019-05-06"].map(Fixtures.date)),
            openDates: Set(["2026-10-03", "2026-03-08", "2030-06-02", "2028-03-01"].map(Fixtures.date))),
        // No national holidays at all: the branch's own dates are all there is to index.
        ownDatesOnly: Fixtures.businessCalendar(
            national: .plainWeekdays, closedDates: Set(["2027-01-01", "2027-05-03"].map(Fixtures.date)),
            openDates: Set(["2027-01-09", "2027-06-12"].map(Fixtures.date))),
        closedTwentyYears: BusinessCalendar(
            national: closedNational(from: "2026-01-01", through: "2045-12-31"), openWeekdays: [],
            timeZone: Fixtures.shanghai),
        // Open every day but for one long holiday: the business days either side are exactly
        // ten years of searching apart (3,660 days), or one day more.
        gapAtSearchLimit: BusinessCalendar(
            national: closedNational(from: "2027-03-01", days: 3659), openWeekdays: Fixtures.everyDay,
            timeZone: Fixtures.shanghai),
        gapPastSearchLimit: BusinessCalendar(
            national: closedNational(from: "2027-03-01", days: 3660), openWeekdays: Fixtures.everyDay,
            timeZone: Fixtures.shanghai),
        // Opening at 02:30, which does not exist on the spring change day and happens once on
        // the autumn one.
        berlinAtNight: BusinessCalendar(
            national: Fixtures.chinaCalendar, openWeekdays: Fixtures.everyDay, opening: Fixtures.time("02:30"),
            closing: Fixtures.time("17:00"), timeZone: TimeZone(identifier: "Europe/Berlin")!),
        tooWideToIndex: Fixtures.businessCalendar(
            closedDates: Set(["1800-01-02", "2026-12-01", "2300-01-02"].map(Fixtures.date))),
    )

    private static func closedNational(from: String, through: String) -> NationalCalendar {
        NationalCalendar(
            id: "closed-\(from)-\(through)", name: "closed",
            holidays: [NationalCalendar.Holiday(name: "closed", days: Fixtures.days(from, through))],
            swappedWorkdays: [], coveredYears: [])
    }

    private static func closedNational(from: String, days: Int) -> NationalCalendar {
        let first = Fixtures.date(from)
        return closedNational(from: from, through: first.adding(days: days - 1).description)
    }
}
