import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private let utc = TimeZone(identifier: "UTC")!

private var gregorianUTC: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = utc
    return calendar
}

private var isoUTC: Calendar {
    var calendar = Calendar(identifier: .iso8601)
    calendar.timeZone = utc
    return calendar
}

@Suite("LocalDate")
struct LocalDateTests {
    // MARK: - Components

    @Test(
        "every day from 1900 to 2100 round-trips through its components exactly as Foundation's Gregorian calendar says"
    )
    func componentsMatchFoundation() {
        // Given Foundation's Gregorian calendar in UTC and every day of 1900–2100
        let calendar = gregorianUTC
        let first = LocalDate(year: 1900, month: 1, day: 1)!
        let last = LocalDate(year: 2100, month: 12, day: 31)!
        var mismatches: [String] = []

        // When each day number is converted both ways
        for n in first.dayNumber...last.dayNumber {
            let date = LocalDate(dayNumber: n)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: TimeInterval(n) * 86_400))
            let (y, m, d) = date.components
            let foundationWeekday = Weekday.allCases[(parts.weekday! + 5) % 7]  // Foundation: 1 = Sunday
            if y != parts.year || m != parts.month || d != parts.day || date.year != y || date.month != m
                || date.day != d || date.weekday != foundationWeekday
                || LocalDate(year: y, month: m, day: d)?.dayNumber != n
                || LocalDate(iso: date.description)?.dayNumber != n
            {
                mismatches.append("day \(n): \(date) vs \(parts)")
            }
            if mismatches.count > 10 { break }
        }

        // Then nothing differs
        #expect(mismatches.isEmpty)
        #expect(first.dayNumber == -25_567)
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01")
    }

    @Test(
        "1970-01-01 was a Thursday and weekdays run Monday first",
        arguments: [
            ("1970-01-01", Weekday.thursday), ("1969-12-31", .wednesday), ("2026-11-30", .monday),
            ("2026-02-21", .saturday), ("2026-02-22", .sunday), ("2000-01-01", .saturday), ("1900-01-01", .monday),
        ])
    func weekdays(iso: String, expected: Weekday) {
        #expect(day(iso).weekday == expected)
    }

    @Test("weekday indexes count from Monday = 0 to Sunday = 6")
    func weekdayIndexes() {
        #expect(Weekday.allCases.map(\.index) == Array(0...6))
        #expect(Weekday.monday.rawValue == "mon" && Weekday.sunday.rawValue == "sun")
        #expect(Weekday.workweek == [.monday, .tuesday, .wednesday, .thursday, .friday])
    }

    // MARK: - Validation

    @Test(
        "an impossible date is rejected",
        arguments: [
            (2026, 2, 29), (2100, 2, 29), (1900, 2, 29), (2026, 13, 1), (2026, 0, 10), (2026, 4, 31), (2026, 6, 0),
            (2026, 1, 32), (2026, -1, 1),
        ])
    func impossibleDates(year: Int, month: Int, day: Int) {
        #expect(LocalDate(year: year, month: month, day: day) == nil)
    }

    @Test("a leap day of a leap year is accepted", arguments: [2028, 2000, 2024, 1600])
    func leapDays(year: Int) throws {
        let date = try #require(LocalDate(year: year, month: 2, day: 29))
        #expect(date.components == (year, 2, 29))
        #expect(date.adding(days: 1).components == (year, 3, 1))
    }

    @Test(
        "ISO text parses only well-formed, existing YYYY-MM-DD dates",
        arguments: [
            "2026-02-29", "2100-02-29", "2026-13-01", "2026-00-01", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01",
            "2026-01-01T00:00", "", "2026-01", "2026-01-01-01", "abcd-ef-gh", " 2026-01-01",
            "2026-01-01-", "2026--1-01", "-026-01-01", "２０２６-01-01", "2026-01-0１", "+202-01-01",
            "99999999999999999999999999-01-01", "2026-01-99999999999999999999999999", "20260-01-01",
        ])
    func rejectedISOText(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test(
        "ISO text of existing dates parses to the same components",
        arguments: [
            ("2028-02-29", 2028, 2, 29), ("2000-02-29", 2000, 2, 29), ("2026-12-31", 2026, 12, 31),
            ("1900-01-01", 1900, 1, 1),
        ])
    func acceptedISOText(text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(LocalDate(iso: text))
        #expect(date.components == (year, month, day))
        #expect(date.description == text)
    }

    @Test(
        "leap years follow the Gregorian rule",
        arguments: [
            (2024, true), (2026, false), (2028, true), (2000, true), (1900, false), (2100, false), (2400, true),
        ])
    func leapYears(year: Int, leap: Bool) {
        #expect(LocalDate.isLeap(year) == leap)
        #expect(LocalDate.daysIn(month: 2, year: year) == (leap ? 29 : 28))
    }

    @Test("month lengths are 31, 30 or February's")
    func monthLengths() {
        #expect(
            (1...12).map { LocalDate.daysIn(month: $0, year: 2026) } == [
                31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
            ])
        #expect((1...12).map { LocalDate.daysIn(month: $0, year: 2028) }.reduce(0, +) == 366)
    }

    // MARK: - Arithmetic

    @Test(
        "adding months keeps the day, clamped to the target month's length",
        arguments: [
            ("2026-01-31", 1, "2026-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2000-01-31", 1, "2000-02-29"),
            ("2100-01-31", 1, "2100-02-28"), ("2026-03-31", -1, "2026-02-28"), ("2026-08-31", 1, "2026-09-30"),
            ("2026-12-15", 1, "2027-01-15"), ("2026-01-15", -1, "2025-12-15"), ("2026-01-31", 12, "2027-01-31"),
            ("2024-02-29", 12, "2025-02-28"), ("2026-05-31", -24, "2024-05-31"), ("2026-11-30", 0, "2026-11-30"),
            ("1970-01-31", -1, "1969-12-31"), ("2026-10-31", 4, "2027-02-28"),
        ])
    func addingMonths(from: String, months: Int, expected: String) {
        #expect(day(from).adding(months: months) == day(expected))
    }

    @Test("adding days crosses month, year and leap-day boundaries")
    func addingDays() {
        #expect(day("2026-12-31").adding(days: 1) == day("2027-01-01"))
        #expect(day("2028-02-28").adding(days: 1) == day("2028-02-29"))
        #expect(day("2026-02-28").adding(days: 1) == day("2026-03-01"))
        #expect(day("2026-03-01").adding(days: -1) == day("2026-02-28"))
        #expect(day("1970-01-01").adding(days: -1) == day("1969-12-31"))
        #expect(day("2026-01-01").adding(days: 365) == day("2027-01-01"))
        #expect(day("2028-01-01").adding(days: 366) == day("2029-01-01"))
    }

    @Test("dates order by day number and describe themselves zero-padded")
    func orderingAndDescription() {
        #expect(day("2026-11-30") < day("2026-12-01"))
        #expect(day("2025-12-31") < day("2026-01-01"))
        #expect(!(day("2026-01-01") < day("2026-01-01")))
        #expect(LocalDate(year: 2026, month: 1, day: 5)!.description == "2026-01-05")
        #expect(LocalDate(year: 987, month: 6, day: 7)!.description == "0987-06-07")
    }

    @Test("a closed range of dates counts and visits each of its days in order")
    func rangeOfDays() {
        // Given the days of February 2028
        let february = Fixtures.days("2028-02-01", "2028-02-29")
        var visited: [LocalDate] = []

        // When they are walked
        february.forEachDay { visited.append($0) }

        // Then there are 29 of them, consecutive
        #expect(february.days == 29)
        #expect(visited.count == 29)
        #expect(visited.first == day("2028-02-01") && visited.last == day("2028-02-29"))
        #expect(zip(visited, visited.dropFirst()).allSatisfy { $1.dayNumber == $0.dayNumber + 1 })
        #expect(Fixtures.days("2026-11-30", "2026-11-30").days == 1)
    }

    // MARK: - ISO weeks

    @Test(
        "ISO week-year and week number of the boundary days",
        arguments: [
            ("2026-12-31", 2026, 53), ("2027-01-01", 2026, 53), ("2027-01-03", 2026, 53), ("2027-01-04", 2027, 1),
            ("2026-12-28", 2026, 53), ("2020-12-31", 2020, 53), ("2021-01-03", 2020, 53), ("2021-01-04", 2021, 1),
            ("2024-12-30", 2025, 1), ("2024-12-29", 2024, 52), ("2025-12-29", 2026, 1), ("2026-01-01", 2026, 1),
            ("2026-01-04", 2026, 1), ("2026-01-05", 2026, 2), ("2026-02-16", 2026, 8), ("2010-01-03", 2009, 53),
        ])
    func isoWeeks(iso: String, weekYear: Int, week: Int) {
        #expect(day(iso).isoWeek == (weekYear, week))
    }

    @Test("ISO weeks agree with Foundation's ISO 8601 calendar for every day from 2000 to 2040")
    func isoWeeksMatchFoundation() {
        // Given Foundation's ISO 8601 calendar in UTC
        let calendar = isoUTC
        var mismatches: [String] = []

        // When every day of 2000–2040 is compared
        Fixtures.days("2000-01-01", "2040-12-31").forEachDay { date in
            let parts = calendar.dateComponents(
                [.yearForWeekOfYear, .weekOfYear],
                from: Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400))
            if date.isoWeek != (parts.yearForWeekOfYear!, parts.weekOfYear!), mismatches.count < 10 {
                mismatches.append("\(date): \(date.isoWeek) vs \(parts)")
            }
        }

        // Then they agree throughout
        #expect(mismatches.isEmpty)
    }
}

@Suite("TimeOfDay")
struct TimeOfDayTests {
    @Test(
        "HH:MM parses into hours and minutes",
        arguments: [
            ("08:30", 8, 30), ("17:00", 17, 0), ("0:05", 0, 5), ("23:59", 23, 59), ("9:00", 9, 0),
        ])
    func parses(text: String, hour: Int, minute: Int) throws {
        let time = try #require(TimeOfDay(text))
        #expect(time.hour == hour && time.minute == minute)
        #expect(time.secondsSinceMidnight == hour * 3600 + minute * 60)
    }

    @Test(
        "a malformed or impossible time is rejected",
        arguments: [
            "24:00", "12:60", "8:5", "0830", "08:30:00", "", ":30", "-1:30", "123:00", "ab:cd",
        ])
    func rejects(text: String) {
        #expect(TimeOfDay(text) == nil)
    }

    @Test("times order by the clock and print zero-padded")
    func orderAndDescription() {
        #expect(TimeOfDay("08:30")! < TimeOfDay("17:00")!)
        #expect(TimeOfDay("8:05")!.description == "08:05")
        #expect(TimeOfDay(hour: 24, minute: 0) == nil)
        #expect(TimeOfDay(hour: 0, minute: -1) == nil)
    }
}
