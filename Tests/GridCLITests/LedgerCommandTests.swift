import Foundation
import GridTestKit
import Testing

/// `gridctl ledger` on the built binary and the shipped example branch: a finding recorded
/// by hand, its measures chased as items, closed only through a second person.
@Suite("gridctl ledger: findings, measures and close-out")
struct LedgerCommandTests {
    static let inspection = "2026年四季度运营条线检查"
    static let tuesday = "2026-11-10T10:00"

    /// Finding 1 (leader 林振华) with measure 1/1 owed by 吴婷 due 11-20 (a milestone on
    /// 11-16) and 1/2 owed by 何静 due 11-13.
    func started(_ gridctl: Gridctl) throws {
        try gridctl.succeed(
            ["ledger", "add", "inspection", "--name", Self.inspection, "--kind", "条线检查"], now: Self.tuesday)
        try gridctl.succeed(
            [
                "ledger", "add", "finding", "--inspection", Self.inspection, "--text", "柜员离柜未退出系统", "--leader", "林振华",
                "--department", "运营部",
            ],
            now: Self.tuesday)
        try gridctl.succeed(
            [
                "ledger", "add", "measure", "1", "--text", "开展离柜规范培训", "--owner", "吴婷", "--deadline", "2026-11-20",
                "--milestone", "2026-11-16 完成培训方案", "--rule", "新建《柜员离柜管理办法》",
            ], now: Self.tuesday)
        try gridctl.succeed(
            ["ledger", "add", "measure", "1", "--text", "每日抽查", "--owner", "he.jing", "--deadline", "2026-11-13"],
            now: Self.tuesday)
    }

    func record(_ gridctl: Gridctl, finding: String = "1", now: String) throws -> [[String: Any]] {
        let json = try gridctl.succeed(["ledger", "show", finding, "--format", "json"], now: now)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(document["record"] as? [[String: Any]])
    }

    @Test("Measures and milestones are owed in due like any duty, by their owner, and overdue after their deadline")
    func measuresAreItems() throws {
        let gridctl = try Gridctl()
        try started(gridctl)
        let owed = try gridctl.items(["due", "--person", "wu.ting"], now: Self.tuesday)
        let measure = try #require(owed.first { $0.duty == "discipline.rectification-measure" })
        #expect(measure.subject == "问题1" && measure.period == "1" && measure.owner == "wu.ting")
        #expect(measure.deadline == "2026-11-20T17:00:00+08:00")
        #expect(owed.contains { $0.duty == "discipline.rectification-milestone" && $0.period == "1@2026-11-16" })
        let late = try gridctl.items(["overdue", "--person", "he.jing"], now: "2026-11-16T10:00")
        #expect(late.contains { $0.duty == "discipline.rectification-measure" && $0.period == "2" })
        let listed = try gridctl.succeed(["ledger", "list", "measures", "--state", "overdue"], now: "2026-11-16T10:00")
        #expect(listed.contains("1/2") && listed.contains("逾期 2 个工作日") && !listed.contains("1/1 "), "\(listed)")
        // From Tuesday 10th, 1/2 (due Friday 13th) is 3 business days away and 1/1 (Friday 20th) 9:
        // the branch opens on Saturdays.
        func measures(_ arguments: [String]) throws -> [String] {
            let json = try gridctl.succeed(
                ["ledger", "list", "measures", "--format", "json"] + arguments, now: Self.tuesday)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            return rows.compactMap { $0["measure"] as? String }
        }
        #expect(try measures(["--within", "2"]) == [])
        #expect(try measures(["--within", "3"]) == ["1/2"])
        #expect(try measures(["--within", "9"]) == ["1/1", "1/2"])
        #expect(try measures(["--within", "3d"]) == ["1/2"])
        #expect(try measures(["--grid", "counter-grid", "--person", "wu.ting"]) == ["1/1"])
        #expect(try measures(["--grid", "branch-grid"]) == [])
    }

