import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// `integrity.yaml`: the shipped table as it loads, the version in force on a day, and every
/// problem a broken table can have, reported with its file, line and field.
@Suite("The integrity table (integrity.yaml)")
struct IntegrityTableTests {
    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    static func shippedTable() throws -> IntegrityTable {
        let configuration = try ConfigLoader(directory: Repository.schedules).load()
        return try #require(configuration.integrity, "the shipped schedules have no integrity table")
    }

    // MARK: The shipped table

    @Test("the shipped table loads with its two versions, 2026 from January and 2026-07 from July")
    func shippedVersions() throws {
        let table = try Self.shippedTable()
        #expect(table.versions.map(\.version) == ["2026", "2026-07"])
        #expect(table.versions.map(\.effective) == [Self.date("2026-01-01"), Self.date("2026-07-01")])
        for version in table.versions {
            #expect(version.baseline == [.person: 100, .branch: 100])
            #expect(version.bands[.person] == IntegrityBands(minimums: [.yellow: 80, .blue: 90, .green: 100]))
            #expect(version.bands[.branch] == IntegrityBands(minimums: [.yellow: 85, .blue: 95, .green: 100]))
        }
    }

    @Test("the shipped items are read with their kind, module, points, cap, source, authority and red-line effects")
    func shippedItems() throws {
        let version = try #require(try Self.shippedTable().version(named: "2026"))
        let missed = try #require(version.rule("duty.missed"))
        #expect(
            missed
                == IntegrityRule(
                    id: "duty.missed", kind: .base, module: .compliance, text: "履职事项到期未完成", points: -2,
                    appliesTo: .person, yearlyCap: 30, source: .duty(outcome: .missed, line: nil, duty: nil),
                    clause: "基础项:应履职未履职"))
        #expect(version.rule("duty.missed.party")?.source == .duty(outcome: .missed, line: "party", duty: nil))
        #expect(
            version.rule("duty.on-time.integrity-education")?.source
                == .duty(outcome: .onTime, line: nil, duty: "party.integrity-education"))
        #expect(version.rule("duty.waived")?.appliesTo == .branch)
        #expect(version.rule("measure.late")?.source == .measureLate)
        #expect(version.rule("finding.recurrence.branch")?.source == .recurrence)

        let drunk = try #require(version.rule("redline.drunk-driving"))
        #expect(drunk.kind == .redLine && drunk.module == .redLine && drunk.points == -100)
        #expect(drunk.source == .violation)
        #expect(drunk.authority == ["discipline-inspector", "branch-head"])
        #expect(drunk.redLine == RedLineEffect(branchRed: false, noticeNamesPerson: false))
        let blacklist = try #require(version.rule("redline.misappropriation"))
        #expect(blacklist.module == .blacklist)
        #expect(blacklist.redLine == RedLineEffect(branchRed: true, noticeNamesPerson: true))

        #expect(version.rule("award.integrity-model")?.kind == .bonus)
        #expect(version.rule("award.integrity-model")?.source == .award)
        #expect(
            IntegrityAssessor.allCases.map { version.rule("assessment.\($0.rawValue)")?.source }
                == IntegrityAssessor.allCases.map { .assessment($0) })
        #expect(version.rules.allSatisfy { $0.source.isAutomatic == $0.authority.isEmpty })
        #expect(version.rules.allSatisfy { ($0.kind == .redLine) == ($0.redLine != nil) })
    }

    @Test("the July version repeats every item and changes only the points of a late measure")
    func julyChangesOneItem() throws {
        let table = try Self.shippedTable()
        let january = try #require(table.version(named: "2026"))
        let july = try #require(table.version(named: "2026-07"))
        #expect(july.rules.map(\.id) == january.rules.map(\.id))
        let changed = zip(january.rules, july.rules).filter { $0 != $1 }
        #expect(changed.map(\.0.id) == ["measure.late"])
        #expect(january.rule("measure.late")?.points == -2)
        #expect(july.rule("measure.late")?.points == -3)
    }

    @Test(
        "the version in force on a day is the last one effective by then, none before the first",
        arguments: [
            ("2025-12-31", nil), ("2026-01-01", "2026"), ("2026-06-30", "2026"), ("2026-07-01", "2026-07"),
            ("2027-03-15", "2026-07"),
        ] as [(String, String?)])
    func versionOnDay(_ day: String, _ expected: String?) throws {
        #expect(try Self.shippedTable().version(on: Self.date(day))?.version == expected)
    }

    @Test("without integrity.yaml the configuration loads with no table, and no points are scored")
    func absentFile() throws {
        let schedules = try EditableSchedules()
        try schedules.remove("integrity.yaml")
        let configuration = try schedules.load().get()
        #expect(configuration.integrity == nil)
    }

    // MARK: The shared stamp

    @Test("an edited, replaced or removed integrity.yaml changes the shared stamp")
    func stampNoticesEdits() throws {
        let schedules = try EditableSchedules()
        let loader = ConfigLoader(directory: schedules.path)
        let original = loader.sharedStamp()
        #expect(try schedules.load().get().sharedStamp.contains("integrity.yaml:"))

        try schedules.replace("        points: -4\n", with: "        points: -5\n", in: "integrity.yaml")
        let edited = loader.sharedStamp()
        #expect(edited != original)

        try schedules.remove("integrity.yaml")
        let removed = loader.sharedStamp()
        #expect(removed != edited && removed != original)
        #expect(ConfigurationStamp.digest(of: removed) != ConfigurationStamp.digest(of: original))
    }

    @Test("the accepted-configuration snapshot keeps integrity.yaml and loads the same table from it")
    func snapshotKeepsTable() throws {
        let temporary = TemporaryDirectory("gridconfig-tests")
        let recorder = ConfigurationRecorder()
        let loaded = try ConfigLoader(directory: Repository.schedules, recorder: recorder).load()
        #expect(recorder.files["integrity.yaml"] != nil)
        let snapshot = ConfigurationSnapshot(path: temporary.file("accepted-config"))
        try snapshot.write(recorder.files, stamps: loaded.sharedStamp)
        let restored = try ConfigLoader(snapshotFiles: snapshot.files(), label: "snapshot").load()
        #expect(restored.integrity == loaded.integrity)
        #expect(restored.integrity != nil)
    }

    // MARK: Validation

    /// The last line of the shipped file, after which a test adds an item to version 2026-07.
    static let lastItem = "      - *assessment-third-party\n"

    /// A breakage that adds `item` (its lines, starting `      - `) to version 2026-07.
    static func adding(
        _ name: String, _ item: String, at: String, field: String, message: [String]
    ) -> Breakage {
        Breakage(
            name: name, file: "integrity.yaml", replace: lastItem, with: lastItem + item, at: at, field: field,
            message: message)
    }

    /// A recorded item (a violation) with `changes` made to its fields: a value replaces the
    /// field's, nil leaves the field out, and a field it lacks is added at the end.
    static func item(id: String = "x.test", _ changes: [String: String?] = [:]) -> String {
        let fields: [(String, String)] = [
            ("id", id), ("kind", "base"), ("module", "员工管理"), ("text", "测试事项"), ("points", "-1"),
            ("applies-to", "person"), ("from", "violation"), ("authority", "[discipline-inspector]"),
        ]
        var lines: [String] = []
        for (key, value) in fields {
            guard let change = changes[key] else {
                lines.append("\(key): \(value)")
                continue
            }
            if let change { lines.append("\(key): \(change)") }
        }
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) where !fields.contains(where: { $0.0 == key }) {
            if let value { lines.append("\(key): \(value)") }
        }
        return "      - " + lines.joined(separator: "\n        ") + "\n"
    }

    static let itemField = "version 2026-07: item x.test"

    static let itemBreakages: [Breakage] = [
        adding(
            "an unknown key", item(["clauze": "x"]), at: "clauze: x", field: "\(itemField): clauze",
            message: ["unknown field", "expected one of: applies-to, authority, clause"]),
        adding(
            "an id given twice in a version", item(id: "duty.late"),
            at: "id: duty.late\n        kind: base\n        module: 员工",
            field: "version 2026-07: item duty.late: id",
            message: ["duplicate item id 'duty.late' in version 2026-07", "first on line"]),
        adding(
            "an id that is not one", item(id: "x test"), at: "id: x test", field: "version 2026-07: item: id",
            message: ["'x test' is not a valid id"]),
        adding(
            "an unknown kind", item(["kind": "penalty"]), at: "kind: penalty", field: "\(itemField): kind",
            message: ["unknown value 'penalty'", "expected one of: base, bonus, red-line"]),
        adding(
            "an unknown module", item(["module": "廉洁"]), at: "module: 廉洁", field: "\(itemField): module",
            message: ["unknown value '廉洁'", "清廉建设, 清廉宣传, 员工管理, 合规建设, 纪检监察, 重点工作, 红线, 黑名单"]),
        adding(
            "an unknown level", item(["applies-to": "team"]), at: "applies-to: team",
            field: "\(itemField): applies-to", message: ["unknown value 'team'", "expected one of: person, branch"]),
        adding(
            "no text", item(["text": nil]), at: "id: x.test", field: "\(itemField): text",
            message: ["missing; this field is required"]),
        adding(
            "a control character in the text", item(["text": "\"测试\\a事项\""]), at: "text: \"测试",
            field: "\(itemField): text", message: ["control character \\u{07}"]),
        adding(
            "a text past the length limit", item(["text": String(repeating: "长", count: 201)]), at: "text: 长长",
            field: "\(itemField): text", message: ["201 characters long; at most 200"]),
        adding(
            "0 points", item(["points": "0"]), at: "points: 0", field: "\(itemField): points",
            message: ["0 scores nothing"]),
        adding(
            "points past 1000", item(["points": "-1001"]), at: "points: -1001", field: "\(itemField): points",
            message: ["'-1001' is not a whole number from -1000 to 1000"]),
        adding(
            "points that are no whole number", item(["points": "-2.5"]), at: "points: -2.5",
            field: "\(itemField): points", message: ["'-2.5' is not a whole number"]),
        adding(
            "a bonus that deducts", item(["kind": "bonus", "points": "-7"]), at: "points: -7",
            field: "\(itemField): points", message: ["a bonus item adds points"]),
        adding(
            "a yearly cap of 0", item(["yearly-cap": "0"]), at: "yearly-cap: 0", field: "\(itemField): yearly-cap",
            message: ["0 is too small; expected 1 or more"]),
        adding(
            "a red line that adds points",
            item([
                "kind": "red-line", "points": "7", "red-line": "{ branch-red: false, notice-names-person: false }",
            ]), at: "points: 7", field: "\(itemField): points", message: ["a red line deducts points"]),
        adding(
            "a red line without its effects", item(["kind": "red-line", "points": "-50"]), at: "id: x.test",
            field: "\(itemField): red-line", message: ["missing", "branch-red", "notice-names-person"]),
        adding(
            "a red line scoring a branch",
            item([
                "kind": "red-line", "points": "-50", "applies-to": "branch  # 机构",
                "red-line": "{ branch-red: true, notice-names-person: false }",
            ]), at: "applies-to: branch  #", field: "\(itemField): applies-to",
            message: ["a red line scores the person"]),
        adding(
            "a red line's effect left out",
            item(["kind": "red-line", "points": "-50", "red-line": "{ branch-red: true }"]),
            at: "red-line: { branch-red: true }", field: "\(itemField): red-line: notice-names-person",
            message: ["missing; write true or false"]),
        adding(
            "an unknown key in a red line's effects",
            item([
                "kind": "red-line", "points": "-50",
                "red-line": "{ branch-red: true, notice-names-person: false, blacklist: true }",
            ]), at: "blacklist: true", field: "\(itemField): red-line: blacklist",
            message: ["unknown field", "expected one of: branch-red, notice-names-person"]),
        adding(
            "red-line effects on a base item", item(["red-line": "{branch-red: true, notice-names-person: true}"]),
            at: "red-line: {branch-red", field: "\(itemField): red-line", message: ["only a red-line item"]),
        adding(
            "an unknown source", item(["from": "complaint"]), at: "from: complaint", field: "\(itemField): from",
            message: ["unknown source 'complaint'", "measure-late, recurrence, violation, award"]),
        adding(
            "an unknown duty outcome", item(["from": "{ duty-outcome: early }", "authority": nil]),
            at: "from: { duty-outcome: early }", field: "\(itemField): from: duty-outcome",
            message: ["unknown value 'early'", "expected one of: on-time, late, missed, waived"]),
        adding(
            "an unknown assessor", item(["from": "{ assessment: peer }"]), at: "from: { assessment: peer }",
            field: "\(itemField): from: assessment",
            message: ["unknown value 'peer'", "expected one of: self, inspection-group, third-party"]),
        adding(
            "a line the catalog lacks", item(["from": "{ duty-outcome: missed, line: ops }", "authority": nil]),
            at: "from: { duty-outcome: missed, line: ops }", field: "\(itemField): from: line",
            message: ["unknown line 'ops'", "discipline", "operations", "party"]),
        adding(
            "a duty the catalog lacks",
            item(["from": "{ duty-outcome: missed, duty: party.lectures }", "authority": nil]),
            at: "from: { duty-outcome: missed, duty:", field: "\(itemField): from: duty",
            message: ["unknown duty 'party.lectures'"]),
        adding(
            "a duty of another line",
            item(["from": "{ duty-outcome: late, line: party, duty: discipline.report }", "authority": nil]),
            at: "from: { duty-outcome: late, line: party", field: "\(itemField): from: duty",
            message: ["duty 'discipline.report' is of the line 'discipline', not 'party'"]),
        adding(
            "an automatic item with an authority",
            item(["from": "measure-late", "applies-to": "branch", "authority": "[model-post]"]),
            at: "authority: [model-post]",
            field: "\(itemField): authority", message: ["recorded by no one"]),
        adding(
            "a recorded item without an authority", item(["authority": nil]), at: "id: x.test",
            field: "\(itemField): authority", message: ["missing; a recorded item needs the roles"]),
        adding(
            "a recorded item with an empty authority", item(["authority": "[]"]), at: "authority: []",
            field: "\(itemField): authority", message: ["empty; a recorded item needs the roles"]),
        adding(
            "an authority roles.yaml lacks", item(["authority": "[branch-head, inspector]"]),
            at: "authority: [branch-head, inspector]", field: "\(itemField): authority",
            message: ["unknown role 'inspector'", "expected one of: \(shippedRoleList)"]),
        adding(
            "two automatic items scoring the same records",
            item(["from": "{ duty-outcome: late }", "authority": nil, "clause": "重复"]),
            at: "from: { duty-outcome: late }\n        clause: 重复",
            field: "\(itemField): from", message: ["as item 'duty.late' (line", "scored twice"]),
    ]

    @Test("a broken item is reported with the line and field of the problem", arguments: itemBreakages)
    func brokenItem(_ breakage: Breakage) throws {
        try breakage.check()
    }

    static let july =
        "  - version: \"2026-07\"\n    effective: 2026-07-01\n    baseline: { person: 100, branch: 100 }\n"
        + "    bands:\n      person: { yellow: 80, blue: 90, green: 100 }\n"
        + "      branch: { yellow: 85, blue: 95, green: 100 }\n    items:\n"

    /// A breakage that replaces the head of version 2026-07 (`july`) with `head`.
    static func july(_ name: String, _ head: String, at: String, field: String, message: [String]) -> Breakage {
        Breakage(
            name: name, file: "integrity.yaml", replace: july, with: head, at: at, field: field, message: message)
    }

    static let versionBreakages: [Breakage] = [
        july(
            "a version name given twice", july.replacingOccurrences(of: "\"2026-07\"", with: "\"2026\""),
            at: "version: \"2026\"\n    effective: 2026-07", field: "version 2026: version",
            message: ["duplicate version '2026' (first on line"]),
        july(
            "a version effective before the one above it",
            july.replacingOccurrences(of: "effective: 2026-07-01", with: "effective: 2025-12-01"),
            at: "effective: 2025-12-01", field: "version 2026-07: effective",
            message: ["2025-12-01 is not after 2026-01-01", "version '2026'"]),
        july(
            "two versions effective the same day",
            july.replacingOccurrences(of: "effective: 2026-07-01", with: "effective: \"2026-01-01\""),
            at: "effective: \"2026-01-01\"", field: "version 2026-07: effective",
            message: ["2026-01-01 is not after 2026-01-01"]),
        july(
            "an effective date that is none",
            july.replacingOccurrences(of: "effective: 2026-07-01", with: "effective: 2026-02-30"),
            at: "effective: 2026-02-30", field: "version 2026-07: effective", message: ["is not a valid date"]),
        july(
            "an unknown key in a version",
            july.replacingOccurrences(
                of: "    effective: 2026-07-01\n", with: "    effective: 2026-07-01\n    note: 七月修订\n"),
            at: "note: 七月修订",
            field: "version 2026-07: note", message: ["unknown field", "expected one of: bands, baseline"]),
        july(
            "a negative baseline",
            july.replacingOccurrences(of: "baseline: { person: 100", with: "baseline: { person: -1"),
            at: "baseline: { person: -1", field: "version 2026-07: baseline: person",
            message: ["-1 is too small; expected 0 or more"]),
        july(
            "a baseline without the branch's",
            july.replacingOccurrences(of: "baseline: { person: 100, branch: 100 }", with: "baseline: { person: 100 }"),
            at: "baseline: { person: 100 }", field: "version 2026-07: baseline: branch",
            message: ["missing; this field is required"]),
        july(
            "no bands",
            july.replacingOccurrences(
                of:
                    "    bands:\n      person: { yellow: 80, blue: 90, green: 100 }\n      branch: { yellow: 85, blue: 95, green: 100 }\n",
                with: ""),
            at: "  - version: \"2026-07\"", field: "version 2026-07: bands",
            message: ["missing", "person and branch"]),
        july(
            "bands without the branch's",
            july.replacingOccurrences(of: "      branch: { yellow: 85, blue: 95, green: 100 }\n", with: ""),
            at: "person: { yellow: 80, blue: 90, green: 100 }\n    items", field: "version 2026-07: bands: branch",
            message: ["missing", "for every level"]),
        july(
            "a band's minimum left out",
            july.replacingOccurrences(
                of: "person: { yellow: 80, blue: 90, green: 100 }", with: "person: { yellow: 80, blue: 90 }"),
            at: "person: { yellow: 80, blue: 90 }", field: "version 2026-07: bands: person: green",
            message: ["missing; this field is required"]),
        july(
            "band minimums that do not rise",
            july.replacingOccurrences(of: "person: { yellow: 80, blue: 90,", with: "person: { yellow: 80, blue: 75,"),
            at: "blue: 75", field: "version 2026-07: bands: person: blue",
            message: ["75 is not above yellow's 80", "rise from yellow to blue to green"]),
        july(
            "an unknown band",
            july.replacingOccurrences(of: "person: { yellow: 80,", with: "person: { red: 0, yellow: 80,"),
            at: "person: { red: 0", field: "version 2026-07: bands: person: red",
            message: ["unknown field", "expected one of: blue, green, yellow"]),
        july(
            "a version without items", july + "      []\n", at: "      []\n",
            field: "version 2026-07: items", message: ["no item"]),
    ]

    @Test("a broken version is reported with the line and field of the problem", arguments: versionBreakages)
    func brokenVersion(_ breakage: Breakage) throws {
        let schedules = try EditableSchedules()
        // The items of a version without items are cut: they would be a second problem.
        if breakage.name == "a version without items" {
            let text = try schedules.text(of: "integrity.yaml")
            let head = try #require(text.range(of: Self.july))
            try schedules.write(String(text[..<head.upperBound]), to: "integrity.yaml")
        }
        try breakage.check(in: schedules)
    }

    @Test("a file with no version, or with an unknown top-level key, is refused")
    func brokenTop() throws {
        let schedules = try EditableSchedules()
        try schedules.write("versions: []\nscoring: off\n", to: "integrity.yaml")
        let issues = try schedules.issues()
        #expect(issues.count == 2, "\(ConfigError(issues: issues))")
        expect(issues[0], file: "integrity.yaml", line: 2, field: "scoring", message: ["unknown field"])
        expect(issues[1], file: "integrity.yaml", line: 1, field: "versions", message: ["no version"])
    }

    @Test("every problem of the table is reported in one load, which yields no configuration")
    func everyProblemAtOnce() throws {
        let schedules = try EditableSchedules()
        try schedules.replace("    effective: 2026-07-01\n", with: "    effective: 2026-13-01\n", in: "integrity.yaml")
        try schedules.replace(
            "        points: -3\n        applies-to: person\n        yearly-cap: 20\n        from: measure-late\n",
            with: "        points: 0\n        applies-to: person\n        yearly-cap: 20\n        from: measure-late\n",
            in: "integrity.yaml")
        try schedules.replace(
            "        authority: [discipline-inspector]\n", with: "        authority: [inspection-group]\n",
            in: "integrity.yaml")
        let issues = try schedules.issues()
        #expect(
            issues.map(\.field) == [
                "version 2026: item assessment.inspection-group: authority",
                "version 2026-07: effective", "version 2026-07: item measure.late: points",
                // The alias repeats the item of version 2026 in version 2026-07.
                "version 2026-07: item assessment.inspection-group: authority",
            ], "\(ConfigError(issues: issues))")
        #expect(issues.allSatisfy { $0.file.hasSuffix("/integrity.yaml") && $0.line > 0 })
    }
}

