import Foundation
import GridTestKit
import Testing

@testable import GridCore

/// The law's days off, computed for a year the State Council has not published yet.
@Suite("Statutory holidays computed by rule")
struct StatutoryHolidayTests {
    /// 全国年节及纪念日放假办法 as in force from 2025, as `calendars/cn.yaml` writes it.
    static let rules: [StatutoryHoliday] = [
        StatutoryHoliday(name: "元旦", anchor: .solar(month: 1, day: 1), days: 1),
        StatutoryHoliday(name: "春节", anchor: .lunar(month: 1, day: 1), offset: -1, days: 4),
        StatutoryHoliday(name: "清明节", anchor: .solarTerm(.qingming), days: 1),
        StatutoryHoliday(name: "劳动节", anchor: .solar(month: 5, day: 1), days: 2),
        StatutoryHoliday(name: "端午节", anchor: .lunar(month: 5, day: 5), days: 1),
        StatutoryHoliday(name: "中秋节", anchor: .lunar(month: 8, day: 15), days: 1),
        StatutoryHoliday(name: "国庆节", anchor: .solar(month: 10, day: 1), days: 3),
    ]

    private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    @Test(
        "the lunar new year, 端午 and 中秋 fall on the dates the almanac gives",
        arguments: [
            (2024, "2024-02-10", "2024-06-10", "2024-09-17"), (2025, "2025-01-29", "2025-05-31", "2025-10-06"),
            (2026, "2026-02-17", "2026-06-19", "2026-09-25"), (2027, "2027-02-06", "2027-06-09", "2027-09-15"),
            (2028, "2028-01-26", "2028-05-28", "2028-10-03"), (2029, "2029-02-13", "2029-06-16", "2029-09-22"),
            (2030, "2030-02-03", "2030-06-05", "2030-09-12"),
        ])
    func lunarDates(year: Int, newYear: String, dragonBoat: String, midAutumn: String) {
        #expect(StatutoryHoliday.lunarDate(month: 1, day: 1, inGregorianYear: year) == day(newYear))
        #expect(StatutoryHoliday.lunarDate(month: 5, day: 5, inGregorianYear: year) == day(dragonBoat))
        #expect(StatutoryHoliday.lunarDate(month: 8, day: 15, inGregorianYear: year) == day(midAutumn))
    }

    @Test(
        "清明 falls on the day the sun reaches 15°, in China Standard Time",
        arguments: [
            (2024, "2024-04-04"), (2025, "2025-04-04"), (2026, "2026-04-05"), (2027, "2027-04-05"),
            (2028, "2028-04-04"), (2029, "2029-04-04"), (2030, "2030-04-05"), (2008, "2008-04-04"),
        ])
    func qingming(year: Int, expected: String) {
        #expect(SolarTerm.qingming.date(in: year) == day(expected))
    }

    @Test("2027's statutory days off are 元旦, 春节 from 除夕, 清明, 劳动节, 端午, 中秋 and 国庆, 13 days in all")
    func year2027() {
        let spans = Self.rules.map { ($0.name, $0.span(in: 2027)) }
        let expected: [(String, String, String)] = [
            ("元旦", "2027-01-01", "2027-01-01"), ("春节", "2027-02-05", "2027-02-08"),
            ("清明节", "2027-04-05", "2027-04-05"), ("劳动节", "2027-05-01", "2027-05-02"),
            ("端午节", "2027-06-09", "2027-06-09"), ("中秋节", "2027-09-15", "2027-09-15"),
            ("国庆节", "2027-10-01", "2027-10-03"),
        ]
        for ((name, span), (expectedName, from, to)) in zip(spans, expected) {
            #expect(name == expectedName)
            #expect(span == day(from)...day(to), "\(name)")
        }
        #expect(spans.compactMap(\.1).reduce(0) { $0 + $1.days } == 13)
    }

    @Test(
        "a calendar computes the years after its last notice, marks them, and names the days; a covered year stays as published"
    )
    func calendarComputesUncoveredYears() {
        // Given a calendar whose last notice is 2026
        let calendar = NationalCalendar(
            id: "cn", name: "cn", holidays: [.init(name: "元旦", days: day("2026-01-01")...day("2026-01-03"))],
            swappedWorkdays: [], coveredYears: [2026], statutory: Self.rules)

        // Then 2027 to 2031 are computed, 2026 and 2032 are not
        #expect(calendar.computedYears == Set(2027...2031))
        #expect(!calendar.isComputed(year: 2026) && !calendar.covers(year: 2027))
        // And 2027-01-01, a holiday fixed by law, is closed while 2026-05-01 (no notice entry) is not
        #expect(calendar.holidayName(on: day("2027-01-01")) == "元旦")
        #expect(!calendar.isNationalWorkday(day("2027-01-01")))
        #expect(calendar.isNationalWorkday(day("2026-05-01")))
        #expect(calendar.holidays.filter(\.isComputed).allSatisfy { $0.days.lowerBound.year >= 2027 })
        // And a calendar without rules computes nothing
        let plain = NationalCalendar(id: "x", name: "x", holidays: [], swappedWorkdays: [], coveredYears: [2026])
        #expect(plain.computedYears.isEmpty && plain.isNationalWorkday(day("2027-01-01")))
    }

    @Test(
        "a missing notice is reported from 1 December for the next year, and every day once in it",
        arguments: [
            ("2026-11-30", [Int]()), ("2026-12-01", [2027]), ("2026-12-31", [2027]), ("2027-01-01", [2027]),
            ("2027-06-15", [2027]), ("2027-12-04", [2027, 2028]), ("2026-06-15", [Int]()),
        ])
    func missingNotices(today: String, expected: [Int]) {
        let calendar = NationalCalendar(
            id: "cn", name: "cn", holidays: [], swappedWorkdays: [], coveredYears: [2025, 2026], statutory: Self.rules)
        #expect(calendar.missingNotices(on: day(today)) == expected)
    }
}
