import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private func year(_ y: Int) -> ClosedRange<LocalDate> {
    LocalDate(year: y, month: 1, day: 1)!...LocalDate(year: y, month: 12, day: 31)!
}

@Suite("BusinessCalendar")
struct BusinessCalendarTests {
    let weekdaysOnly = Fixtures.businessCalendar()
    let weekendOpen = Fixtures.businessCalendar(openWeekdays: Fixtures.everyDay)
    let saturdayOpen = Fixtures.businessCalendar(openWeekdays: Weekday.workweek.union([.saturday]))

    // MARK: - Business days against the official calendar

    @Test(
        "a Monday–Friday branch works exactly the national working days of 2024–2026",
        arguments: [
            (2024, 251), (2025, 248), (2026, 248),
        ])
    func mondayToFridayBranchCount(y: Int, expected: Int) {
        // When the business days of the year are listed
        let days = weekdaysOnly.businessDays(in: year(y))

        // Then they are the national working days
        #expect(days.count == expected)
        #expect(days.allSatisfy { Fixtures.chinaCalendar.isNationalWorkday($0) })
    }

    @Test(
        "a branch open every day of the week works every day that is no public holiday",
        arguments: [
            (2024, 366 - 28), (2025, 365 - 28), (2026, 365 - 33),
        ])
    func everyDayBranchCount(y: Int, expected: Int) {
        #expect(weekendOpen.businessDays(in: year(y)).count == expected)
    }

    @Test(
        "a branch open Monday–Saturday adds the ordinary Saturdays to the national working days",
        arguments: [
            (2024, 295), (2025, 293), (2026, 289),
        ])
    func saturdayBranchCount(y: Int, expected: Int) {
        #expect(saturdayOpen.businessDays(in: year(y)).count == expected)
    }

    @Test("every holiday day is closed, for a weekday branch and a weekend-open branch alike")
    func holidaysClosed() {
        var open: [String] = []
        for holiday in Fixtures.chinaHolidays {
            holiday.days.forEachDay { date in
                if weekdaysOnly.isBusinessDay(date) { open.append("weekday branch \(date)") }
                if weekendOpen.isBusinessDay(date) { open.append("weekend branch \(date)") }
            }
        }
        #expect(open.isEmpty)
    }

    @Test(
        "every swapped weekend workday is open, whatever weekdays the branch lists",
        arguments: Fixtures.chinaSwappedWorkdays)
    func swappedWorkdaysOpen(date: LocalDate) {
        #expect(weekdaysOnly.isBusinessDay(date))
        #expect(weekendOpen.isBusinessDay(date))
        #expect(Fixtures.businessCalendar(openWeekdays: []).isBusinessDay(date))
    }

    @Test(
        "a weekend-open branch opens on ordinary weekends but closes on holiday weekends",
        arguments: [
            ("2026-03-07", true), ("2026-03-08", true), ("2026-11-28", true), ("2026-02-21", false),
            ("2026-02-22", false),
            ("2026-10-03", false), ("2026-10-04", false), ("2025-10-05", false), ("2024-02-10", false),
            ("2026-01-03", false),
        ])
    func weekendOpenBranch(iso: String, open: Bool) {
        // Given a Saturday or Sunday
        let date = day(iso)
        #expect([Weekday.saturday, .sunday].contains(date.weekday))

        // Then the weekend-open branch is open unless it is a public holiday, the weekday branch is closed
        #expect(weekendOpen.isBusinessDay(date) == open)
        #expect(!weekdaysOnly.isBusinessDay(date))
    }

    @Test("a weekday branch is closed on ordinary weekends and open on ordinary weekdays")
    func weekdayBranch() {
        #expect(!weekdaysOnly.isBusinessDay(day("2026-03-07")))
        #expect(!weekdaysOnly.isBusinessDay(day("2026-03-08")))
        #expect(weekdaysOnly.isBusinessDay(day("2026-03-09")))
        #expect(!weekdaysOnly.isBusinessDay(day("2026-02-16")))  // Monday in 春节
    }

    // MARK: - Branch overrides

