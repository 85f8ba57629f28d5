import Foundation
import GRDB
import GridTestKit
import Testing

/// `gridctl points` and gridd's scoring on the built binaries, with the shipped integrity
/// table and example branch.
@Suite("gridctl points: scores explained, red lines, appeals, the year's close, rebuild")
struct PointsCommandTests {
    static let december = "2026-12-02T10:00"

    @discardableResult
    func pass(_ gridctl: Gridctl, _ now: String) throws -> String {
        try gridctl.createSimulation()
        let result = try ProcessRunner("gridd").run([
            "--config", gridctl.config, "--db", gridctl.database, "--once", "--now", now, "--log-format", "journal",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    func show(_ gridctl: Gridctl, _ arguments: [String], now: String = december) throws -> [String: Any] {
        let json = try gridctl.succeed(["points", "show", "--format", "json"] + arguments, now: now)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test(
        "gridd scores November's items: each on-time or missed item is an entry of its owner, explained with a running total that ends at the total"
    )
    func scoredFromRecords() throws {
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.receipt-cabinet-check", now: "2026-11-20T10:00")
        try gridctl.succeed(["done", String(item.id), "--by", "zhou.min"], now: "2026-11-20T10:00")
        let log = try pass(gridctl, "2026-12-01T09:00")
        #expect(log.contains("points scored"), "\(log)")
        let zhou = try show(gridctl, ["--person", "zhou.min"])
        let entries = try #require(zhou["entries"] as? [[String: Any]])
        #expect(
            entries.contains {
                $0["source"] as? String == "occurrence:\(item.id)" && $0["rule"] as? String == "duty.on-time"
            })
        #expect(entries.contains { ($0["rule"] as? String)?.hasPrefix("duty.missed") == true })
        #expect(entries.last?["running_total"] as? Int == zhou["total"] as? Int)
        // A second pass scores nothing again.
        let again = try pass(gridctl, "2026-12-01T10:00")
        #expect(!again.contains("points scored"), "\(again)")
        // Checked at the pass's instant: later, more periods have ended than the pass scored.
        #expect(try gridctl.succeed(["points", "rebuild", "--check"], now: "2026-12-01T10:00").contains("ok"))
        // Done late after it was scored missed: the missed entry is reversed, the late one scored.
        let missed = try #require(entries.first { ($0["rule"] as? String)?.hasPrefix("duty.missed") == true })
        let source = try #require(missed["source"] as? String)
        let id = String(source.dropFirst("occurrence:".count))
        try gridctl.succeed(["done", id, "--by", "zhou.min", "--note", "补做"], now: Self.december)
        try pass(gridctl, "2026-12-02T11:00")
        let after = try #require(try show(gridctl, ["--person", "zhou.min"])["entries"] as? [[String: Any]])
        let ofItem = after.filter { $0["source"] as? String == source }
        #expect(ofItem.map { $0["points"] as? Int ?? 0 }.reduce(0, +) == (ofItem.last?["points"] as? Int), "\(ofItem)")
        #expect(ofItem.contains { $0["reverses"] as? Int == missed["id"] as? Int })
        #expect(ofItem.contains { ($0["rule"] as? String)?.hasPrefix("duty.late") == true }, "\(ofItem)")
        #expect(try gridctl.succeed(["points", "rebuild", "--check"], now: "2026-12-02T11:00").contains("ok"))
    }

    @Test(
        "A red line is recorded only with authority, forces red whatever the total, blacklists, and warns every staff member"
    )
    func redLine() throws {
        let gridctl = try Gridctl()
        let refused = try gridctl.run(
            [
                "points", "record", "redline.drunk-driving", "--person", "郑凯", "--text", "酒驾", "--reference", "R1",
                "--by", "wu.ting",
            ],
            now: Self.december)
        #expect(refused.status == 1 && refused.stderr.contains("only a holder of"), "\(refused.stderr)")
        let recorded = try gridctl.succeed(
            [
                "points", "record", "redline.drunk-driving", "--person", "郑凯", "--text", "酒后驾驶", "--reference", "纪案12号",
                "--by", "zhou.min",
            ],
            now: Self.december)
        #expect(recorded.contains("warning notice") && recorded.contains("员工某"), "\(recorded)")
        let score = try show(gridctl, ["--person", "zheng.kai"])
        #expect(score["band"] as? String == "red" && score["red_line"] as? Bool == true)
        #expect(try gridctl.succeed(["points", "blacklist"], now: Self.december).contains("纪案12号"))
        let log = try pass(gridctl, "2026-12-02T10:05")
        let notice = try #require(log.split(separator: "\n").first { $0.contains("alert.kind=notice") }, "\(log)")
        #expect(notice.hasPrefix("<4>") && notice.contains("targets=lin.zhenhua,zhou.min,chen.xiaodong"), "\(notice)")
        #expect(!notice.contains("zheng.kai ") || notice.contains("targets="), "the notice names nobody: \(notice)")
        #expect(try gridctl.succeed(["audit", "verify"], now: Self.december).contains("ok"))
    }

    @Test(
        "An appeal reverses an entry only through a second person; the reversal names the entry, the reason and the approver"
    )
    func appeal() throws {
        let gridctl = try Gridctl()
        try gridctl.succeed(
            [
                "points", "record", "violation.conduct", "--person", "he.jing", "--text", "上班迟到", "--reference", "C-1",
                "--by", "zhou.min",
            ],
            now: Self.december)
        let entry = try #require(
            (try show(gridctl, ["--person", "he.jing"])["entries"] as? [[String: Any]])?.last?["id"] as? Int)
        let filed = try gridctl.succeed(
            ["points", "appeal", String(entry), "--reason", "当日请假", "--by", "he.jing"], now: Self.december)
        #expect(filed.contains("appeal #1"), "\(filed)")
        for (by, why) in [("he.jing", "filed it"), ("zhou.min", "recorded the entry"), ("wu.ting", "only a holder of")]
        {
            let refused = try gridctl.run(
                ["points", "decide", "1", "--uphold", "--reason", "x", "--by", by], now: Self.december)
            #expect(refused.status == 1 && refused.stderr.contains(why), "\(by): \(refused.stderr)")
        }
        try gridctl.succeed(
            ["points", "decide", "1", "--uphold", "--reason", "请假属实", "--by", "lin.zhenhua"], now: Self.december)
        let lines = try #require(try show(gridctl, ["--person", "he.jing"])["entries"] as? [[String: Any]])
        let reversal = try #require(lines.last)
        #expect(reversal["reverses"] as? Int == entry && reversal["approved_by"] as? String == "lin.zhenhua")
        #expect(reversal["reason"] as? String == "请假属实")
        let twice = try gridctl.run(
            ["points", "decide", "1", "--dismiss", "--reason", "x", "--by", "lin.zhenhua"], now: Self.december)
        #expect(twice.status == 1 && twice.stderr.contains("already upheld"), "\(twice.stderr)")
    }

    @Test("After the year's close, a correction of it counts in the next year and says which year it concerns")
    func closedYear() throws {
        let gridctl = try Gridctl()
        try gridctl.succeed(
            [
                "points", "record", "violation.conduct", "--person", "he.jing", "--text", "迟到", "--reference", "C-2",
                "--by", "zhou.min",
            ],
            now: Self.december)
        let early = try gridctl.run(["points", "close-year", "2026", "--by", "lin.zhenhua"], now: Self.december)
        #expect(early.status == 1 && early.stderr.contains("has not ended"), "\(early.stderr)")
        try gridctl.succeed(["points", "close-year", "2026", "--by", "lin.zhenhua"], now: "2027-01-05T10:00")
        let entry = try #require(
            (try show(gridctl, ["--person", "he.jing", "--year", "2026"], now: "2027-01-05T10:00")["entries"]
                as? [[String: Any]])?.first?["id"] as? Int)
        let filed = try gridctl.succeed(
            ["points", "appeal", String(entry), "--reason", "误记", "--by", "he.jing"], now: "2027-01-05T10:00")
        let appeal = try #require(
            filed.split(separator: " ").first { $0.hasPrefix("#") }.map { String($0.dropFirst()) })
        try gridctl.succeed(
            ["points", "decide", appeal, "--uphold", "--reason", "误记", "--by", "lin.zhenhua"], now: "2027-01-05T11:00")
        let next = try #require(
            try show(gridctl, ["--person", "he.jing", "--year", "2027"], now: "2027-01-05T12:00")["entries"]
                as? [[String: Any]])
        #expect(next.contains { $0["reverses"] as? Int == entry && $0["concerns_year"] as? Int == 2026 }, "\(next)")
        let frozen = try show(gridctl, ["--person", "he.jing", "--year", "2026"], now: "2027-01-05T12:00")
        #expect((frozen["entries"] as? [[String: Any]])?.count == 1)
    }

    @Test("rebuild --check reports a corrupted stored total and exits 1")
    func rebuildFindsCorruption() throws {
        let gridctl = try Gridctl()
        try pass(gridctl, "2026-12-01T09:00")
        #expect(try gridctl.succeed(["points", "rebuild", "--check"], now: "2026-12-01T09:00").contains("ok"))
        try DatabaseQueue(path: gridctl.database).write {
            try $0.execute(
                sql: """
                    UPDATE points_sum SET points = points + 7
                    WHERE (branch, person, year, rule) = (SELECT branch, person, year, rule FROM points_sum LIMIT 1)
                    """)
        }
        let broken = try gridctl.run(["points", "rebuild", "--check"], now: "2026-12-01T09:00")
        #expect(broken.status == 1 && broken.stdout.contains("the stored total is"), "\(broken.stdout)\(broken.stderr)")
    }
}
