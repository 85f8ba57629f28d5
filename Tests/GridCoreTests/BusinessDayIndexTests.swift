import Foundation
import GridCore
import GridTestKit
import Testing

/// The business-day index against walking days one by one, over generated dates: every search
/// and count must give what the walk gives, on both sides of the indexed span, across year
/// ends, and where a search gives up after ten years.
@Suite("Business-day index")
struct BusinessDayIndexTests {
    /// Dates where answers change character: the edges of the calendar's data, the ends of
    /// years around it, and dates drawn from 2015–2050 (and a few from the 1990s).
    private func dates(for calendarCase: CalendarCase, seed: UInt64) -> [LocalDate] {
        var random = SplitMix64(seed: seed)
        var dates = calendarCase.dataEdges
        for year in [2023, 2024, 2025, 2026, 2027, 2028, 2031] {
            let newYear = LocalDate(year: year, month: 1, day: 1)!
            dates += (-2...1).map { newYear.adding(days: $0) }
        }
        let from = Fixtures.date("2015-01-01").dayNumber
        let through = Fixtures.date("2050-12-31").dayNumber
        // Inside a closure of ten years or more, every search of the walk scans ten years of
        // days; the closure's ends are among the edges already, so fewer draws do there.
        let draws = [.closedTwentyYears, .gapAtSearchLimit, .gapPastSearchLimit].contains(calendarCase) ? 20 : 60
        dates += (0..<draws).map { _ in LocalDate(dayNumber: Int.random(in: from...through, using: &random)) }
        dates += (0..<5).map { _ in LocalDate(dayNumber: Int.random(in: 7000...10_000, using: &random)) }
        return dates
    }

