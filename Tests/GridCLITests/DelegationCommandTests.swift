import Foundation
import GRDB
import GridTestKit
import Testing

/// `gridctl delegate` on the shipped example branch: 周敏 (zhou.min, the back-office deputy)
/// hands her work to 赵刚 (zhao.gang) for the week of Monday 2026-11-23.
@Suite("gridctl delegate")
struct DelegationCommandTests {
    static let leave = [
        "delegate", "--from", "zhou.min", "--to", "zhao.gang", "--start", "2026-11-23", "--end", "2026-11-27", "--by",
        "zhou.min", "--note", "年假",
    ]

    /// A database holding the week's delegation.
    func delegated(_ gridctl: Gridctl? = nil) throws -> Gridctl {
        let gridctl = try gridctl ?? Gridctl()
        let out = try gridctl.succeed(Self.leave)
        #expect(out.contains("delegation #1: 周敏 (zhou.min) → 赵刚 (zhao.gang), 2026-11-23..2026-11-27"), "\(out)")
        return gridctl
    }

    /// The number of entries of the record: what a refused command must leave as it was.
    func entries(_ gridctl: Gridctl) throws -> String {
        let verify = try gridctl.succeed(["audit", "verify"])
        return String(verify.split(separator: ";").first ?? "")
    }

