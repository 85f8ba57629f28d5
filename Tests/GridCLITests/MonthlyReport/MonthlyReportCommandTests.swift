import Foundation
import GridTestKit
import Testing

@Suite("report --month", .serialized)
struct MonthlyReportCommandTests {
    @Test("November's figures on the example branch are those counted by hand from the catalog and the records")
    func pinnedFigures() throws {
        // Given the played November
        let scenario = try MonthlyReportScenario()
        // When the report is read on 12-01
        let figures = try scenario.json().leaves()
        func value(_ path: String) -> JSONLeaf? { figures[path] }
        // Then: November 2026 has no holiday and the branch opens Monday to Saturday: 25
        // business days, the five Sundays closed.
        let days = figures.filter { $0.key.hasPrefix("days/") && $0.key.hasSuffix("/business") }
        #expect(days.count == 30)
        #expect(days.filter { $0.value == .bool(true) }.count == 25)
        #expect(["01", "08", "15", "22", "29"].allSatisfy { value("days/2026-11-\($0)/business") == .bool(false) })
        // The party line owes one 系统履职及预警处理 per business day (25) and two monthly
        // meetings (支委会, 党员学习) due 11-30: 27; one on time, one late, 25 missed.
        #expect(value("lines/party/owed") == .int(27))
        #expect(value("lines/party/on_time") == .int(1))
        #expect(value("lines/party/late") == .int(1))
        #expect(value("lines/party/missed") == .int(25))
        #expect(value("lines/party/waived") == .int(0))
        #expect(value("lines/party/pending") == .int(0))
        #expect(value("lines/party/on_time_rate") == .double(1.0 / 27.0))
        #expect(value("lines/operations/waived") == .int(1))
        // Eight duties are due every weekday (系统履职, two operations logs, two security
        // checks, attendance, and the system-duty chase of each of the two grids).
        #expect(value("days/2026-11-02/owed") == .int(8))
        #expect(value("days/2026-11-02/on_time") == .int(1))
        #expect(value("days/2026-11-02/on_time_rate") == .double(1.0 / 8.0))
        #expect(value("days/2026-11-03/on_time") == .int(0))
        #expect(value("days/2026-11-04/waived") == .int(1))
        #expect(value("days/2026-11-04/on_time_rate")?.isStated(by: "0.0") == true)
        #expect(value("days/2026-11-01/owed") == .int(0))
        #expect(value("days/2026-11-01/on_time_rate") == .null)
        // The whole month: one on time, one late, one waived, nothing pending, the rest missed,
        // and every missed item in one age bucket.
        guard case .int(let owed) = value("totals/owed"), case .int(let missed) = value("totals/missed") else {
            Issue.record("totals missing")
            return
        }
        #expect(missed == owed - 3)
        #expect(value("totals/pending") == .int(0))
        #expect(value("totals/on_time_rate") == .double(1.0 / Double(owed - 1)))
        let ages = ["1-3", "4-10", "11+"].compactMap { path -> Int? in
            if case .int(let n) = value("overdue_by_age/" + path) { n } else { nil }
        }
        #expect(ages.reduce(0, +) == missed)
        // The secretary owns the party line, the operations deputy the operations logs.
        #expect(value("people/lin.zhenhua/on_time") == .int(1))
        #expect(value("people/lin.zhenhua/late") == .int(1))
        #expect(value("people/zhou.min/waived") == .int(1))
        #expect(value("month") == .string("2026-11"))
        #expect(value("as_of") == .string("2026-12-01T00:00:00+08:00"))
        #expect(value("ledger") == .null)
        // The shipped integrity table scores the branch and its people: standings are given.
        #expect(value("integrity/branch/total") != nil && value("integrity/people/lin.zhenhua/band") != nil)
    }

    @Test("the escalations raised in the month are the escalation alerts gridd raised, per level")
    func escalations() throws {
        let scenario = try MonthlyReportScenario()
        let alerts = try JSONDecoder().decode(
            [[String: JSONLeaf]].self,
            from: Data(
                try scenario.gridctl.succeed(
                    ["alerts", "--all", "--limit", "100000", "--format", "json"], now: MonthlyReportScenario.december
                ).utf8))
        let escalations = alerts.filter { $0["kind"] == .string("escalation") }
        try #require(!escalations.isEmpty, "gridd raised no escalation on 11-23")
        let figures = try scenario.json().leaves()
        #expect(figures["escalations/total"] == .int(escalations.count))
        for level in Set(escalations.compactMap { if case .int(let l) = $0["level"] { l } else { nil } }) {
            let count = escalations.filter { $0["level"] == .int(level) }.count
            #expect(figures["escalations/by_level/\(level)"] == .int(count))
        }
    }

    @Test("mid-month the report reads the month as it stands now: items not yet due are pending")
    func midMonth() throws {
        let scenario = try MonthlyReportScenario()
        let figures = try scenario.json(now: "2026-11-23T10:00").leaves()
        // 19 daily items due 11-02…11-23, the last not due until 17:00, and the two monthly
        // meetings of 11-30 not yet materialised beyond their period's start: all pending.
        #expect(figures["as_of"] == .string("2026-11-23T10:00:00+08:00"))
        #expect(figures["lines/party/owed"] == .int(21))
        #expect(figures["lines/party/pending"] == .int(3))
        #expect(figures["lines/party/missed"] == .int(16))
    }

