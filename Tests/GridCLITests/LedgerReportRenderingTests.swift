import Foundation
import GridCLI
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

/// The fixture ledger's figures on `date`, as branch b1 on a Monday–Friday calendar.
private func figures(through date: String, inspection: String? = nil) throws -> LedgerFigures {
    LedgerFigures(
        branches: [
            BranchLedger(
                branch: "b1", ledger: try LedgerFixtures.ledger(through: date), calendar: Fixtures.businessCalendar())
        ],
        asOf: day(date), inspection: inspection)
}

private let names = [LedgerFixtures.lin: "林振华", LedgerFixtures.zhou: "周敏", "zhao.gang": "赵刚"]
private func name(_ branch: String, _ id: String) -> String { names[id] ?? id }

private func render(
    _ figures: LedgerFigures, change: LedgerFigures.Change? = nil, _ format: LedgerReportRendering.Format,
    name: (String, String) -> String = name
) throws -> String {
    try LedgerReportRendering.render(figures, change: change, format: format, name: name)
}

/// Hostile text: a pipe that would split a Markdown cell, a line break that would forge a
/// line, an escape sequence that would turn the terminal red, a formula for a spreadsheet.
private enum Hostile {
    static let inspection = "巡察|\n\u{1B}[31m=cmd"
    static let department = "=cmd|部门\n\u{1B}[31m红"
    static let measure = "=cmd|措施\n\u{1B}[31m"
    static let leaderName = "+林\u{1B}[31m|*x*"

    /// One finding of `inspection` in `department`, with one measure overdue since 2026-09-30.
    static func figures() throws -> LedgerFigures {
        var ledger = Ledger()
        let found = day("2026-09-01")
        try ledger.apply(.inspectionAdded(Inspection(name: inspection, kind: .circuit)), on: found)
        try ledger.apply(
            .findingAdded(
                Finding(
                    number: "1", inspection: inspection, text: measure, leader: "lin", department: department,
                    found: found)), on: found)
        try ledger.apply(
            .measureAdded(
                Measure(
                    id: MeasureID(finding: "1", number: "1"), text: measure, owner: "lin", deadline: day("2026-09-30"))),
            on: found)
        return LedgerFigures(
            branches: [BranchLedger(branch: "b1", ledger: ledger, calendar: Fixtures.businessCalendar())],
            asOf: day("2026-10-09"), inspection: inspection)
    }

    static func name(_ branch: String, _ id: String) -> String { leaderName }
}

/// Whether `text` holds a character a terminal acts on, line breaks aside.
private func hasRawControls(_ text: String) -> Bool {
    text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\r") || (0x7F...0x9F).contains($0.value) }
}

