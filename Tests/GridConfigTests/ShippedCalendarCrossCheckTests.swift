import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// The shipped `calendars/cn.yaml` checked day by day against an independent record of
/// China's official holidays, PyPI's `chinesecalendar` (installed by `.ci/run`), read through
/// `scripts/chinese-calendar-dump.py`.
@Suite(
    "The shipped calendar against chinesecalendar",
    .enabled(
        if: ChineseCalendarRecord.shared != nil,
        "python3 with PyPI's chinesecalendar is not installed here (pip install chinesecalendar)")
)
struct ShippedCalendarCrossCheckTests {
    let national: NationalCalendar
    let record: ChineseCalendarRecord

    init() throws {
        let configuration = try ConfigLoader(directory: Repository.schedules).load()
        national = try #require(configuration.calendars["cn"])
        record = try #require(ChineseCalendarRecord.shared)
    }

    private func calendar(open weekdays: Set<Weekday>) -> BusinessCalendar {
        BusinessCalendar(national: national, openWeekdays: weekdays, timeZone: TimeZone(secondsFromGMT: 8 * 3600)!)
    }

    @Test("on a Monday–Friday branch, every day of 2024–2026 is open exactly when the country works")
    func mondayToFriday() {
        let branch = calendar(open: Weekday.workweek)
        var checked = 0
        for (text, day) in record.days {
            let date = LocalDate(iso: text)!
            #expect(branch.isBusinessDay(date) == day.workday, "\(text)")
            checked += 1
        }
        #expect(checked == 1096)
    }

    @Test(
        "on a Monday–Saturday branch, every Saturday of 2024–2026 is open unless it is part of a holiday break, weekend days joined to a holiday included"
    )
    func mondayToSaturday() {
        let branch = calendar(open: Weekday.workweek.union([.saturday]))
        for (text, day) in record.days {
            let date = LocalDate(iso: text)!
            let open = day.workday || (date.weekday == .saturday && !day.holidayBreak)
            #expect(branch.isBusinessDay(date) == open, "\(text) \(date.weekday)")
        }
        // 端午 2024: "6月10日放假，与周末连休" — the Saturday before is part of the break.
        #expect(!branch.isBusinessDay(LocalDate(iso: "2024-06-08")!))
    }

    @Test("清明 computed from the sun's position falls on the published solar term every year from 1901 to 2099")
    func qingmingEveryYear() {
        // 2100's term falls within minutes of midnight, closer than the solar theory's precision.
        for (year, text) in record.qingming where year < 2100 {
            #expect(SolarTerm.qingming.date(in: year) == LocalDate(iso: text), "\(year)")
        }
        #expect(record.qingming.count == 200)
    }

    @Test("the statutory rules, applied to 2025 and 2026, give only days the notices made holidays")
    func statutoryDaysAreOfficialHolidays() {
        for year in [2025, 2026] {
            for rule in national.statutory {
                guard let span = rule.span(in: year) else {
                    Issue.record("\(rule.name) has no days in \(year)")
                    continue
                }
                span.forEachDay { day in
                    #expect(record.days["\(day)"]?.named == true, "\(rule.name) \(day)")
                }
            }
        }
    }
}

/// What `scripts/chinese-calendar-dump.py` prints: every day of 2024–2026 and 清明 of
/// 1901–2100. Nil where python3 or the package is missing.
struct ChineseCalendarRecord: Sendable {
    struct Day: Decodable, Sendable {
        let workday: Bool
        let holidayBreak: Bool
        let named: Bool
    }
    private struct Dump: Decodable {
        let days: [String: Day]
        let qingming: [String: String]
    }

    let days: [String: Day]
    let qingming: [Int: String]

    static let shared: ChineseCalendarRecord? = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "\(Repository.root)/scripts/chinese-calendar-dump.py"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let dump = try? decoder.decode(Dump.self, from: data) else { return nil }
        return ChineseCalendarRecord(
            days: dump.days,
            qingming: Dictionary(
                uniqueKeysWithValues: dump.qingming.compactMap { key, value in Int(key).map { ($0, value) } }))
    }()
}