    @Test("a branch's closed dates close it even on a national working day or a swapped workday")
    func closedDatesOverride() {
        // Given a branch closed on a Monday and on a swapped Saturday workday
        let calendar = Fixtures.businessCalendar(closedDates: [day("2026-11-30"), day("2026-10-10")])

        // Then it is closed on both, and open around them
        #expect(!calendar.isBusinessDay(day("2026-11-30")))
        #expect(!calendar.isBusinessDay(day("2026-10-10")))
        #expect(calendar.isBusinessDay(day("2026-11-27")))
        #expect(calendar.lastBusinessDay(in: Fixtures.days("2026-11-01", "2026-11-30")) == day("2026-11-27"))
    }

    @Test("a branch's open dates open it even on a public holiday or an ordinary Sunday")
    func openDatesOverride() {
        // Given a branch opening on a National Day holiday and on an ordinary Sunday
        let calendar = Fixtures.businessCalendar(openDates: [day("2026-10-03"), day("2026-03-08")])

        // Then it is open on both
        #expect(calendar.isBusinessDay(day("2026-10-03")))
        #expect(calendar.isBusinessDay(day("2026-03-08")))
        #expect(!calendar.isBusinessDay(day("2026-10-04")))
    }

    @Test("a date both closed and opened by the branch is closed")
    func closedBeatsOpen() {
        let calendar = Fixtures.businessCalendar(closedDates: [day("2026-03-08")], openDates: [day("2026-03-08")])
        #expect(!calendar.isBusinessDay(day("2026-03-08")))
    }

    @Test(
        "a year the national calendar does not cover falls back to Monday–Friday",
        arguments: [(2023, 260), (2027, 261)])
    func uncoveredYear(y: Int, expected: Int) {
        // Given years outside the notices
        let days = weekdaysOnly.businessDays(in: year(y))

        // Then every Monday–Friday is a business day (even New Year's Day) and no weekend is
        #expect(days.count == expected)
        #expect(days.allSatisfy { Weekday.workweek.contains($0.weekday) })
        #expect(weekdaysOnly.isBusinessDay(day("2027-01-01")))
        #expect(weekdaysOnly.isBusinessDay(day("2023-10-02")))
        #expect(weekendOpen.businessDays(in: year(2027)).count == 365)
    }

    // MARK: - Searching business days

    @Test("first and last business days of a period skip closed days at either end")
    func firstAndLast() {
        let october = Fixtures.days("2026-10-01", "2026-10-31")
        #expect(weekdaysOnly.firstBusinessDay(in: october) == day("2026-10-08"))
        #expect(weekdaysOnly.lastBusinessDay(in: october) == day("2026-10-30"))
        #expect(weekendOpen.lastBusinessDay(in: october) == day("2026-10-31"))
        let springFestivalWeek = Fixtures.days("2026-02-16", "2026-02-22")
        #expect(weekdaysOnly.firstBusinessDay(in: springFestivalWeek) == nil)
        #expect(weekdaysOnly.lastBusinessDay(in: springFestivalWeek) == nil)
        #expect(weekdaysOnly.businessDays(in: springFestivalWeek).isEmpty)
        #expect(weekendOpen.businessDays(in: springFestivalWeek).isEmpty)
    }

    @Test(
        "the Nth business day of October 2026 counts the swapped Saturday after National Day",
        arguments: [
            (1, "2026-10-08"), (2, "2026-10-09"), (3, "2026-10-10"), (4, "2026-10-12"), (5, "2026-10-13"),
            (18, "2026-10-30"),
            (19, "2026-10-30"), (31, "2026-10-30"),
        ])
    func nthBusinessDay(n: Int, expected: String) {
        #expect(weekdaysOnly.businessDay(n, in: Fixtures.days("2026-10-01", "2026-10-31")) == day(expected))
    }