/// How many cells a Markdown table row has: the pipes no backslash escapes, less one.
private func markdownCells(_ line: Substring) -> Int {
    var count = 0
    var escaped = false
    for character in line {
        if escaped {
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else if character == "|" {
            count += 1
        }
    }
    return count - 1
}

@Suite("Ledger report rendering")
struct LedgerReportRenderingTests {
    @Test("the table states the day, the sentence, the change, then leaders, departments and overdue measures")
    func table() throws {
        // Given the fixture's figures on 2026-10-16 and their change since 2026-10-09
        let current = try figures(through: "2026-10-16")
        let change = current.change(since: try figures(through: "2026-10-09"))

        // When rendered as a table
        let text = try render(current, change: change, .table)

        // Then
        #expect(
            text == """
                整改台账 截至2026-10-16
                共发现问题5项，已整改销号1项，待销号1项，整改中2项，未整改1项；提出整改措施6条，已完成3条，逾期2条；新建制度1项，修订制度1项；屡查屡犯问题1项。

                较2026-10-09：新销号问题1项，新完成措施0条；问题+1，已销号+1，待销号0，整改中-1，未整改+1；措施0，已完成0，逾期+1。

                责任领导 LEADERS
                网点 BRANCH  责任领导 LEADER  问题 FINDINGS  已销号 CLOSED  措施 MEASURES  已完成 DONE  逾期 OVERDUE
                -----------  ---------------  -------------  -------------  -------------  -----------  ------------
                b1           林振华           3              1              5              2            2
                b1           周敏             2              0              1              1            0

                责任部门 DEPARTMENTS
                网点 BRANCH  责任部门 DEPARTMENT  问题 FINDINGS  已销号 CLOSED  措施 MEASURES  已完成 DONE  逾期 OVERDUE
                -----------  -------------------  -------------  -------------  -------------  -----------  ------------
                b1           未填写               2              0              1              0            1
                b1           综合部               1              0              1              1            0
                b1           运营部               2              1              4              2            1

                逾期措施 OVERDUE MEASURES
                网点 BRANCH  措施 MEASURE  责任人 OWNER  完成时限 DEADLINE  逾期工作日 DAYS  内容 TEXT
                -----------  ------------  ------------  -----------------  ---------------  ---------
                b1           2/1           赵刚          2026-09-30         8                措施2-1
                b1           4/1           赵刚          2026-10-09         6                措施4-1
                """)
    }

    @Test("without a change there is no change line, and without overdue measures a line says there are none")
    func tableWithoutChangeOrOverdue() throws {
        // Given the figures of 2026-09-20, when nothing is overdue yet, of the tour only
        let september = try figures(through: "2026-09-20", inspection: LedgerFixtures.tour)

        // When rendered as a table without a change
        let lines = try render(september, .table).split(separator: "\n", omittingEmptySubsequences: false)

        // Then the title names the inspection, a blank line follows the sentence, and the
        // leaders' table comes next
        #expect(lines[0] == "整改台账 截至2026-09-20（检查：2026年巡察）")
        #expect(lines[1].hasPrefix("共发现问题2项，已整改销号0项，待销号0项，整改中2项，未整改0项；提出整改措施4条，已完成1条，逾期0条"))
        #expect(lines[2] == "")
        #expect(lines[3] == "责任领导 LEADERS")
        #expect(lines.last == "逾期措施 OVERDUE MEASURES: 无 none")
        #expect(!lines.contains { $0.hasPrefix("较") })
    }

    @Test("Markdown has a heading, the sentences as paragraphs and pipe tables with the counts right-aligned")
    func markdown() throws {
        let current = try figures(through: "2026-10-16")
        let change = current.change(since: try figures(through: "2026-10-09"))

        let text = try render(current, change: change, .md)

        #expect(
            text == """
                # 整改台账 截至2026-10-16

                共发现问题5项，已整改销号1项，待销号1项，整改中2项，未整改1项；提出整改措施6条，已完成3条，逾期2条；新建制度1项，修订制度1项；屡查屡犯问题1项。

                较2026-10-09：新销号问题1项，新完成措施0条；问题+1，已销号+1，待销号0，整改中-1，未整改+1；措施0，已完成0，逾期+1。

                ## 责任领导

                | 网点 | 责任领导 | 问题 | 已销号 | 措施 | 已完成 | 逾期 |
                | --- | --- | ---: | ---: | ---: | ---: | ---: |
                | b1 | 林振华 | 3 | 1 | 5 | 2 | 2 |
                | b1 | 周敏 | 2 | 0 | 1 | 1 | 0 |

                ## 责任部门

                | 网点 | 责任部门 | 问题 | 已销号 | 措施 | 已完成 | 逾期 |
                | --- | --- | ---: | ---: | ---: | ---: | ---: |
                | b1 | 未填写 | 2 | 0 | 1 | 0 | 1 |
                | b1 | 综合部 | 1 | 0 | 1 | 1 | 0 |
                | b1 | 运营部 | 2 | 1 | 4 | 2 | 1 |

                ## 逾期措施

                | 网点 | 措施 | 责任人 | 完成时限 | 逾期工作日 | 内容 |
                | --- | --- | --- | --- | ---: | --- |
                | b1 | 2/1 | 赵刚 | 2026-09-30 | 8 | 措施2-1 |
                | b1 | 4/1 | 赵刚 | 2026-10-09 | 6 | 措施4-1 |
                """)

        // and without overdue measures, a sentence says so
        let september = try render(figures(through: "2026-09-20"), .md)
        #expect(september.hasSuffix("## 逾期措施\n\n无逾期措施。"))
    }

    @Test("JSON is one object with snake_case keys, sorted, and null for no inspection and no change")
    func json() throws {
        let current = try figures(through: "2026-10-16")
        let change = current.change(since: try figures(through: "2026-10-09"))

        let text = try render(current, change: change, .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

        #expect(
            Set(object.keys)
                == ["as_of", "inspection", "totals", "leaders", "departments", "overdue", "change", "sentence"])
        #expect(object["as_of"] as? String == "2026-10-16")
        #expect(object["inspection"] is NSNull)
        #expect(object["sentence"] as? String == current.sentence)
        let totals = try #require(object["totals"] as? [String: Int])
        #expect(
            totals == [
                "findings": 5, "open": 1, "rectifying": 2, "awaiting_close_out": 1, "closed": 1, "measures": 6,
                "done": 3, "done_late": 1, "overdue": 2, "running": 1, "rules_created": 1, "rules_revised": 1,
                "recurrences": 1,
            ])
        let leaders = try #require(object["leaders"] as? [[String: Any]])
        #expect(leaders.count == 2)
        #expect(leaders[0]["leader"] as? String == LedgerFixtures.lin)
        #expect(leaders[0]["leader_name"] as? String == "林振华")
        #expect(leaders[0]["measures"] as? Int == 5)
        let departments = try #require(object["departments"] as? [[String: Any]])
        #expect(departments.map { $0["department"] as? String } == ["未填写", "综合部", "运营部"])
        #expect(departments[0]["leader"] == nil)
        let overdue = try #require(object["overdue"] as? [[String: Any]])
        #expect(overdue.map { $0["measure"] as? String } == ["2/1", "4/1"])
        #expect(overdue[0]["business_days_overdue"] as? Int == 8)
        #expect(overdue[0]["owner_name"] as? String == "赵刚")
        #expect(overdue[0]["deadline"] as? String == "2026-09-30")
        let moved = try #require(object["change"] as? [String: Any])
        #expect(moved["since"] as? String == "2026-10-09")
        #expect(moved["newly_closed"] as? Int == 1)
        #expect((moved["totals"] as? [String: Int])?["rectifying"] == -1)
        // Keys sorted, as in every gridctl JSON
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == ["as_of", "change", "departments", "inspection", "leaders", "overdue", "sentence", "totals"])

        // and without a change, it is null
        let alone = try JSONSerialization.jsonObject(with: Data(try render(current, .json).utf8)) as? [String: Any]
        #expect(alone?["change"] is NSNull)
    }

    @Test("JSON's totals are the table's: the counts of the sentence")
    func jsonMatchesTable() throws {
        for date in ["2026-09-20", "2026-10-09", "2026-10-16"] {
            let figures = try figures(through: date)
            let table = try render(figures, .table)
            let json = try render(figures, .json)

            // The table's sentence, its counts in order
            let sentence = String(table.split(separator: "\n")[1])
            let counts = sentence.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).compactMap { Int($0) }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let totals = try #require(object["totals"] as? [String: Int])
            let keys = [
                "findings", "closed", "awaiting_close_out", "rectifying", "open", "measures", "done", "overdue",
                "rules_created", "rules_revised", "recurrences",
            ]
            #expect(counts == keys.map { totals[$0] ?? -1 }, "on \(date)")
        }
    }

    @Test("CSV is one row per leader, then per department, then the total, with a group column")
    func csv() throws {
        let current = try figures(through: "2026-10-16")

        #expect(
            try render(current, .csv) == """
                group,branch,responsible,responsible_name,findings,closed,measures,done,overdue
                leader,b1,lin.zhenhua,林振华,3,1,5,2,2
                leader,b1,zhou.min,周敏,2,0,1,1,0
                department,b1,未填写,未填写,2,0,1,0,1
                department,b1,综合部,综合部,1,0,1,1,0
                department,b1,运营部,运营部,2,1,4,2,1
                total,,,,5,1,6,3,2
                """)

        // and for Excel, with a byte-order mark and CRLF
        let excel = try render(current, .excelCSV)
        #expect(excel.hasPrefix("\u{FEFF}group,branch,"))
        #expect(excel.hasSuffix("total,,,,5,1,6,3,2\r\n"))
        #expect(excel.components(separatedBy: "\r\n").count == 8)
    }

    @Test("untrusted text is escaped in the table: one line each, no escape sequence")
    func hostileTable() throws {
        let text = try render(Hostile.figures(), .table, name: Hostile.name)
        #expect(!hasRawControls(text))
        #expect(text.hasPrefix(#"整改台账 截至2026-10-09（检查：巡察|\n\x1b[31m=cmd）"#))
        #expect(text.split(separator: "\n").filter { $0.contains("=cmd|部门") }.count == 1)
        #expect(text.contains(#"=cmd|部门\n\x1b[31m红"#))
        #expect(text.contains(#"+林\x1b[31m|*x*"#))
        #expect(text.contains(#"=cmd|措施\n\x1b[31m"#))
    }

    @Test("untrusted text is escaped in Markdown: no pipe splits a cell, no line break ends a row")
    func hostileMarkdown() throws {
        let text = try render(Hostile.figures(), .md, name: Hostile.name)
        #expect(!hasRawControls(text))
        #expect(text.contains(#"检查：巡察\|\\n\\x1b\[31m=cmd"#))
        #expect(text.contains(#"| b1 | =cmd\|部门\\n\\x1b\[31m红 | 1 | 0 | 1 | 0 | 1 |"#))
        #expect(text.contains(#"| b1 | +林\\x1b\[31m\|\*x\* | 1 | 0 | 1 | 0 | 1 |"#))
        #expect(text.contains(#"| =cmd\|措施\\n\\x1b\[31m |"#))
        // Every row of a table has its table's cells
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.map(markdownCells) == [7, 7, 7, 7, 7, 7, 6, 6, 6])
    }

    @Test("untrusted text is exact in JSON, and no raw escape character reaches the terminal")
    func hostileJSON() throws {
        let text = try render(Hostile.figures(), .json, name: Hostile.name)
        #expect(!hasRawControls(text))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["inspection"] as? String == Hostile.inspection)
        #expect((object["departments"] as? [[String: Any]])?.first?["department"] as? String == Hostile.department)
        #expect((object["leaders"] as? [[String: Any]])?.first?["leader_name"] as? String == Hostile.leaderName)
        #expect((object["overdue"] as? [[String: Any]])?.first?["text"] as? String == Hostile.measure)
    }

    @Test("untrusted text is escaped in CSV and a formula is neutralised")
    func hostileCSV() throws {
        let text = try render(Hostile.figures(), .csv, name: Hostile.name)
        #expect(!hasRawControls(text))
        #expect(
            text == """
                group,branch,responsible,responsible_name,findings,closed,measures,done,overdue
                leader,b1,lin,'+林\\x1b[31m|*x*,1,0,1,0,1
                department,b1,'=cmd|部门\\n\\x1b[31m红,'=cmd|部门\\n\\x1b[31m红,1,0,1,0,1
                total,,,,1,0,1,0,1
                """)
    }
}
