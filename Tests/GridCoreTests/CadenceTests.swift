import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private let recurring = Cadence.allCases.filter(\.isRecurring)

@Suite("Cadence")
struct CadenceTests {
    // MARK: - Period of a date

    @Test(
        "the period containing a date has a stable key and the right first and last days",
        arguments: [
            // daily
            (Cadence.daily, "2026-11-23", "2026-11-23", "2026-11-23", "2026-11-23"),
            (.daily, "2028-02-29", "2028-02-29", "2028-02-29", "2028-02-29"),
            // weekly: ISO weeks, Monday to Sunday, keyed by ISO week-year
            (.weekly, "2026-12-31", "2026-W53", "2026-12-28", "2027-01-03"),
            (.weekly, "2027-01-03", "2026-W53", "2026-12-28", "2027-01-03"),
            (.weekly, "2026-12-28", "2026-W53", "2026-12-28", "2027-01-03"),
            (.weekly, "2027-01-04", "2027-W01", "2027-01-04", "2027-01-10"),
            (.weekly, "2024-12-30", "2025-W01", "2024-12-30", "2025-01-05"),
            (.weekly, "2026-01-01", "2026-W01", "2025-12-29", "2026-01-04"),
            (.weekly, "2020-12-31", "2020-W53", "2020-12-28", "2021-01-03"),
            (.weekly, "2026-02-18", "2026-W08", "2026-02-16", "2026-02-22"),
            // monthly: month ends and leap years
            (.monthly, "2028-02-15", "2028-02", "2028-02-01", "2028-02-29"),
            (.monthly, "2026-02-28", "2026-02", "2026-02-01", "2026-02-28"),
            (.monthly, "2026-04-30", "2026-04", "2026-04-01", "2026-04-30"),
            (.monthly, "2026-12-31", "2026-12", "2026-12-01", "2026-12-31"),
            (.monthly, "2027-01-01", "2027-01", "2027-01-01", "2027-01-31"),
            // quarterly
            (.quarterly, "2026-03-31", "2026-Q1", "2026-01-01", "2026-03-31"),
            (.quarterly, "2026-04-01", "2026-Q2", "2026-04-01", "2026-06-30"),
            (.quarterly, "2026-08-15", "2026-Q3", "2026-07-01", "2026-09-30"),
            (.quarterly, "2026-12-31", "2026-Q4", "2026-10-01", "2026-12-31"),
            // half-yearly
            (.halfYearly, "2026-06-30", "2026-H1", "2026-01-01", "2026-06-30"),
            (.halfYearly, "2026-07-01", "2026-H2", "2026-07-01", "2026-12-31"),
            // yearly
            (.yearly, "2028-07-01", "2028", "2028-01-01", "2028-12-31"),
            (.yearly, "2026-12-31", "2026", "2026-01-01", "2026-12-31"),
            // biennial: two calendar years starting on an even year
            (.biennial, "2026-05-01", "2026-2027", "2026-01-01", "2027-12-31"),
            (.biennial, "2027-12-31", "2026-2027", "2026-01-01", "2027-12-31"),
            (.biennial, "2025-03-01", "2024-2025", "2024-01-01", "2025-12-31"),
            (.biennial, "2000-01-01", "2000-2001", "2000-01-01", "2001-12-31"),
        ])
    func periodContaining(cadence: Cadence, date: String, key: String, first: String, last: String) throws {
        // When the period containing the date is asked for
        let period = try #require(cadence.period(containing: day(date)))

        // Then it has the expected key and days, and contains the date
        #expect(period.key == key)
        #expect(period.description == key)
        #expect(period.cadence == cadence)
        #expect(period.days == day(first)...day(last))
        #expect(period.contains(day(date)))
    }