    @Test(
        "next and previous business days jump over holidays and weekends",
        arguments: [
            ("2026-09-30", "2026-10-08", "2026-09-29"), ("2026-02-13", "2026-02-14", "2026-02-12"),
            ("2026-02-14", "2026-02-24", "2026-02-13"), ("2026-11-27", "2026-11-30", "2026-11-26"),
            ("2026-12-31", "2027-01-01", "2026-12-30"), ("2026-10-08", "2026-10-09", "2026-09-30"),
        ])
    func nextAndPrevious(from: String, next: String, previous: String) {
        #expect(weekdaysOnly.nextBusinessDay(after: day(from)) == day(next))
        #expect(weekdaysOnly.previousBusinessDay(before: day(from)) == day(previous))
    }

    @Test(
        "counting business days after a date starts from that date, or the next business day when it is closed",
        arguments: [
            ("2026-11-23", 0, "2026-11-23"), ("2026-11-23", 3, "2026-11-26"), ("2026-11-27", 1, "2026-11-30"),
            ("2026-11-28", 0, "2026-11-30"), ("2026-11-28", 1, "2026-12-01"), ("2026-02-15", 0, "2026-02-24"),
            ("2026-02-13", 1, "2026-02-14"), ("2026-02-13", 2, "2026-02-24"), ("2026-09-30", 1, "2026-10-08"),
            ("2026-10-01", 1, "2026-10-09"),
        ])
    func businessDayAfter(from: String, count: Int, expected: String) {
        #expect(weekdaysOnly.businessDay(after: day(from), count: count) == day(expected))
    }

    @Test(
        "counting business days before a date",
        arguments: [
            ("2026-11-30", 0, "2026-11-30"), ("2026-11-30", 3, "2026-11-25"), ("2026-10-08", 1, "2026-09-30"),
            ("2026-10-13", 3, "2026-10-09"), ("2026-12-31", 10, "2026-12-17"), ("2026-11-29", 1, "2026-11-27"),
        ])
    func businessDayBefore(from: String, count: Int, expected: String) {
        #expect(weekdaysOnly.businessDay(before: day(from), count: count) == day(expected))
    }

    @Test("business days between two dates count strictly after the first and up to the second")
    func businessDaysBetween() {
        #expect(weekdaysOnly.businessDaysBetween(day("2026-09-30"), day("2026-10-10")) == 3)
        #expect(weekdaysOnly.businessDaysBetween(day("2026-11-27"), day("2026-11-30")) == 1)
        #expect(weekdaysOnly.businessDaysBetween(day("2026-11-30"), day("2026-11-30")) == 0)
        #expect(weekdaysOnly.businessDaysBetween(day("2026-11-30"), day("2026-11-01")) == 0)
        #expect(weekdaysOnly.businessDaysBetween(day("2025-12-31"), day("2026-12-31")) == 248)
    }

    @Test("a calendar closed for more than ten years gives up instead of hanging")
    func closedForever() {
        // Given a national calendar with one holiday of twenty years and a branch open on no weekday
        let national = NationalCalendar(
            id: "closed", name: "closed",
            holidays: [NationalCalendar.Holiday(name: "closed", days: Fixtures.days("2026-01-01", "2045-12-31"))],
            swappedWorkdays: [], coveredYears: [])
        let calendar = BusinessCalendar(national: national, openWeekdays: [], timeZone: Fixtures.shanghai)

        // Then searches end with nil
        #expect(calendar.nextBusinessDay(after: day("2026-01-01")) == nil)
        #expect(calendar.previousBusinessDay(before: day("2045-12-31")) == nil)
        #expect(calendar.businessDay(after: day("2026-01-01"), count: 0) == nil)
        #expect(calendar.businessDay(before: day("2045-12-31"), count: 1) == nil)
    }

    @Test("the default calendar opens 09:00–17:00 on the plain workweek")
    func defaults() {
        let calendar = BusinessCalendar(national: .plainWeekdays, timeZone: Fixtures.shanghai)
        #expect(calendar.opening == TimeOfDay(hour: 9, minute: 0)!)
        #expect(calendar.closing == TimeOfDay(hour: 17, minute: 0)!)
        #expect(calendar.openWeekdays == Weekday.workweek)
        #expect(calendar.closedDates.isEmpty && calendar.openDates.isEmpty)
    }

