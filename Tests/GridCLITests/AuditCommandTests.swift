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
