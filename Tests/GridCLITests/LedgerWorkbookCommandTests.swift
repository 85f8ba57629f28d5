import Foundation
import GridTestKit
import Testing

/// `gridctl ledger import`, `export` and `report` on the built binary, with the shipped
/// example workbook (examples/ledger: 5 findings, 12 measures, 5 done, 2 overdue on 12-04).
@Suite("gridctl ledger import, export and report")
struct LedgerWorkbookCommandTests {
    static let friday = "2026-12-04T10:00"
    static var workbook: String { Repository.root + "/examples/ledger/example-line-check.xlsx" }
    static var folder: String { Repository.root + "/examples/ledger/example-line-check" }

    @discardableResult
    func imported(_ gridctl: Gridctl, _ path: String = LedgerWorkbookCommandTests.workbook) throws -> String {
        try gridctl.succeed(["ledger", "import", path, "--by", "zhou.min"], now: Self.friday)
    }

    /// The example's CSV folder copied, with `replacements` applied to 任务清单.csv and
    /// `duties` to 责任清单.csv.
    func editedFolder(_ gridctl: Gridctl, _ replacements: [(String, String)], duties: [(String, String)] = [])
        throws -> String
    {
        let copy = gridctl.directory.file("edited")
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: Self.folder, toPath: copy)
        for (file, edits) in [("任务清单.csv", replacements), ("责任清单.csv", duties)] where !edits.isEmpty {
            try Gridctl.editFile(copy + "/" + file) { text in
                edits.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            }
        }
        return copy
    }

    func json(_ gridctl: Gridctl, _ arguments: [String], now: String = friday) throws -> [String: Any] {
        let text = try gridctl.succeed(arguments + ["--format", "json"], now: now)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func auditEntries(_ gridctl: Gridctl) throws -> Int {
        let verified = try gridctl.succeed(["audit", "verify"], now: Self.friday)
        let words = verified.split(separator: " ")
        let index = try #require(words.firstIndex { $0.hasPrefix("entr") })
        return try #require(Int(words[index - 1]), "\(verified)")
    }

    @Test("The example imports once, shows in due, and importing it again, or the CSV folder, changes nothing")
    func importsOnce() throws {
        let gridctl = try Gridctl()
        let first = try imported(gridctl)
        #expect(first.contains("1 inspection added, 5 findings added, 12 measures added, 5 measures done"), "\(first)")
        let entries = try auditEntries(gridctl)
        let again = try imported(gridctl)
        #expect(again.contains("already says what the workbook says; nothing changed"), "\(again)")
        let csv = try imported(gridctl, Self.folder)
        #expect(csv.contains("nothing changed"), "\(csv)")
        #expect(try auditEntries(gridctl) == entries)
        let overdue = try gridctl.items(["overdue", "--person", "zheng.kai"], now: Self.friday)
        #expect(
            overdue.contains {
                $0.duty == "discipline.rectification-measure" && $0.subject == "问题1" && $0.period == "2"
            })
    }

    @Test(
        "An edited workbook imports as a diff: the changed deadline and owner are revisions by the importer, the item follows"
    )
    func reimportAsDiff() throws {
        let gridctl = try Gridctl()
        try imported(gridctl)
        let edited = try editedFolder(
            gridctl,
            [
                ("抽查11月柜面大额取现业务凭证，逐笔核对身份核验记录,郑凯,2026-11-30", "抽查11月柜面大额取现业务凭证，逐笔核对身份核验记录,郑凯,2026-12-11"),
                ("开展现金管理专项检查并通报结果,赵刚", "开展现金管理专项检查并通报结果,何静"),
            ], duties: [("林振华,运营部,郑凯、赵刚", "林振华,运营部,郑凯、何静")])
        let diff = try gridctl.succeed(["ledger", "import", edited, "--by", "zhou.min"], now: "2026-12-07T10:00")
        #expect(diff.contains("2 measures revised") && !diff.contains("added"), "\(diff)")
        let show = try gridctl.succeed(["ledger", "show", "1"], now: "2026-12-07T10:00")
        #expect(show.contains("measure-revised  by 周敏: 1/2 owner zheng.kai, due 2026-12-11"), "\(show)")
        let item = try #require(
            try gridctl.items(["due", "--person", "zheng.kai"], now: "2026-12-07T10:00").first {
                $0.subject == "问题1" && $0.period == "2"
            })
        #expect(item.deadline == "2026-12-11T17:00:00+08:00" && item.status != "overdue")
        #expect(
            try gridctl.items(["overdue", "--person", "he.jing"], now: "2026-12-07T10:00").contains {
                $0.period == "2" && $0.subject == "问题3"
            })
        #expect(
            try gridctl.succeed(["ledger", "import", edited, "--by", "zhou.min"], now: "2026-12-07T10:00").contains(
                "nothing changed"))
    }

    @Test("A workbook with errors lists every one as sheet:row:column and writes nothing")
    func errorsWriteNothing() throws {
        let gridctl = try Gridctl()
        try imported(gridctl)
        let entries = try auditEntries(gridctl)
        let edited = try editedFolder(
            gridctl,
            [
                ("郑凯,2026-11-30", "张三,2026-11-30"), ("陈晓东,2026-12-15", "陈晓东,2026-12-20"),
                ("5,1,梳理投诉台账", "9,1,梳理投诉台账"), ("孙悦,2026-12-25", "孙悦,2026-13-25"),
            ])
        let result = try gridctl.run(["ledger", "import", edited, "--by", "zhou.min"], now: "2026-12-07T10:00")
        #expect(result.status == 1 && result.stdout.isEmpty)
        for expected in [
            "任务清单:4:D (责任人): '张三' is neither a staff id nor a name",
            "任务清单:11:E (完成时限): the deadline 2026-12-20 is not a business day of branch 'example'; the next business day is 2026-12-21",
            "任务清单:13:E (完成时限): '2026-13-25' is not a date", "任务清单:13:A (问题编号): finding 9 is not in 问题清单",
            "责任清单:3:E (责任人): '郑凯' owns no measure of finding 1", "6 problems",
            "nothing was imported",
        ] {
            #expect(result.stderr.contains(expected), "\(expected)\n\(result.stderr)")
        }
        #expect(try auditEntries(gridctl) == entries)
        let unchanged = try gridctl.succeed(["ledger", "show", "1"], now: "2026-12-07T10:00")
        #expect(!unchanged.contains("measure-revised"))
    }

    @Test("An export to xlsx or CSV imports back as no change, keeping the branch's extra columns")
    func exportRoundTrip() throws {
        let gridctl = try Gridctl()
        try imported(gridctl)
        try gridctl.succeed(["ledger", "done", "5/1", "--evidence", "回访记录", "--by", "sun.yue"], now: Self.friday)
        let xlsx = gridctl.directory.file("export.xlsx")
        let csv = gridctl.directory.file("export-csv")
        #expect(try gridctl.succeed(["ledger", "export", xlsx], now: Self.friday).contains("5 findings, 12 measures"))
        try gridctl.succeed(["ledger", "export", csv], now: Self.friday)
        for path in [xlsx, csv] {
            let again = try gridctl.succeed(["ledger", "import", path, "--by", "zhou.min"], now: Self.friday)
            #expect(again.contains("nothing changed"), "\(path): \(again)")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csv + "/问题清单.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a byte-order mark for Excel")
        let problems = String(decoding: bytes, as: UTF8.self)
        #expect(problems.contains("备注") && problems.contains("检查组现场清点发现"), "\(problems)")
        let tasks = try String(contentsOfFile: csv + "/任务清单.csv", encoding: .utf8)
        #expect(tasks.contains("梳理投诉台账，逐件回访超时投诉客户,孙悦,2026-12-25,,已完成,2026-12-04"), "\(tasks)")
    }

    @Test(
        "The report prints the seed's sentence and figures; --as-of a day replays the record; --as-of a month reads its frozen snapshot and the change since the month before"
    )
    func report() throws {
        let gridctl = try Gridctl()
        try imported(gridctl)
        let now = try json(gridctl, ["ledger", "report"])
        let totals = try #require(now["totals"] as? [String: Any])
        #expect(totals["findings"] as? Int == 5 && totals["measures"] as? Int == 12)
        #expect(totals["done"] as? Int == 5 && totals["overdue"] as? Int == 2, "\(totals)")
        let table = try gridctl.succeed(["ledger", "report"], now: Self.friday)
        #expect(table.contains("共发现问题5项") && table.contains("提出整改措施12条，已完成5条，逾期2条"), "\(table)")
        let md = try gridctl.succeed(["ledger", "report", "--format", "md"], now: Self.friday)
        #expect(md.contains("|"), "\(md)")

        // November's ledger update, done late on 12-04, freezes November's ledger.
        let update = try gridctl.item("discipline.ledger-update", listing: "overdue", now: Self.friday)
        #expect(update.period == "2026-11")
        try gridctl.succeed(["done", String(update.id), "--by", "zhou.min"], now: Self.friday)
        try gridctl.succeed(
            ["ledger", "done", "4/2", "--evidence", "培训签到表", "--by", "chen.xiaodong"], now: "2026-12-07T10:00")

        let before = try json(gridctl, ["ledger", "report", "--as-of", "2026-12-04"], now: "2026-12-08T10:00")
        #expect((before["totals"] as? [String: Any])?["done"] as? Int == 5)
        let after = try json(gridctl, ["ledger", "report"], now: "2026-12-08T10:00")
        #expect((after["totals"] as? [String: Any])?["done"] as? Int == 6)
        let frozen = try json(gridctl, ["ledger", "report", "--as-of", "2026-11"], now: "2026-12-08T10:00")
        #expect((frozen["totals"] as? [String: Any])?["done"] as? Int == 5)
        let change = try #require(after["change"] as? [String: Any], "\(after)")
        #expect(change["newly_done"] as? Int == 1, "\(change)")
        let missing = try gridctl.run(["ledger", "report", "--as-of", "2026-10"], now: "2026-12-08T10:00")
        #expect(missing.status == 1 && missing.stderr.contains("no snapshot of 2026-10"), "\(missing.stderr)")

        // December's update freezes December's ledger, which reports the change since November's.
        let december = try gridctl.item("discipline.ledger-update", now: "2026-12-28T10:00")
        try gridctl.succeed(["done", String(december.id), "--by", "zhou.min"], now: "2026-12-28T10:00")
        let monthly = try json(gridctl, ["ledger", "report", "--as-of", "2026-12"], now: "2026-12-29T10:00")
        #expect((monthly["change"] as? [String: Any])?["newly_done"] as? Int == 1, "\(monthly)")
        #expect(try gridctl.succeed(["audit", "verify"], now: "2026-12-29T10:00").contains("ok"))
    }

    @Test(
        "The bank's report answered from the database alone equals the one read from the configuration, in every format"
    )
    func storedReportMatches() throws {
        let gridctl = try Gridctl()
        try imported(gridctl)
        try gridctl.succeed(["ledger", "done", "5/1", "--evidence", "回访记录", "--by", "sun.yue"], now: Self.friday)
        let update = try gridctl.item("discipline.ledger-update", listing: "overdue", now: Self.friday)
        try gridctl.succeed(["done", String(update.id), "--by", "zhou.min"], now: Self.friday)
        try gridctl.succeed(
            ["ledger", "done", "4/2", "--evidence", "签到表", "--by", "chen.xiaodong"], now: "2026-12-07T10:00")
        try gridctl.succeed(["due"], now: "2026-12-08T10:00")
        for format in ["table", "md", "json", "csv"] {
            let stored = try gridctl.succeed(["ledger", "report", "--format", format], now: "2026-12-08T10:00")
            let configured = try gridctl.succeed(
                ["ledger", "report", "--branch", "example", "--format", format], now: "2026-12-08T10:00")
            #expect(stored == configured, "\(format)")
        }
    }
}