    @Test("gridd --once alerts an overdue measure and escalates it up the owner's grid, in the journal")
    func daemonChasesMeasures() throws {
        let gridctl = try Gridctl()
        try started(gridctl)
        func pass(_ now: String) throws -> [Substring] {
            let result = try ProcessRunner("gridd").run([
                "--config", gridctl.config, "--db", gridctl.database, "--once", "--now", now, "--log-format", "journal",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").filter {
                $0.contains("duty.id=discipline.rectification-measure") && $0.contains("owner.id=he.jing")
            }
        }
        // 何静's measure is due Friday 13th at closing: overdue then, escalated to her grid
        // leader 周敏 the next business day (the branch opens on Saturdays), and three
        // business days on to the line's owner and the branch head as well.
        let overdue = try pass("2026-11-13T17:30")
        #expect(overdue.contains { $0.hasPrefix("<4>") && $0.contains("alert.kind=overdue") }, "\(overdue)")
        let first = try pass("2026-11-14T10:00")
        #expect(
            first.contains {
                $0.hasPrefix("<3>") && $0.contains("alert.kind=escalation") && $0.contains("targets=he.jing,zhou.min ")
            }, "\(first)")
        let second = try pass("2026-11-17T10:00")
        #expect(
            second.contains {
                $0.contains("alert.kind=escalation") && $0.contains("targets=he.jing,zhou.min,lin.zhenhua ")
            }, "\(second)")
    }

    @Test(
        "A close-out is refused to its leader, to a measure's owner, while a measure is open, and before it is asked; nothing changes"
    )
    func closeOutNeedsASecondPerson() throws {
        let gridctl = try Gridctl()
        try started(gridctl)
        let now = "2026-11-17T10:00"
        let before = try record(gridctl, now: now).count
        let early = try gridctl.run(
            [
                "ledger", "request-close", "1", "--solved", "a", "--effective", "b", "--mechanism", "c", "--by",
                "lin.zhenhua",
            ],
            now: now)
        #expect(early.status == 1 && early.stderr.contains("has measures not done: 1/1, 1/2"), "\(early.stderr)")
        try gridctl.succeed(["ledger", "done", "1/1", "--evidence", "培训签到表", "--by", "wu.ting"], now: now)
        try gridctl.succeed(["ledger", "done", "2", "--evidence", "抽查记录", "--by", "he.jing"], now: now)
        let notLeader = try gridctl.run(
            [
                "ledger", "request-close", "1", "--solved", "a", "--effective", "b", "--mechanism", "c", "--by",
                "zhou.min",
            ],
            now: now)
        #expect(
            notLeader.status == 1 && notLeader.stderr.contains("only the finding's responsible leader"),
            "\(notLeader.stderr)")
        let unasked = try gridctl.run(["ledger", "approve", "1", "--by", "zhou.min"], now: now)
        #expect(unasked.status == 1 && unasked.stderr.contains("is not awaiting close-out"), "\(unasked.stderr)")
        try gridctl.succeed(
            [
                "ledger", "request-close", "1", "--solved", "离柜均已退出", "--effective", "抽查20次无再发", "--mechanism",
                "《柜员离柜管理办法》", "--by", "lin.zhenhua",
            ], now: now)
        let counted = try record(gridctl, now: now).count
        #expect(counted == before + 3)
        for (by, why) in [
            ("lin.zhenhua", "responsible leader"), ("wu.ting", "they own measure 1/1"),
            ("zhao.gang", "only a holder of discipline-inspector or line-owner"),
        ] {
            let refused = try gridctl.run(["ledger", "approve", "1", "--by", by], now: now)
            #expect(refused.status == 1 && refused.stderr.contains(why), "\(by): \(refused.stderr)")
        }
        #expect(try record(gridctl, now: now).count == counted)
        let rejected = try gridctl.succeed(
            ["ledger", "reject", "1", "--reason", "长效机制未落实", "--by", "zhou.min"], now: now)
        #expect(rejected.contains("returned to rectifying"), "\(rejected)")
        try gridctl.succeed(
            [
                "ledger", "request-close", "1", "--solved", "a", "--effective", "b", "--mechanism", "c", "--by",
                "lin.zhenhua",
            ],
            now: now)
        let approved = try gridctl.succeed(["ledger", "approve", "1", "--by", "zhou.min"], now: "2026-11-18T10:00")
        #expect(approved.contains("closed (已销号) on 2026-11-18, approved by 周敏"), "\(approved)")
        let show = try gridctl.succeed(["ledger", "show", "1"], now: "2026-11-18T10:00")
        #expect(show.contains("问题 1 · 已销号") && show.contains("close-rejected  by 周敏: rejected: 长效机制未落实"), "\(show)")
        // A closed finding never reopens.
        let more = try gridctl.run(
            ["ledger", "add", "measure", "1", "--text", "x", "--owner", "吴婷", "--deadline", "2026-11-30"],
            now: "2026-11-18T10:00")
        #expect(more.status == 1 && more.stderr.contains("is closed (已销号) and never reopens"), "\(more.stderr)")
        #expect(try gridctl.succeed(["audit", "verify"], now: "2026-11-18T10:00").contains("ok"))
    }

    @Test(
        "gridctl done on a measure's item needs its evidence and records it in the ledger; waive and raise of ledger items are refused"
    )
    func oneRecordForMeasures() throws {
        let gridctl = try Gridctl()
        try started(gridctl)
        let now = "2026-11-12T10:00"
        let item = try #require(
            try gridctl.items(["due", "--person", "he.jing"], now: now).first {
                $0.duty == "discipline.rectification-measure"
            })
        let show = try gridctl.succeed(["show", String(item.id)], now: now)
        #expect(
            show.contains("整改台账 ledger: measure 1/2 (gridctl ledger show 1)") && show.contains("整改措施 measure: 每日抽查"),
            "\(show)")
        let bare = try gridctl.run(["done", String(item.id), "--by", "he.jing"], now: now)
        #expect(bare.status == 1 && bare.stderr.contains("done with its evidence: give --note"), "\(bare.stderr)")
        let waived = try gridctl.run(["waive", String(item.id), "--by", "lin.zhenhua", "--reason", "x"], now: now)
        #expect(waived.status == 1 && waived.stderr.contains("is not waived"), "\(waived.stderr)")
        let raised = try gridctl.run(
            ["raise", "discipline.rectification-measure", "--subject", "问题9", "--by", "zhou.min"], now: now)
        #expect(raised.status == 1 && raised.stderr.contains("raised by the rectification ledger"), "\(raised.stderr)")
        let done = try gridctl.succeed(["done", String(item.id), "--by", "he.jing", "--note", "抽查记录"], now: now)
        #expect(done.contains("measure 1/2 done on 2026-11-12"), "\(done)")
        let json = try gridctl.succeed(["ledger", "list", "measures", "--format", "json"], now: now)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let measure = try #require(rows.first { $0["measure"] as? String == "1/2" })
        #expect(measure["status"] as? String == "done" && measure["done_on"] as? String == "2026-11-12")
        #expect(try gridctl.detail(String(item.id), now: now).occurrence.status == "done")
    }

    @Test("Bad input to ledger add is refused with the option named, and nothing is written")
    func badInput() throws {
        let gridctl = try Gridctl()
        try started(gridctl)
        let before = try record(gridctl, now: Self.tuesday).count
        for (arguments, message) in [
            (["--owner", "张三", "--deadline", "2026-11-30"], "--owner: '张三' is neither a staff id nor a name"),
            (
                ["--owner", "吴婷", "--deadline", "2026-11-15"],
                "2026-11-15 is not a business day of branch 'example'; the next business day is 2026-11-16"
            ),
            (["--owner", "吴婷", "--deadline", "2026-11-09"], "before today"),
            (["--owner", "吴婷", "--deadline", "2036-11-28"], "a mistyped year?"),
            (["--owner", "吴婷", "--deadline", "2026-11-30", "--rule", "制度"], "--rule: '制度' is not 新建《name》"),
            (["--owner", "吴婷", "--deadline", "2026-11-30", "--number", "1/3"], "may not contain '/'"),
            (
                ["--owner", "吴婷", "--deadline", "2026-11-30", "--milestone", "2026-12-05 晚于时限"],
                "after the measure's deadline"
            ),
        ] {
            let result = try gridctl.run(
                ["ledger", "add", "measure", "1", "--text", "措施"] + arguments, now: Self.tuesday)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let control = try gridctl.run(
            ["ledger", "add", "finding", "--inspection", Self.inspection, "--text", "a\u{1B}[2Jb", "--leader", "林振华"],
            now: Self.tuesday)
        #expect(control.status == 1 && control.stderr.contains("control character"), "\(control.stderr)")
        #expect(try record(gridctl, now: Self.tuesday).count == before)
        let unknown = try gridctl.run(["ledger", "show", "9"], now: Self.tuesday)
        #expect(unknown.status == 1 && unknown.stderr.contains("no finding numbered '9'"), "\(unknown.stderr)")
    }
}