    @Test(
        "period lengths follow month lengths and leap years",
        arguments: [
            (Cadence.monthly, "2028-02-10", 29), (.monthly, "2026-02-10", 28), (.monthly, "2100-02-10", 28),
            (.yearly, "2028-06-01", 366), (.yearly, "2026-06-01", 365), (.quarterly, "2028-01-10", 91),
            (.quarterly, "2026-01-10", 90), (.quarterly, "2026-08-10", 92), (.halfYearly, "2028-03-01", 182),
            (.halfYearly, "2026-03-01", 181), (.halfYearly, "2026-09-01", 184), (.biennial, "2028-01-01", 731),
            (.biennial, "2026-01-01", 730), (.weekly, "2026-12-31", 7), (.daily, "2026-12-31", 1),
        ])
    func periodLengths(cadence: Cadence, date: String, days: Int) {
        #expect(cadence.period(containing: day(date))?.days.days == days)
    }

    @Test("no period is longer than the cadence's maximum, and the maximum is reached", arguments: recurring)
    func maximumDays(cadence: Cadence) {
        // Given every period overlapping 2024–2031 (two leap years, two biennial rounds)
        let periods = cadence.periods(overlapping: Fixtures.days("2024-01-01", "2031-12-31"))

        // Then none exceeds the maximum, and some period has exactly that many days
        let longest = periods.map(\.days.days).max()
        #expect(longest == cadence.maximumDays)
    }

    @Test("ISO week-years have 53 weeks exactly when ISO 8601 says so, 2000–2040")
    func week53Years() {
        // When the weekly periods of 2000–2040 are listed
        let keys = Cadence.weekly.periods(overlapping: Fixtures.days("2000-01-03", "2040-12-30")).map(\.key)

        // Then week 53 exists in exactly these week-years
        let long = keys.filter { $0.hasSuffix("-W53") }.map { String($0.prefix(4)) }
        #expect(long == ["2004", "2009", "2015", "2020", "2026", "2032", "2037"])
    }

    @Test("a triggered cadence has no periods")
    func triggeredHasNoPeriods() {
        #expect(Cadence.triggered.period(containing: day("2026-11-23")) == nil)
        #expect(Cadence.triggered.period(key: "2026-11-23") == nil)
        #expect(Cadence.triggered.periods(overlapping: Fixtures.days("2026-01-01", "2026-12-31")).isEmpty)
        #expect(!Cadence.triggered.isRecurring)
        #expect(recurring.count == 7)
    }

    @Test(
        "months per period",
        arguments: [
            (Cadence.monthly, 1), (.quarterly, 3), (.halfYearly, 6), (.yearly, 12), (.biennial, 24),
        ])
    func monthsPerPeriod(cadence: Cadence, months: Int) {
        #expect(cadence.months == months)
    }

    @Test("daily, weekly and triggered periods are not made of months")
    func noMonths() {
        #expect(Cadence.daily.months == nil && Cadence.weekly.months == nil && Cadence.triggered.months == nil)
    }

    @Test(
        "catalog spellings of cadences",
        arguments: [
            ("daily", Cadence.daily), ("weekly", .weekly), ("monthly", .monthly), ("quarterly", .quarterly),
            ("half-yearly", .halfYearly), ("yearly", .yearly), ("biennial", .biennial), ("triggered", .triggered),
        ])
    func rawValues(text: String, cadence: Cadence) {
        #expect(Cadence(rawValue: text) == cadence)
    }

    // MARK: - Keys

    @Test("every period of 2024–2028 is found again from its key", arguments: recurring)
    func keyRoundTrip(cadence: Cadence) {
        // Given every day of 2024–2028
        var wrong: [String] = []
        Fixtures.days("2024-01-01", "2028-12-31").forEachDay { date in
            // When its period's key is read back
            guard let period = cadence.period(containing: date) else {
                wrong.append("\(date): no period")
                return
            }
            // Then it is the same period
            if cadence.period(key: period.key) != period { wrong.append("\(date): \(period.key)") }
        }
        #expect(wrong.isEmpty)
    }