    /// The audit log as JSON objects.
    func auditLog(_ gridctl: Gridctl) throws -> [[String: Any]] {
        let json = try gridctl.succeed(["audit", "log", "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    }

    @Test(
        "Given 周敏's delegation for the week, when one that may not be is asked for, then it is refused with exit 1 and one line naming why, and nothing is written",
        arguments: [
            (
                ["--from", "zhou.min", "--to", "wu.ting", "--start", "2026-11-25", "--end", "2026-11-30"], "zhou.min",
                "overlaps delegation #1"
            ),
            (
                ["--from", "wu.ting", "--to", "wu.ting", "--start", "2026-11-25", "--end", "2026-11-30"], "wu.ting",
                "cannot delegate to themselves"
            ),
            (
                ["--from", "wu.ting", "--to", "nobody", "--start", "2026-11-25", "--end", "2026-11-30"], "wu.ting",
                "'nobody' is not on the roster throughout"
            ),
            (
                ["--from", "wu.ting", "--to", "he.jing", "--start", "2026-11-25", "--end", "2026-11-30"], "wu.ting",
                "'he.jing' is not on the roster throughout 2026-11-25..2026-11-30"
            ),
            (
                ["--from", "wu.ting", "--to", "zhou.min", "--start", "2026-11-25", "--end", "2026-11-30"], "wu.ting",
                "'zhou.min' has delegated their own work away (#1, 2026-11-23..2026-11-27)"
            ),
            (
                ["--from", "wu.ting", "--to", "zheng.kai", "--start", "2026-11-20", "--end", "2026-11-30"], "wu.ting",
                "in the past"
            ),
            (
                ["--from", "wu.ting", "--to", "zheng.kai", "--start", "2026-11-30", "--end", "2026-11-25"], "wu.ting",
                "the range ends (2026-11-25) before it starts (2026-11-30)"
            ),
            (
                [
                    "--from", "wu.ting", "--to", "zheng.kai", "--start", "2026-11-25", "--end", "2026-11-30", "--roles",
                    "counter-manager,cashier",
                ], "wu.ting", "unknown role(s) cashier"
            ),
            (
                ["--from", "wu.ting", "--to", "zheng.kai", "--start", "2026-11-25", "--end", "2026-11-30"],
                "chen.xiaodong",
                "'chen.xiaodong' may not delegate for 'wu.ting'"
            ),
            (
                ["--from", "zhao.gang", "--to", "wu.ting", "--start", "2026-11-25", "--end", "2026-11-30"], "zhao.gang",
                "'zhao.gang' holds the work of 'zhou.min' then"
            ),
        ])
    func refused(arguments: [String], by: String, reason: String) throws {
        // Given the week's delegation, and 何静 leaving on 2026-11-28
        let gridctl = try delegated(
            Gridctl.onCopy(
                editing: "branches/example.yaml",
                [("  - id: he.jing\n    name: 何静\n", "  - id: he.jing\n    name: 何静\n    left: 2026-11-28\n")]))
        let before = try entries(gridctl)

        // When the refused delegation is asked for
        let result = try gridctl.run(["delegate"] + arguments + ["--by", by])

        // Then exit 1, one line, and the record is as it was
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(
            lines.count == 1 && result.stderr.contains("refused: ") && result.stderr.contains(reason),
            "\(result.stderr)")
        #expect(try entries(gridctl) == before)
        #expect(!(try gridctl.succeed(["grid", "--person", "wu.ting"])).contains("代理"))
    }

    @Test(
        "Given the week's delegation, when 赵刚 lists what he owes, then 周敏's open items are listed too, marked for her and still hers"
    )
    func listing() throws {
        let gridctl = try delegated()
        let own = try gridctl.items(["due", "--person", "zhou.min"])

        let json = try gridctl.succeed(["due", "--person", "zhao.gang", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let held = rows.filter { $0["for"] as? String == "zhou.min" }
        #expect(Set(held.compactMap { $0["id"] as? Int64 }) == Set(own.map(\.id)))
        #expect(held.allSatisfy { $0["owner"] as? String == "zhou.min" })
        #expect(rows.filter { $0["for"] == nil }.allSatisfy { $0["owner"] as? String == "zhao.gang" })
        let table = try gridctl.succeed(["due", "--person", "zhao.gang"])
        #expect(table.contains("for 周敏"), "\(table)")

        // After the week it is over
        let after = try gridctl.items(["due", "--person", "zhao.gang"], now: "2026-11-30T10:00")
        #expect(after.allSatisfy { $0.owner == "zhao.gang" })
    }

    @Test(
        "Given the week's delegation, when 赵刚 records one of 周敏's items, then it is done, and show and the audit log say 赵刚 for 周敏"
    )
    func actForDelegator() throws {
        let gridctl = try delegated()
        let item = try gridctl.item("ops.account-reconciliation")
        #expect(item.owner == "zhou.min")

        let done = try gridctl.succeed(["done", String(item.id), "--by", "zhao.gang"])

        #expect(done.contains("recorded by 赵刚 for 周敏"), "\(done)")
        let show = try gridctl.succeed(["show", String(item.id)])
        #expect(show.contains("completed by 赵刚 for 周敏"), "\(show)")
        #expect(show.contains("周敏 (zhou.min)"), "\(show)")
        let entry = try #require(try auditLog(gridctl).last)
        #expect(entry["kind"] as? String == "completion")
        #expect(entry["actor"] as? String == "zhao.gang")
        #expect(entry["on_behalf_of"] as? String == "zhou.min")
        #expect(try gridctl.succeed(["audit", "verify"]).hasPrefix("audit: ok"))

        // The week over, he may no longer
        let later = try gridctl.item("ops.atm-cassette-check", listing: "overdue", now: "2026-12-01T09:00")
        let refused = try gridctl.run(["done", String(later.id), "--by", "zhao.gang"], now: "2026-12-01T09:00")
        #expect(refused.status == 1 && refused.stderr.contains("may not complete"), "\(refused.stderr)")
    }

    @Test(
        "Given a delegation of only 周敏's operations-deputy items, then 赵刚 sees and may record only those"
    )
    func onlySomeRoles() throws {
        let gridctl = try Gridctl()
        try gridctl.succeed(
            [
                "delegate", "--from", "zhou.min", "--to", "zhao.gang", "--start", "2026-11-23", "--end", "2026-11-27",
                "--roles", "operations-deputy", "--by", "lin.zhenhua",
            ])
        let theirs = try gridctl.items(["due", "--person", "zhou.min"])
        let listed = try gridctl.items(["due", "--person", "zhao.gang"]).filter { $0.owner == "zhou.min" }

        #expect(!listed.isEmpty)
        #expect(Set(listed.map(\.id)) == Set(theirs.filter { $0.ownerRole == "operations-deputy" }.map(\.id)))
        let other = try #require(theirs.first { $0.ownerRole != "operations-deputy" })
        let refused = try gridctl.run(["done", String(other.id), "--by", "zhao.gang"])
        #expect(refused.status == 1, "\(refused.stdout)")
        // Entered by her supervisor: on her behalf
        let entry = try #require(try auditLog(gridctl).last)
        #expect(entry["kind"] as? String == "delegation" && entry["actor"] as? String == "lin.zhenhua")
        #expect(entry["on_behalf_of"] as? String == "zhou.min")
    }

    @Test(
        "Given the week's delegation, when gridd raises the morning's reminders, then those aimed at 周敏 reach 赵刚 too, and his acknowledgement is recorded for her"
    )
    func alertsReachDelegate() throws {
        let gridctl = try delegated()
        let morning = "2026-11-24T09:00"
        let gridd = ProcessRunner("gridd")
        let pass = try gridd.run(["--once", "--config", gridctl.config, "--db", gridctl.database, "--now", morning])
        #expect(pass.status == 0, "\(pass.stderr)")

        let json = try gridctl.succeed(["alerts", "--person", "zhao.gang", "--format", "json"], now: morning)
        // The alerts (the day's digests, one per person, are about no single item)
        let alerts = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            .filter { $0["kind"] as? String != "digest" }
        #expect(!alerts.isEmpty)
        // Each names 周敏 with 赵刚 right after her: reminders to her, escalations to her as a grid leader
        let targets = alerts.compactMap { $0["targets"] as? [String] }
        #expect(targets.count == alerts.count)
        #expect(
            targets.allSatisfy { people in
                people.firstIndex(of: "zhao.gang").map { $0 > 0 && people[$0 - 1] == "zhou.min" } ?? false
            }, "\(targets)")
        #expect(targets.contains(["zhou.min", "zhao.gang"]))
        let own = try gridctl.succeed(["alerts", "--person", "zhou.min", "--format", "json"], now: morning)
        #expect(own.contains("\"id\""))

        let id = try #require(alerts.first?["id"] as? Int64)
        try gridctl.succeed(["ack", String(id), "--by", "zhao.gang"], now: morning)
        let entry = try #require(try auditLog(gridctl).last)
        #expect(entry["kind"] as? String == "acknowledgement")
        #expect(entry["actor"] as? String == "zhao.gang" && entry["on_behalf_of"] as? String == "zhou.min")
        #expect(try gridctl.succeed(["audit", "verify"]).hasPrefix("audit: ok"))
    }

    @Test(
        "Given the week's delegation, grid --person shows it both ways; a cancel ends it from today, and only the same people may cancel"
    )
    func gridAndCancel() throws {
        let gridctl = try delegated()
        #expect(
            try gridctl.succeed(["grid", "--person", "zhou.min"]).contains(
                "代理 delegated to: 赵刚 (zhao.gang), 2026-11-23..2026-11-27 — #1, in force"))
        #expect(
            try gridctl.succeed(["grid", "--person", "zhao.gang"]).contains(
                "代理 holds the work of: 周敏 (zhou.min), 2026-11-23..2026-11-27 — #1, in force"))

        let wednesday = "2026-11-25T08:00"
        let refused = try gridctl.run(["delegate", "--cancel", "1", "--by", "zhao.gang"], now: wednesday)
        #expect(refused.status == 1 && refused.stderr.contains("may not delegate for 'zhou.min'"), "\(refused.stderr)")
        let cancelled = try gridctl.succeed(["delegate", "--cancel", "1", "--by", "zhou.min"], now: wednesday)
        #expect(cancelled.contains("2026-11-23..2026-11-24"), "\(cancelled)")

        #expect(
            try gridctl.items(["due", "--person", "zhao.gang"], now: wednesday).allSatisfy { $0.owner == "zhao.gang" })
        #expect(!(try gridctl.succeed(["grid", "--person", "zhao.gang"], now: wednesday)).contains("代理"))
        let again = try gridctl.run(["delegate", "--cancel", "1", "--by", "zhou.min"], now: "2026-11-26T08:00")
        #expect(again.status == 1 && again.stderr.contains("already over"), "\(again.stderr)")
        #expect(try gridctl.succeed(["audit", "verify"]).hasPrefix("audit: ok"))
    }

    @Test(
        "audit verify covers delegations: a changed delegation, or one inserted outside the record, is named",
        arguments: [
            (
                "DROP TRIGGER delegation_no_update; UPDATE delegation SET end_day = '2026-12-31' WHERE id = 1",
                "entry 3 does not match its hash"
            ),
            (
                """
                INSERT INTO delegation (branch, kind, from_person, to_person, start_day, end_day, entered_at)
                VALUES ('example', 'delegate', 'wu.ting', 'he.jing', '2026-11-23', '2026-11-27', 0)
                """,
                "delegation 2 is covered by no entry"
            ),
            (
                "DROP TRIGGER delegation_no_delete; DELETE FROM delegation WHERE id = 1",
                "delegation 1, covered by entry 3, is deleted"
            ),
        ])
    func verifyCoversDelegations(sql: String, problem: String) throws {
        let gridctl = try delegated()
        #expect(try gridctl.succeed(["audit", "verify"]).hasPrefix("audit: ok"))

        try DatabaseQueue(path: gridctl.database).write { try $0.execute(sql: sql) }

        let result = try gridctl.run(["audit", "verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(problem), "\(result.stderr)")
    }

    @Test("the schema refuses to change or delete a stored delegation")
    func appendOnly() throws {
        let gridctl = try delegated()
        for sql in ["UPDATE delegation SET end_day = '2026-12-31'", "DELETE FROM delegation"] {
            #expect(throws: (any Error).self) {
                try DatabaseQueue(path: gridctl.database).write { try $0.execute(sql: sql) }
            }
        }
    }
}