@Suite("The item that scores a duty item's outcome")
struct IntegrityDutyRuleTests {
    static func rule(_ outcome: DutyOutcome, _ line: String, _ duty: String, _ level: IntegrityLevel) throws
        -> String?
    {
        let table = try IntegrityTableTests.shippedTable()
        let version = try #require(table.version(named: "2026"))
        return version.rule(scoring: outcome, line: line, duty: duty, for: level)?.id
    }

    @Test(
        "the most specific item scores it: the duty's own, else its line's, else the one for any duty",
        arguments: [
            (
                DutyOutcome.onTime, "party", "party.integrity-education", IntegrityLevel.person,
                "duty.on-time.integrity-education"
            ),
            (.onTime, "party", "party.study", .person, "duty.on-time"),
            (.missed, "party", "party.study", .person, "duty.missed.party"),
            (.missed, "discipline", "discipline.report", .person, "duty.missed.discipline"),
            (.late, "operations", "ops.video-review", .person, "duty.late"),
            (.waived, "operations", "ops.video-review", .branch, "duty.waived"),
        ] as [(DutyOutcome, String, String, IntegrityLevel, String?)])
    func mostSpecific(
        _ outcome: DutyOutcome, _ line: String, _ duty: String, _ level: IntegrityLevel, _ expected: String?
    ) throws {
        #expect(try Self.rule(outcome, line, duty, level) == expected)
    }

    @Test("an outcome no item scores at a level scores nothing there")
    func nothingScores() throws {
        #expect(try Self.rule(.waived, "operations", "ops.video-review", .person) == nil)
        #expect(try Self.rule(.missed, "party", "party.study", .branch) == nil)
    }
}