    @Test("every format states the same figures: md and csv carry the totals the json has")
    func formats() throws {
        let scenario = try MonthlyReportScenario()
        let figures = try scenario.json().leaves()
        guard case .int(let owed) = figures["totals/owed"], case .int(let missed) = figures["totals/missed"] else {
            Issue.record("totals missing")
            return
        }
        let csv = parseCSV(try scenario.report("csv"))
        #expect(csv.first == ["section", "key", "name", "figure", "value"])
        #expect(csv.contains(["total", "", "示例支行营业部", "owed", String(owed)]))
        #expect(csv.contains(["line", "party", "党建线", "on_time_rate", String(1.0 / 27.0)]))
        #expect(csv.contains(["day", "2026-11-01", "", "business", "false"]))
        let rows = csv.dropFirst().filter { $0[0] == "line" && $0[1] == "party" }
        #expect(rows.map { $0[3] } == ["owed", "on_time", "late", "missed", "waived", "pending", "on_time_rate"])
        let md = try scenario.report("md")
        #expect(md.hasPrefix("# 示例支行营业部 月度督导报告 2026-11"))
        #expect(md.contains("| 合计 total | \(owed) | 1 | 1 | \(missed) | 1 | 0 |"))
        #expect(md.contains("| 党建线 | 27 | 1 | 1 | 25 | 0 | 0 | 3.7% |"))
        #expect(!md.contains("无清廉积分表 no integrity table"))
        #expect(try scenario.report("table") == md)
        let html = try scenario.report("html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("\"Microsoft YaHei\", \"PingFang SC\", \"Noto Sans CJK SC\""))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("无清廉积分表 no integrity table"))
    }

    @Test("--format md or html without --month, a malformed month and a month not begun are refused")
    func refusals() throws {
        let gridctl = try Gridctl()
        for (arguments, message) in [
            (["report", "--format", "html"], "--format html is for the monthly report: add --month YYYY-MM"),
            (["report", "--month", "2026-13"], "--month: '2026-13' is not a month; expected YYYY-MM"),
            (["report", "--month", "Nov"], "--month: 'Nov' is not a month"),
            (["report", "--month", "2026-12"], "--month: 2026-12 has not begun (today is 2026-11-23)"),
        ] {
            let result = try gridctl.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        // Without --month, report is what it was.
        #expect(try gridctl.succeed(["report", "--format", "csv"]).hasPrefix("branch,line,open,overdue"))
    }

    @Test("names from the configuration are escaped in html, md and csv")
    func escaping() throws {
        // Given a branch and a person whose names carry markup, quotes and a formula (the
        // configuration refuses control characters in names; the portrait's test covers them)
        let gridctl = try Gridctl.onCopy(
            editing: "branches/example.yaml",
            [
                ("name: 示例支行营业部", #"name: "=HYPERLINK(1)<img src=x onerror=alert(1)>&\"'|*""#),
                ("name: 林振华", #"name: "林<b>振华</b>&'\"""#),
            ])
        // When the month is reported
        let html = try gridctl.succeed(["report", "--month", "2026-11", "--format", "html"])
        let md = try gridctl.succeed(["report", "--month", "2026-11", "--format", "md"])
        let csv = try gridctl.succeed(["report", "--month", "2026-11", "--format", "csv"])
        // Then no name is markup anywhere, and a spreadsheet takes none for a formula
        #expect(!html.contains("<img") && !html.contains("<b>"))
        #expect(html.contains("=HYPERLINK(1)&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;|*"))
        #expect(html.contains("林&lt;b&gt;振华&lt;/b&gt;&amp;&#39;&quot;"))
        #expect(!md.replacingOccurrences(of: "\\<", with: "").contains("<"), "a < Markdown would read as HTML")
        #expect(md.contains(#"=HYPERLINK(1)\<img src=x onerror=alert(1)\>\&"'\|\*"#))
        #expect(md.contains(#"林\<b\>振华\</b\>\&'""#))
        #expect(csv.contains(#","'=HYPERLINK(1)<img src=x onerror=alert(1)>&""'|*","#))
    }

    @Test("the ledger's figures are the branch's ledger as of the month's last day")
    func ledger() throws {
        // Given a finding recorded on 11-10 with two measures due 11-13 and 11-20, neither done
        let scenario = try MonthlyReportScenario()
        let gridctl = scenario.gridctl
        let tuesday = "2026-11-10T10:00"
        try gridctl.succeed(["ledger", "add", "inspection", "--name", "四季度检查", "--kind", "条线检查"], now: tuesday)
        try gridctl.succeed(
            ["ledger", "add", "finding", "--inspection", "四季度检查", "--text", "柜员离柜未退出系统", "--leader", "林振华"],
            now: tuesday)
        for (text, deadline) in [("开展离柜规范培训", "2026-11-20"), ("每日抽查", "2026-11-13")] {
            try gridctl.succeed(
                ["ledger", "add", "measure", "1", "--text", text, "--owner", "吴婷", "--deadline", deadline], now: tuesday
            )
        }
        // When November is reported in December
        let figures = try scenario.json().leaves()
        // Then the ledger is as of 11-30: one finding being rectified, both measures overdue
        #expect(figures["ledger/as_of"] == .string("2026-11-30"))
        #expect(figures["ledger/totals/findings"] == .int(1))
        #expect(figures["ledger/totals/rectifying"] == .int(1))
        #expect(figures["ledger/totals/measures"] == .int(2))
        #expect(figures["ledger/totals/overdue"] == .int(2))
        #expect(figures["ledger/totals/done"] == .int(0))
        let html = try scenario.report("html")
        #expect(html.contains(#"data-figure="ledger/totals/overdue" data-value="2""#))
    }
}