    // MARK: - Instants

    @Test("opening and closing instants are the branch's wall-clock times in Asia/Shanghai, stored as UTC")
    func shanghaiInstants() {
        let date = day("2026-11-30")
        #expect(weekdaysOnly.closing(on: date) == Fixtures.instant("2026-11-30T09:00:00Z"))
        #expect(weekdaysOnly.opening(on: date) == Fixtures.instant("2026-11-30T00:30:00Z"))
        #expect(weekdaysOnly.instant(date, secondsSinceMidnight: 0) == Fixtures.instant("2026-11-29T16:00:00Z"))
        #expect(weekdaysOnly.instant(date, Fixtures.time("23:59")) == Fixtures.instant("2026-11-30T15:59:00Z"))
    }

    @Test(
        "an instant maps back to the branch-local date and time of day",
        arguments: [
            ("2026-11-30T15:59:59Z", "2026-11-30", 86_399), ("2026-11-30T16:00:00Z", "2026-12-01", 0),
            ("2026-11-30T09:00:00Z", "2026-11-30", 17 * 3600), ("2026-12-31T16:30:00Z", "2027-01-01", 1800),
            ("1969-12-31T15:00:00Z", "1969-12-31", 23 * 3600),
        ])
    func localDateOfInstant(instant: String, local: String, seconds: Int) {
        let at = Fixtures.instant(instant)
        #expect(weekdaysOnly.localDate(of: at) == day(local))
        #expect(weekdaysOnly.secondsSinceLocalMidnight(of: at) == seconds)
    }

    @Test("local dates of instants before 1970 round down to the right day in UTC")
    func negativeInstants() {
        let calendar = BusinessCalendar(national: .plainWeekdays, timeZone: TimeZone(identifier: "UTC")!)
        #expect(calendar.localDate(of: Date(timeIntervalSince1970: -1)) == day("1969-12-31"))
        #expect(calendar.localDate(of: Date(timeIntervalSince1970: -86_400)) == day("1969-12-31"))
        #expect(calendar.localDate(of: Date(timeIntervalSince1970: -86_401)) == day("1969-12-30"))
        #expect(calendar.secondsSinceLocalMidnight(of: Date(timeIntervalSince1970: -1)) == 86_399)
    }

    @Test(
        "instants round-trip through local date and time every day of 2024–2026, across daylight-saving changes",
        arguments: ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"])
    func instantRoundTrip(zone: String) throws {
        // Given a branch in a zone, possibly with daylight saving
        let calendar = BusinessCalendar(national: .plainWeekdays, timeZone: try #require(TimeZone(identifier: zone)))
        var wrong: [String] = []

        // When the 08:30 and 17:00 instants of every day are mapped back
        Fixtures.days("2024-01-01", "2026-12-31").forEachDay { date in
            for time in [Fixtures.opening, Fixtures.closing] {
                let at = calendar.instant(date, time)
                if calendar.localDate(of: at) != date
                    || calendar.secondsSinceLocalMidnight(of: at) != time.secondsSinceMidnight
                {
                    wrong.append("\(date) \(time)")
                }
            }
        }

        // Then they give the same civil date and wall-clock time
        #expect(wrong.isEmpty)
    }

    @Test("a closing time on a daylight-saving change day uses that day's offset")
    func daylightSavingDay() throws {
        let berlin = BusinessCalendar(
            national: .plainWeekdays, timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        // 2026-03-29: clocks go forward at 02:00 (CET → CEST); 2026-10-25: back at 03:00.
        #expect(berlin.closing(on: day("2026-03-29")) == Fixtures.instant("2026-03-29T15:00:00Z"))
        #expect(berlin.closing(on: day("2026-03-28")) == Fixtures.instant("2026-03-28T16:00:00Z"))
        #expect(berlin.closing(on: day("2026-10-25")) == Fixtures.instant("2026-10-25T16:00:00Z"))
        #expect(berlin.opening(on: day("2026-10-25")) == Fixtures.instant("2026-10-25T08:00:00Z"))
    }
}
