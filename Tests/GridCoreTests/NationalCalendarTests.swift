import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private func year(_ y: Int) -> ClosedRange<LocalDate> {
    LocalDate(year: y, month: 1, day: 1)!...LocalDate(year: y, month: 12, day: 31)!
}

@Suite("NationalCalendar (China, 2024–2026)")
struct NationalCalendarTests {
    let national = Fixtures.chinaCalendar

    /// Working days per year, counted by hand from the State Council notices: Monday–Friday
    /// days that are no holiday, plus the swapped weekend workdays.
    /// 2024: 262 weekdays − 19 holiday weekdays + 8 swapped = 251;
    /// 2025: 261 − 18 + 5 = 248; 2026: 261 − 19 + 6 = 248.
    @Test(
        "the number of national working days per year matches the official notices",
        arguments: [
            (2024, 251), (2025, 248), (2026, 248),
        ])
    func workingDaysPerYear(y: Int, expected: Int) {
        // Given the calendar, When the working days of the year are counted
        var count = 0
        year(y).forEachDay { if national.isNationalWorkday($0) { count += 1 } }

        // Then the count is the official one
        #expect(count == expected)
    }

    @Test(
        "the per-year count agrees with an independent count from the raw notice data and Foundation's weekdays",
        arguments: [2024, 2025, 2026])
    func workingDaysAgreeWithIndependentCount(y: Int) {
        // Given the raw holiday spans and swapped workdays, and Foundation's Gregorian weekdays
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        var holidayDays: Set<Int> = []
        for holiday in Fixtures.chinaHolidays {
            for n in holiday.days.lowerBound.dayNumber...holiday.days.upperBound.dayNumber { holidayDays.insert(n) }
        }
        let swapped = Set(Fixtures.chinaSwappedWorkdays.map(\.dayNumber))

        // When both count the year
        var independent = 0
        var viaCalendar = 0
        year(y).forEachDay { date in
            let weekday = gregorian.component(
                .weekday, from: Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400))
            let isWeekday = (2...6).contains(weekday)
            if !holidayDays.contains(date.dayNumber) && (isWeekday || swapped.contains(date.dayNumber)) {
                independent += 1
            }
            if national.isNationalWorkday(date) { viaCalendar += 1 }
        }

        // Then they agree
        #expect(viaCalendar == independent)
    }

    @Test("every day of every holiday span is a holiday and no working day, whatever its weekday")
    func holidaysAreClosed() {
        var wrong: [LocalDate] = []
        for holiday in national.holidays {
            holiday.days.forEachDay { date in
                if !national.isHoliday(date) || national.isNationalWorkday(date)
                    || national.holidayName(on: date) != holiday.name
                {
                    wrong.append(date)
                }
            }
        }
        #expect(wrong.isEmpty)
        #expect(national.holidays.count == 20)
    }

    @Test(
        "holiday days per year: the spans include the weekends inside them",
        arguments: [
            (2024, 28), (2025, 28), (2026, 33),
        ])
    func holidayDaysPerYear(y: Int, expected: Int) {
        var count = 0
        year(y).forEachDay { if national.isHoliday($0) { count += 1 } }
        #expect(count == expected)
    }

    @Test("every swapped workday is a Saturday or Sunday on which the country works")
    func swappedWorkdaysAreWeekendWorkingDays() {
        #expect(national.swappedWorkdays.count == 19)
        for date in national.swappedWorkdays.sorted() {
            #expect([Weekday.saturday, .sunday].contains(date.weekday), "\(date) is a \(date.weekday)")
            #expect(national.isNationalWorkday(date), "\(date)")
            #expect(!national.isHoliday(date), "\(date)")
        }
    }

    @Test(
        "holiday names are looked up by date",
        arguments: [
            ("2026-02-17", "春节"), ("2026-02-21", "春节"), ("2025-10-06", "国庆节、中秋节"), ("2024-06-10", "端午节"),
            ("2026-01-03", "元旦"), ("2024-09-16", "中秋节"),
        ])
    func holidayNames(iso: String, name: String) {
        #expect(national.holidayName(on: day(iso)) == name)
        #expect(national.isHoliday(day(iso)))
    }

    @Test(
        "ordinary days carry no holiday name",
        arguments: ["2026-06-22", "2026-02-14", "2026-02-24", "2026-11-30", "2027-01-01"])
    func ordinaryDays(iso: String) {
        #expect(national.holidayName(on: day(iso)) == nil)
        #expect(!national.isHoliday(day(iso)))
    }

    @Test("ordinary weekends are not working days and ordinary weekdays are")
    func ordinaryWeekendsAndWeekdays() {
        #expect(!national.isNationalWorkday(day("2026-03-07")))  // Saturday
        #expect(!national.isNationalWorkday(day("2026-03-08")))  // Sunday
        #expect(national.isNationalWorkday(day("2026-03-09")))  // Monday
        #expect(national.isNationalWorkday(day("2026-02-14")))  // Saturday, 春节调休
        #expect(!national.isNationalWorkday(day("2026-02-16")))  // Monday, 春节
    }

    @Test(
        "the calendar covers 2024–2026 and reports other years as uncovered",
        arguments: [
            (2023, false), (2024, true), (2025, true), (2026, true), (2027, false),
        ])
    func coveredYears(y: Int, covered: Bool) {
        #expect(national.covers(year: y) == covered)
    }

    @Test("an uncovered year falls back to a plain Monday–Friday week", arguments: [(2023, 260), (2027, 261)])
    func uncoveredYearIsMondayToFriday(y: Int, weekdays: Int) {
        // Given a year the notices do not cover
        var count = 0
        var wrong: [LocalDate] = []
        year(y).forEachDay { date in
            if national.isNationalWorkday(date) { count += 1 }
            if national.isNationalWorkday(date) != Weekday.workweek.contains(date.weekday) { wrong.append(date) }
        }
        // Then every Monday–Friday works, including New Year's Day, and no weekend does
        #expect(wrong.isEmpty)
        #expect(count == weekdays)
        #expect(national.isNationalWorkday(day("2027-01-01")))
    }

    @Test("the plain weekday calendar has no holidays and covers no year")
    func plainWeekdays() {
        let plain = NationalCalendar.plainWeekdays
        #expect(plain.holidays.isEmpty && plain.swappedWorkdays.isEmpty)
        #expect(!plain.covers(year: 2026))
        #expect(plain.isNationalWorkday(day("2026-10-01")))
        #expect(!plain.isNationalWorkday(day("2026-10-10")))
    }
}
