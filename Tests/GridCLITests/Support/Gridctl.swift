import Foundation
import GridTestKit
import Testing

/// The built `gridctl`, run as a user runs it: always on a scratch database of its own, on
/// the shipped schedules (or a copy), and at a fixed `--now` so nothing depends on today.
struct Gridctl {
    /// Monday 2026-11-23, mid-morning: the example branch is open, tracking began on 11-01.
    static let monday = "2026-11-23T10:00"

    let directory: TemporaryDirectory
    let config: String
    let runner: ProcessRunner

    var database: String { directory.file("g.sqlite") }

    /// A fresh database on the shipped schedules, or on `config`.
    init(config: String? = nil, directory: TemporaryDirectory = TemporaryDirectory("gridctl-cli")) throws {
        let runner = ProcessRunner("gridctl")
        try #require(
            FileManager.default.isExecutableFile(atPath: runner.executable),
            "gridctl is not built at \(runner.executable) (products: \(Repository.productsDirectory))")
        self.runner = runner
        self.directory = directory
        self.config = config ?? Repository.schedules
    }

    /// A fresh database on a copy of the shipped schedules that `edit` may change.
    static func onCopy(_ edit: (_ schedules: String) throws -> Void) throws -> Gridctl {
        let directory = TemporaryDirectory("gridctl-cli")
        let schedules = directory.file("schedules")
        try Repository.copySchedules(to: schedules)
        try edit(schedules)
        return try Gridctl(config: schedules, directory: directory)
    }

    /// A fresh database on a copy of the shipped schedules whose file `relative` has each
    /// `(old, new)` replaced; a replacement that finds nothing fails the test.
    static func onCopy(
        editing relative: String, _ replacements: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Gridctl {
        try onCopy { schedules in
            try editFile("\(schedules)/\(relative)", sourceLocation: sourceLocation) { text in
                replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            }
        }
    }

    /// Rewrites a file through `change`, which must change something.
    static func editFile(
        _ path: String, sourceLocation: SourceLocation = #_sourceLocation, _ change: (String) -> String
    ) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = change(text)
        try #require(changed != text, "nothing to change in \(path)", sourceLocation: sourceLocation)
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Runs `arguments` with `--config`, `--db` and `--now`; any outcome.
    /// The database is a simulation one, created on first use, so that `--now` and `--by`
    /// play any instant and any part.
    func run(_ arguments: [String], now: String = Gridctl.monday) throws -> ProcessRunner.Result {
        try createSimulation()
        return Self.withoutSimulationNotice(
            try runner.run(arguments + ["--config", config, "--db", database, "--now", now]))
    }

    /// The line every command that opens a simulation database prints on stderr.
    var simulationNotice: String {
        "gridctl: \(database) is a simulation database; nothing in it is a record of real work"
    }

    /// A result with the simulation notice taken out of stderr, so that tests of a
    /// command's own messages read them alone (`SimulationTests` checks the notice).
    static func withoutSimulationNotice(_ result: ProcessRunner.Result) -> ProcessRunner.Result {
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter {
            !($0.hasPrefix("gridctl: ")
                && $0.hasSuffix(" is a simulation database; nothing in it is a record of real work"))
        }
        return ProcessRunner.Result(
            status: result.status, stdout: result.stdout, stderr: kept.joined(separator: "\n"),
            signalled: result.signalled)
    }

    /// Creates the scratch database as a simulation one, if it does not exist yet.
    func createSimulation() throws {
        guard !FileManager.default.fileExists(atPath: database) else { return }
        let created = try runner.run(["migrate", "--simulation", "--db", database])
        try #require(created.status == 0, "migrate --simulation failed: \(created.stderr)")
    }

    /// Runs and requires a clean exit; returns stdout.
    @discardableResult
    func succeed(
        _ arguments: [String], now: String = Gridctl.monday, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let result = try run(arguments, now: now)
        try #require(
            result.status == 0 && !result.signalled,
            "gridctl \(arguments.joined(separator: " ")) --now \(now) exited \(result.status): \(result.stderr)",
            sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs a listing (`due`, `overdue`) with `--format json` and decodes its items.
    func items(
        _ arguments: [String], now: String = Gridctl.monday, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [Item] {
        let json = try succeed(arguments + ["--format", "json"], now: now, sourceLocation: sourceLocation)
        return try Item.decoder.decode([Item].self, from: Data(json.utf8))
    }

    /// `show <reference> --format json`, decoded.
    func detail(
        _ reference: String, now: String = Gridctl.monday, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Detail {
        let json = try succeed(["show", reference, "--format", "json"], now: now, sourceLocation: sourceLocation)
        return try Item.decoder.decode(Detail.self, from: Data(json.utf8))
    }

    /// The one item of `duty` in a listing, by subject when the duty has several.
    func item(
        _ duty: String, subject: String? = nil, listing: String = "due", now: String = Gridctl.monday,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Item {
        let found = try items([listing, "--duty", duty], now: now, sourceLocation: sourceLocation)
            .filter { subject == nil || $0.subject == subject }
        try #require(
            found.count == 1, "expected one \(duty) in `\(listing)`, got \(found.count)", sourceLocation: sourceLocation
        )
        return found[0]
    }
}

/// One occurrence as `due`/`overdue --format json` print it (the stable field set).
struct Item: Decodable, Hashable, CustomStringConvertible {
    static let fieldNames: Set<String> = [
        "id", "branch", "duty", "title", "line", "cadence", "period", "subject", "subject_name", "owner",
        "owner_name", "owner_role", "unassigned", "status", "period_start", "remind_at", "deadline", "quota",
        "done_count",
    ]

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    let id: Int64
    let branch: String
    let duty: String
    let title: String
    let line: String
    let cadence: String
    let period: String
    let subject: String
    let subjectName: String
    let owner: String?
    let ownerName: String
    let ownerRole: String
    let unassigned: Bool
    let status: String
    let periodStart: String
    let remindAt: String
    let deadline: String
    let quota: Int
    let doneCount: Int

    /// What identifies an occurrence: branch, duty, subject and period.
    var key: String { "\(branch)/\(duty)/\(subject)/\(period)" }

    var description: String { "#\(id) \(key) → \(owner ?? "-")" }
}

/// `show --format json`.
struct Detail: Decodable {
    struct Entry: Decodable {
        let at: String
        let kind: String
        let by: String?
        let note: String?
        let late: Bool?
    }

    /// A two-person check's second person: who may confirm, who recorded, who confirmed.
    struct Confirmation: Decodable {
        struct Confirmed: Decodable {
            let by: String
            let at: String
            let login: String?
            let note: String?
        }

        let roles: [String]
        let recordedBy: [String]
        let confirmed: [Confirmed]
    }

    let occurrence: Item
    let completions: [Entry]
    let events: [Entry]
    let supervisors: [String]
    let confirmation: Confirmation?
}

/// The key sets of the objects of a JSON array, to check field names exactly.
func jsonKeySets(_ json: String) throws -> [Set<String>] {
    let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    return array.map { Set($0.keys) }
}

// MARK: - What the test computes on its own

/// A calendar day, for computing expected deadlines without the code under test.
struct Day: Hashable, Comparable, CustomStringConvertible {
    private static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    let year: Int
    let month: Int
    let day: Int

    init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(_ text: String) {
        let parts = text.split(separator: "-").map { Int($0)! }
        self.init(parts[0], parts[1], parts[2])
    }

    private var date: Date { Day.gregorian.date(from: DateComponents(year: year, month: month, day: day))! }

    func adding(days: Int) -> Day {
        let c = Day.gregorian.dateComponents(
            [.year, .month, .day], from: Day.gregorian.date(byAdding: .day, value: days, to: date)!)
        return Day(c.year!, c.month!, c.day!)
    }

    /// 1 = Sunday … 7 = Saturday.
    var weekday: Int { Day.gregorian.component(.weekday, from: date) }
    var weekdayLabel: String { ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][weekday - 1] }

    var isoWeek: String {
        var iso = Calendar(identifier: .iso8601)
        iso.timeZone = TimeZone(identifier: "UTC")!
        let c = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return String(format: "%04d-W%02d", c.yearForWeekOfYear!, c.weekOfYear!)
    }

    var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// The last day of a month.
    static func lastOf(_ year: Int, _ month: Int) -> Day {
        (month == 12 ? Day(year + 1, 1, 1) : Day(year, month + 1, 1)).adding(days: -1)
    }
}

/// The example branch's business days, read by hand from `branches/example.yaml` and
/// `calendars/cn.yaml`: open Monday to Saturday; closed on the 2026 national holidays; 2027
/// has no notice yet, so closed on its statutory days only (元旦 01-01; 春节 from 除夕 02-05,
/// 4 days; 清明 04-05; 劳动节 05-01, 2 days; 端午 06-09; 中秋 09-15; 国庆 10-01, 3 days).
enum ExampleBranchDays {
    static let holidays: Set<Day> = {
        let spans = [
            ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
            ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
            ("2026-10-01", "2026-10-07"),
            ("2027-01-01", "2027-01-01"), ("2027-02-05", "2027-02-08"), ("2027-04-05", "2027-04-05"),
            ("2027-05-01", "2027-05-02"), ("2027-06-09", "2027-06-09"), ("2027-09-15", "2027-09-15"),
            ("2027-10-01", "2027-10-03"),
        ]
        var days: Set<Day> = []
        for (from, to) in spans {
            var day = Day(from)
            while day <= Day(to) {
                days.insert(day)
                day = day.adding(days: 1)
            }
        }
        return days
    }()
    static let swappedWorkdays: Set<Day> = [Day("2026-01-04"), Day("2026-09-20")]

    static func isOpen(_ day: Day) -> Bool {
        if swappedWorkdays.contains(day) { return true }
        return day.weekday != 1 && !holidays.contains(day)
    }

    static func lastOpenDay(_ from: Day, through last: Day) -> Day {
        var day = last
        while !isOpen(day) {
            day = day.adding(days: -1)
            precondition(day >= from, "closed for the whole period")
        }
        return day
    }

    static func openDays(_ from: Day, through last: Day) -> [Day] {
        var days: [Day] = []
        var day = from
        while day <= last {
            if isOpen(day) { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    /// The business day `count` business days after `day`.
    static func adding(businessDays count: Int, to day: Day) -> Day {
        var result = day
        var left = count
        while left > 0 {
            result = result.adding(days: 1)
            if isOpen(result) { left -= 1 }
        }
        return result
    }

    /// The RFC 3339 closing instant (17:00, UTC+8) of a day, as the JSON prints deadlines.
    static func closing(_ day: Day) -> String { "\(day)T17:00:00+08:00" }
}

// MARK: - Text helpers

/// Terminal columns of a string: CJK and fullwidth characters take two.
func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let v = scalar.value
        let wide =
            (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return width + (wide ? 2 : 1)
    }
}

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" {
                    field.append("\"")
                    chars.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" && field.isEmpty {
            quoted = true
        } else if c == "," {
            record.append(field)
            field = ""
        } else if c == "\n" || c == "\r\n" {
            record.append(field)
            records.append(record)
            record = []
            field = ""
        } else {
            field.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        record.append(field)
        records.append(record)
    }
    return records
}

func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}
