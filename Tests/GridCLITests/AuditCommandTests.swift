import Foundation
import GRDB
import GridTestKit
import Testing

@Suite("gridctl audit verify and audit log")
struct AuditCommandTests {
    /// A database with a completion entered for its owner and a waiver.
    func recorded() throws -> Gridctl {
        let gridctl = try Gridctl()
        let reconciliation = try gridctl.item("ops.account-reconciliation", now: "2026-11-27T10:00")
        try gridctl.succeed(
            ["done", String(reconciliation.id), "--by", "zhou.min", "--note", "核对\u{1B}[2J无误"], now: "2026-11-27T10:00")
        let other = try gridctl.item("ops.atm-cassette-check", now: "2026-11-27T10:00")
        try gridctl.succeed(
            ["waive", String(other.id), "--by", "lin.zhenhua", "--reason", "停业"], now: "2026-11-27T10:00")
        return gridctl
    }

    func tamper(_ gridctl: Gridctl, _ sql: String) throws {
        try DatabaseQueue(path: gridctl.database).write { try $0.execute(sql: sql) }
    }

    @Test("on an untouched database verify exits 0 with the number of entries and the head's seq and hash")
    func untouched() throws {
        let gridctl = try recorded()

        let out = try gridctl.succeed(["audit", "verify"])

        let match = try #require(
            out.firstMatch(of: /audit: ok: (\d+) entries; head seq (\d+) hash ([0-9a-f]{64})/), "\(out)")
        #expect(match.output.1 == match.output.2)
        // The head as the journal would have it is what --expect accepts.
        try gridctl.succeed(["audit", "verify", "--expect", "\(match.output.2):\(match.output.3)"])
        let wrong = try gridctl.run([
            "audit", "verify", "--expect", "\(match.output.2):\(String(repeating: "0", count: 64))",
        ])
        #expect(wrong.status == 1, "\(wrong.stdout)")
        #expect(wrong.stderr.contains("not the expected"), "\(wrong.stderr)")
    }

    @Test(
        "verify --from a head an earlier run printed checks only the entries after it: a change after it is named, one before it is left to the full run, and a head that is not the stored one is refused"
    )
    func fromATrustedHead() throws {
        // Given a verified head, then a day's pass and another completion after it
        let gridctl = try recorded()
        let first = try gridctl.succeed(["audit", "verify"])
        let match = try #require(first.firstMatch(of: /head seq (\d+) hash ([0-9a-f]{64})/), "\(first)")
        let trusted = "\(match.output.1):\(match.output.2)"
        let headSeq = try #require(Int(match.output.1))
        let gridd = try ProcessRunner("gridd").run([
            "--once", "--config", gridctl.config, "--db", gridctl.database, "--now", "2026-11-27T12:00",
        ])
        try #require(gridd.status == 0, "\(gridd.stderr)")
        let statement = try gridctl.item("ops.statement-handover", now: "2026-11-27T13:00")
        try gridctl.succeed(
            ["done", String(statement.id), "--by", "zhou.min", "--note", "交接完毕"], now: "2026-11-27T13:00")

        // When only what came after it is checked
        let tail = try gridctl.succeed(["audit", "verify", "--from", trusted])

        // Then the later entries verify, counted as such, to the same head as a full run
        let full = try gridctl.succeed(["audit", "verify"])
        let later = try #require(tail.firstMatch(of: /ok: (\d+) entries after (\d+); (head seq \d+ hash [0-9a-f]{64})/))
        #expect(Int(later.output.2) == headSeq && (Int(later.output.1) ?? 0) >= 2, "\(tail)")
        #expect(full.contains(String(later.output.3)), "\(full) / \(tail)")

        // And a change after the trusted entry is named; one before it only by the full run
        try tamper(gridctl, "DROP TRIGGER completion_no_update; UPDATE completion SET note = 'x' WHERE note = '交接完毕'")
        let changedAfter = try gridctl.run(["audit", "verify", "--from", trusted])
        #expect(changedAfter.status == 1 && changedAfter.stderr.contains("does not match its hash"))
        let fresh = try recorded()
        let verified = try fresh.succeed(["audit", "verify"])
        let head = try #require(verified.firstMatch(of: /head seq (\d+) hash ([0-9a-f]{64})/))
        try tamper(fresh, "DROP TRIGGER completion_no_update; UPDATE completion SET note = 'x'")
        #expect(try fresh.run(["audit", "verify", "--from", "\(head.output.1):\(head.output.2)"]).status == 0)
        #expect(try fresh.run(["audit", "verify"]).status == 1)

        // And a trusted hash that is not the stored one is refused
        let forged = try gridctl.run(["audit", "verify", "--from", "\(headSeq):\(String(repeating: "a", count: 64))"])
        #expect(forged.status == 1 && forged.stderr.contains("not the trusted"), "\(forged.stderr)")
    }

    @Test(
        "verify exits 1 naming the first broken link, with the row's content escaped: a changed, deleted, inserted or reordered row"
    )
    func brokenLinks() throws {
        let cases: [(String, String)] = [
            ("DROP TRIGGER completion_no_update; UPDATE completion SET note = 'x'", "does not match its hash"),
            ("DROP TRIGGER event_no_delete; DELETE FROM event", "is deleted"),
            (
                "INSERT INTO event (occurrence_id, at, kind, actor, detail) SELECT occurrence_id, at, 'waived', 'x', 'forged' FROM event",
                "covered by no entry"
            ),
            (
                """
                DROP TRIGGER audit_no_update;
                UPDATE audit SET seq = -1 WHERE kind = 'completion'; UPDATE audit SET seq = seq - 1 WHERE kind = 'waiver';
                UPDATE audit SET seq = (SELECT max(seq) FROM audit) + 1 WHERE seq = -1;
                """, "does not match its hash"
            ),
        ]
        for (sql, expected) in cases {
            let gridctl = try recorded()
            try tamper(gridctl, sql)

            let result = try gridctl.run(["audit", "verify"])

            #expect(result.status == 1, "\(sql): \(result.stdout)")
            #expect(result.stderr.contains(expected), "\(sql): \(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"), "control characters are escaped")
        }
    }

    @Test(
        "audit log lists who did what (done, waive, raise), as whom and from which login, newest last, in table, JSON and CSV"
    )
    func log() throws {
        let gridctl = try recorded()
        try gridctl.succeed(
            ["raise", "ops.finding-rectification", "--subject", "重要空白凭证未双人保管", "--by", "zhou.min"],
            now: "2026-11-27T11:00")

        let json = try gridctl.succeed(["audit", "log", "--format", "json"])
        struct Entry: Decodable {
            let seq: Int64
            let kind: String
            let login: String
            let actor: String?
        }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(json.utf8))
        #expect(entries.map(\.seq) == entries.map(\.seq).sorted())
        #expect(entries.suffix(3).map(\.kind) == ["completion", "waiver", "raise"])
        #expect(entries.suffix(3).map(\.actor) == ["zhou.min", "lin.zhenhua", "zhou.min"])
        let login = try #require(entries.last?.login)
        #expect(!login.isEmpty)

        let mine = try gridctl.succeed(["audit", "log", "--person", "zhou.min", "--format", "csv"])
        #expect(parseCSV(mine).count == 3, "\(mine)")
        let table = try gridctl.succeed(["audit", "log", "--since", "2026-01-01"])
        #expect(table.contains("waiver") && table.contains("lin.zhenhua"))
        try gridctl.succeed(["audit", "verify"], now: "2026-11-27T11:00")
        let none = try gridctl.succeed(["audit", "log", "--since", "2999-01-01", "--format", "json"])
        #expect(try JSONDecoder().decode([Entry].self, from: Data(none.utf8)).isEmpty)
    }
}