    @Test(
        "a key that names no period of the cadence is rejected",
        arguments: [
            (Cadence.weekly, "2027-W53"), (.weekly, "2026-W54"), (.weekly, "2026-W00"), (.weekly, "2026W01"),
            (.weekly, "2026-W5"), (.weekly, "2026-11"), (.monthly, "2026-13"), (.monthly, "2026-00"),
            (.monthly, "2026"),
            (.monthly, "2026-Q1"), (.quarterly, "2026-Q5"), (.quarterly, "2026-Q0"), (.quarterly, "2026-H1"),
            (.quarterly, "2026-Q"), (.halfYearly, "2026-H3"), (.halfYearly, "2026-Q1"), (.yearly, "2026-01"),
            (.yearly, "MMXXVI"), (.biennial, "2025-2026"), (.biennial, "2026-2028"), (.biennial, "2026"),
            (.daily, "2026-02-29"), (.daily, "2026-W01"), (.weekly, ""), (.monthly, ""),
        ])
    func rejectedKeys(cadence: Cadence, key: String) {
        #expect(cadence.period(key: key) == nil)
    }

    @Test("week 53 of 2026 runs from 28 December 2026 to 3 January 2027")
    func week53Key() throws {
        let period = try #require(Cadence.weekly.period(key: "2026-W53"))
        #expect(period.days == Fixtures.days("2026-12-28", "2027-01-03"))
    }

    // MARK: - Sequences of periods

    @Test(
        "the period after the last of a year is the first of the next",
        arguments: [
            (Cadence.daily, "2026-12-31", "2027-01-01"), (.weekly, "2026-W53", "2027-W01"),
            (.weekly, "2024-W52", "2025-W01"),
            (.monthly, "2026-12", "2027-01"), (.monthly, "2028-02", "2028-03"), (.quarterly, "2026-Q4", "2027-Q1"),
            (.halfYearly, "2026-H2", "2027-H1"), (.yearly, "2026", "2027"), (.biennial, "2026-2027", "2028-2029"),
        ])
    func periodAfter(cadence: Cadence, key: String, next: String) throws {
        let period = try #require(cadence.period(key: key))
        #expect(cadence.period(after: period)?.key == next)
    }

    @Test(
        "periods overlapping a span are contiguous, gap-free, in order and cover the whole span", arguments: recurring)
    func periodsOverlapping(cadence: Cadence) throws {
        // Given a span starting and ending mid-period
        let span = Fixtures.days("2024-02-15", "2028-11-15")

        // When the periods overlapping it are listed
        let periods = cadence.periods(overlapping: span)

        // Then the first holds the span's start, the last its end, and each starts the day after the previous ends
        let first = try #require(periods.first)
        let last = try #require(periods.last)
        #expect(first.contains(span.lowerBound))
        #expect(last.contains(span.upperBound))
        for (previous, next) in zip(periods, periods.dropFirst()) {
            #expect(next.days.lowerBound == previous.days.upperBound.adding(days: 1), "\(previous) → \(next)")
        }
        #expect(Set(periods.map(\.key)).count == periods.count)
        #expect(periods.allSatisfy { $0.cadence == cadence })
    }

    @Test("a single day overlaps exactly one period of each cadence", arguments: recurring)
    func singleDay(cadence: Cadence) {
        let periods = cadence.periods(overlapping: Fixtures.days("2026-12-31", "2026-12-31"))
        #expect(periods.count == 1)
        #expect(periods.first == cadence.period(containing: day("2026-12-31")))
    }

    @Test(
        "periods overlapping 2026 number as many as the calendar says",
        arguments: [
            (Cadence.daily, 365), (.weekly, 53), (.monthly, 12), (.quarterly, 4), (.halfYearly, 2), (.yearly, 1),
            (.biennial, 1),
        ])
    func periodsIn2026(cadence: Cadence, count: Int) {
        // 2026-01-01 falls in 2026-W01 (from 2025-12-29) and 2026-12-31 in 2026-W53.
        #expect(cadence.periods(overlapping: Fixtures.days("2026-01-01", "2026-12-31")).count == count)
    }
}