    @Test(
        "searching and counting business days from a date gives what walking days gives",
        arguments: CalendarCase.allCases)
    func searches(calendarCase: CalendarCase) {
        // Given a calendar and the same calendar walking days
        let calendar = calendarCase.calendar
        let walking = WalkingCalendar(calendar: calendar)
        var random = SplitMix64(seed: 1)
        var wrong: [String] = []
        func check<T: Equatable>(_ what: @autoclosure () -> String, _ fast: T, _ slow: T) {
            if fast != slow, wrong.count < 20 { wrong.append("\(what()): \(fast) instead of \(slow)") }
        }

        // When every search is asked from every date
        for (n, date) in dates(for: calendarCase, seed: 2).enumerated() {
            check("isBusinessDay(\(date))", calendar.isBusinessDay(date), walking.isBusinessDay(date))
            check("next after \(date)", calendar.nextBusinessDay(after: date), walking.nextBusinessDay(after: date))
            check(
                "previous before \(date)", calendar.previousBusinessDay(before: date),
                walking.previousBusinessDay(before: date))
            var counts = [-1, 0, 1, 2, 3, 5, 13, 64, Int.random(in: 100...400, using: &random)]
            if n % 16 == 0 { counts.append(2600) }
            for count in counts {
                check(
                    "\(count) after \(date)", calendar.businessDay(after: date, count: count),
                    walking.businessDay(after: date, count: count))
                check(
                    "\(count) before \(date)", calendar.businessDay(before: date, count: count),
                    walking.businessDay(before: date, count: count))
            }
            for span in [-3, 0, 1, 6, 7, 40, Int.random(in: 200...900, using: &random), n % 16 == 0 ? 5000 : 365] {
                let other = date.adding(days: span)
                check(
                    "between \(date) and \(other)", calendar.businessDaysBetween(date, other),
                    walking.businessDaysBetween(date, other))
            }
        }

        // Then every answer is the walk's
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test(
        "the business days of a period, its first, last and Nth, are those walking days finds",
        arguments: CalendarCase.allCases)
    func periods(calendarCase: CalendarCase) {
        let calendar = calendarCase.calendar
        let walking = WalkingCalendar(calendar: calendar)
        var random = SplitMix64(seed: 3)
        var wrong: [String] = []
        func check<T: Equatable>(_ what: @autoclosure () -> String, _ fast: T, _ slow: T) {
            if fast != slow, wrong.count < 20 { wrong.append("\(what()): \(fast) instead of \(slow)") }
        }

        for (n, date) in dates(for: calendarCase, seed: 4).enumerated() {
            for length in [0, 1, 6, 30, Int.random(in: 31...400, using: &random)] {
                let period = date...date.adding(days: length)
                check("first in \(period)", calendar.firstBusinessDay(in: period), walking.firstBusinessDay(in: period))
                check("last in \(period)", calendar.lastBusinessDay(in: period), walking.lastBusinessDay(in: period))
                for nth in [-1, 0, 1, 2, 5, 22, 300] {
                    check(
                        "\(nth)th in \(period)", calendar.businessDay(nth, in: period),
                        walking.businessDay(nth, in: period))
                }
                if n % 4 == 0 {
                    check("days of \(period)", calendar.businessDays(in: period), walking.businessDays(in: period))
                }
            }
        }

        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test("every day of 1995–2055 is a business day exactly when the rules say so", arguments: CalendarCase.allCases)
    func everyDay(calendarCase: CalendarCase) {
        let calendar = calendarCase.calendar
        let walking = WalkingCalendar(calendar: calendar)
        var wrong: [LocalDate] = []
        Fixtures.days("1995-01-01", "2055-12-31").forEachDay { date in
            if calendar.isBusinessDay(date) != walking.isBusinessDay(date) { wrong.append(date) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test("business days are counted by running totals across the whole of 2024–2026")
    func runningCount() {
        // Given a Monday–Friday branch, counted from the last day of 2023
        let calendar = CalendarCase.mondayToFriday.calendar
        let start = Fixtures.date("2023-12-31")

        // Then the count up to each day steps by one exactly on business days
        var count = 0
        var wrong: [LocalDate] = []
        Fixtures.days("2024-01-01", "2026-12-31").forEachDay { date in
            if calendar.isBusinessDay(date) { count += 1 }
            if calendar.businessDaysBetween(start, date) != count { wrong.append(date) }
        }
        #expect(wrong.isEmpty)
        #expect(count == 251 + 248 + 248)
    }

    @Test("a search gives up at ten years to the day, not a day earlier or later")
    func searchLimit() {
        // Given branches open every day but across a holiday of 3,659 days, or of 3,660
        let atLimit = CalendarCase.gapAtSearchLimit.calendar
        let pastLimit = CalendarCase.gapPastSearchLimit.calendar
        let before = Fixtures.date("2027-02-28")

        // Then the first finds the day after the holiday, 3,660 days on, and the second gives up
        #expect(atLimit.nextBusinessDay(after: before) == before.adding(days: 3660))
        #expect(atLimit.businessDay(after: before.adding(days: -5), count: 6) == before.adding(days: 3660))
        #expect(atLimit.previousBusinessDay(before: before.adding(days: 3660)) == before)
        #expect(pastLimit.nextBusinessDay(after: before) == nil)
        #expect(pastLimit.businessDay(after: before.adding(days: -5), count: 6) == nil)
        #expect(pastLimit.businessDay(after: before.adding(days: -5), count: 5) == before)
        #expect(pastLimit.businessDay(before: before.adding(days: 3662), count: 2) == nil)
        #expect(pastLimit.businessDay(before: before.adding(days: 3662), count: 1) == before.adding(days: 3661))
        #expect(pastLimit.businessDaysBetween(before.adding(days: -1), before.adding(days: 3661)) == 2)
    }

    @Test("calendars built separately from the same dates answer alike, and unlike a branch with dates of its own")
    func sharing() {
        let first = Fixtures.businessCalendar(closedDates: [Fixtures.date("2026-11-30")])
        let second = Fixtures.businessCalendar(closedDates: [Fixtures.date("2026-11-30")])
        let other = Fixtures.businessCalendar()
        #expect(first.nextBusinessDay(after: Fixtures.date("2026-11-27")) == Fixtures.date("2026-12-01"))
        #expect(second.nextBusinessDay(after: Fixtures.date("2026-11-27")) == Fixtures.date("2026-12-01"))
        #expect(other.nextBusinessDay(after: Fixtures.date("2026-11-27")) == Fixtures.date("2026-11-30"))
    }
}
