import Foundation
import GRDB
import GridConfig
import GridCore
import GridStore
import GridTestKit
import Testing

/// The append-only record: one hash-chained entry per act, triggers that refuse to rewrite
/// what is recorded, and a check that names the first broken link.
@Suite("The audit chain")
struct AuditChainTests: ExampleBranchSuite {
    let configuration: GridConfig.Configuration

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    /// A file with every kind of act recorded: the owner's implied completion, a completion
    /// with a note, a waiver, alerts and an acknowledgement.
    func recorded() throws -> (TemporaryDirectory, GridDatabase) {
        let directory = TemporaryDirectory("audit")
        let path = directory.file("g.sqlite")
        let db = try GridDatabase(path: path, mode: .command)
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-27T10:00"))
        let items = try ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"].map {
            try item(db, "ops.proxy-business-log", $0)
        }
        let owner = try #require(items[0].owner)
        let done = at("2026-11-24T11:00")
        let who = Attribution(login: "clerk", actor: "lin.zhenhua", onBehalfOf: owner, enteredAt: done)
        _ = try db.recordCompletion(
            occurrence: items[0].id, by: owner, performedAt: done, recordedAt: done, note: nil, attribution: who)
        _ = try db.recordCompletion(
            occurrence: items[1].id, by: owner, performedAt: done, recordedAt: done, note: "附照片", attribution: who)
        _ = try db.waive(occurrence: items[2].id, by: "lin.zhenhua", reason: "停业", at: done)
        let alerts = try db.recordAlerts(
            [items[3].id, items[3].id].enumerated().map { index, id in
                AlertDecision(
                    occurrenceID: id,
                    instance: AlertInstance(
                        kind: .overdue, level: index, day: LocalDate(iso: "2026-11-27")!, dueAt: done,
                        targets: [.owner]),
                    targets: [owner, "lin.zhenhua"], businessDaysOverdue: 1, nextAlertAt: nil)
            }, raisedAt: done, catchUp: nil)
        #expect(alerts.count == 2)
        _ = try db.acknowledge([alerts[0].id], by: owner, at: done)
        return (directory, db)
    }

    /// Runs SQL on the file as `sqlite3` would, past the store.
    func tamper(_ directory: TemporaryDirectory, _ sql: String) throws {
        try DatabaseQueue(path: directory.file("g.sqlite")).write { try $0.execute(sql: sql) }
    }

    func entries(_ db: GridDatabase) throws -> [AuditEntry] {
        var all: [AuditEntry] = []
        try db.forEachAuditEntry { all.append($0) }
        return all
    }

    @Test("each act is one entry naming who entered it, as whom and for whom; an untouched record verifies")
    func untouchedVerifies() throws {
        let (directory, db) = try recorded()
        defer { withExtendedLifetime(directory) {} }

        let all = try entries(db)
        let result = try db.verifyAudit()

        #expect(result.problem == nil)
        #expect(result.entries == Int64(all.count))
        #expect(result.head == all.last)
        #expect(
            all.map(\.kind) == ["schema", "schema", "completion", "completion", "waiver", "alerts", "acknowledgement"])
        let completion = all[2]
        #expect(completion.login == "clerk" && completion.actor == "lin.zhenhua" && completion.onBehalfOf != nil)
        #expect(all.allSatisfy { $0.hash.count == 32 })
        #expect(all[5].first.map { all[5].last! - $0 + 1 } == 2, "one entry covers the pass's two alerts")
        #expect(try db.verifyAudit(expect: [3: completion.hash]).problem == nil)
    }

    @Test("a changed completion, event or alert breaks the entry that covers it")
    func changedRow() throws {
        for (trigger, sql, seq) in [
            ("completion_no_update", "UPDATE completion SET note = '无'", Int64(4)),
            ("event_no_update", "UPDATE event SET detail = '正常营业'", 5),
            ("alert_content_fixed", "UPDATE alert SET targets = 'lin.zhenhua' WHERE id = 1", 6),
            (
                "occurrence_closed_fixed",
                "UPDATE occurrence SET late = 1 - late WHERE id = (SELECT occurrence_id FROM audit WHERE seq = 3)", 3
            ),
        ] {
            let (directory, db) = try recorded()
            try tamper(directory, "DROP TRIGGER \(trigger); \(sql)")

            let problem = try #require(try db.verifyAudit().problem, "\(sql)")

            #expect(problem.seq == seq, "\(problem.message)")
            #expect(problem.rows.count >= 1)
        }
    }

    @Test("a deleted completion, event or audit entry is named")
    func deletedRow() throws {
        let (directory, db) = try recorded()
        try tamper(directory, "DROP TRIGGER event_no_delete; DELETE FROM event")
        let problem = try #require(try db.verifyAudit().problem)
        #expect(problem.message.contains("event 1, covered by entry 5, is deleted"), "\(problem.message)")

        let (directory2, db2) = try recorded()
        try tamper(directory2, "DROP TRIGGER completion_no_delete; DELETE FROM completion")
        #expect(try db2.verifyAudit().problem?.seq == 4, "read back as the item implies, it no longer matches")

        let (directory3, db3) = try recorded()
        try tamper(directory3, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4")
        #expect(try db3.verifyAudit().problem?.message.contains("entry 4 deleted") == true)
    }

    @Test("a row no entry covers is named as inserted, with its content escaped by whoever shows it")
    func insertedRow() throws {
        let (directory, db) = try recorded()
        try tamper(
            directory,
            "INSERT INTO event (occurrence_id, at, kind, actor, detail) SELECT occurrence_id, at, 'waived', 'x', 'forged' FROM event"
        )
        let problem = try #require(try db.verifyAudit().problem)
        #expect(problem.message.contains("event 2 is covered by no entry"), "\(problem.message)")
        #expect(problem.rows.first?.contains("forged") == true)

        let (directory2, db2) = try recorded()
        try tamper(
            directory2,
            "INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late) SELECT occurrence_id, 2, 'x', 0, 0, NULL, 0 FROM completion"
        )
        let completion = try #require(try db2.verifyAudit().problem)
        #expect(completion.message.contains("inserted"), "\(completion.message)")
        #expect(completion.rows.first?.hasPrefix("completion ") == true, "\(completion.rows)")

        let (directory4, db4) = try recorded()
        try tamper(directory4, "UPDATE alert SET acked_by = 'x', acked_at = 1 WHERE id = 2")
        let acknowledgement = try #require(try db4.verifyAudit().problem)
        #expect(acknowledgement.rows == ["acknowledgement 2: acked_by=x, acked_at=1"], "\(acknowledgement.message)")

        let (directory3, db3) = try recorded()
        try tamper(
            directory3,
            "INSERT INTO audit (seq, at, kind, login, hash) VALUES (99, 0, 'configuration', 'root', zeroblob(32))")
        #expect(try db3.verifyAudit().problem?.seq == 8)
    }

    @Test("two entries swapped, or two completions' contents swapped, break the chain at the first of them")
    func reorderedPair() throws {
        let (directory, db) = try recorded()
        try tamper(
            directory,
            """
            DROP TRIGGER audit_no_update;
            UPDATE audit SET seq = -3 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -3;
            """)
        #expect(try db.verifyAudit().problem?.seq == 3)

        let (directory2, db2) = try recorded()
        let before = try db2.verifyAudit()
        #expect(before.problem == nil)
        try tamper(
            directory2,
            """
            DROP TRIGGER audit_no_update;
            UPDATE audit SET occurrence_id = CASE seq WHEN 3 THEN (SELECT occurrence_id FROM audit WHERE seq = 4)
                ELSE (SELECT occurrence_id FROM audit WHERE seq = 3) END WHERE seq IN (3, 4);
            """)
        #expect(try db2.verifyAudit().problem?.seq == 3)
    }

    @Test("the triggers refuse to rewrite the record, saying it is append-only")
    func triggersRefuse() throws {
        let (directory, _) = try recorded()
        for sql in [
            "UPDATE audit SET login = 'x'", "DELETE FROM audit", "DELETE FROM completion",
            "UPDATE completion SET note = 'x'", "DELETE FROM event", "UPDATE event SET actor = 'x'",
            "UPDATE alert SET kind = 'reminder'", "DELETE FROM alert", "UPDATE alert SET acked_by = 'x' WHERE id = 1",
            "DELETE FROM alert_target", "UPDATE occurrence SET closed_at = 0 WHERE state != 0",
            "DELETE FROM occurrence WHERE state != 0",
        ] {
            let error = #expect(throws: DatabaseError.self, "\(sql)") { try tamper(directory, sql) }
            #expect(error?.message?.contains("append-only") == true, "\(sql)")
        }
        // What the daemon legitimately writes stays writable.
        try tamper(
            directory, "UPDATE alert SET logged_at = 1; UPDATE alert SET acked_by = 'x', acked_at = 1 WHERE id = 2")
    }

    @Test("an --expect hash that differs from the chain's is a broken link; one past the end names the deleted tail")
    func expectations() throws {
        let (directory, db) = try recorded()
        defer { withExtendedLifetime(directory) {} }
        let wrong = Data(repeating: 7, count: 32)
        #expect(try db.verifyAudit(expect: [2: wrong]).problem?.seq == 2)
        #expect(try db.verifyAudit(expect: [50: wrong]).problem?.message.contains("no entry 50") == true)
    }

    @Test("a database upgraded to the chain starts it after the rows it already held")
    func upgradedDatabase() throws {
        let directory = TemporaryDirectory("audit")
        let path = directory.file("g.sqlite")
        let old = try DatabaseQueue(path: path)
        // GridDuty before the record, with an event and a completion already stored.
        let db = try GridDatabase(path: path, mode: .command)
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-27T10:00"))
        let first = try item(db, "ops.proxy-business-log", "2026-11-23")
        _ = try db.waive(occurrence: first.id, by: "lin.zhenhua", reason: "停业", at: at("2026-11-24T10:00"))
        try old.write { raw in
            let triggers = try String.fetchAll(
                raw, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%RAISE(ABORT%'")
            for trigger in triggers { try raw.execute(sql: "DROP TRIGGER \(trigger)") }
            try raw.execute(
                sql: "DROP TABLE audit; DELETE FROM grdb_migrations WHERE identifier = 'v10-audit-chain'")
        }

        let upgraded = try GridDatabase(path: path, mode: .command)

        let all = try entries(upgraded)
        #expect(all.map(\.kind) == ["schema", "schema"])
        #expect(all[0].detail?.contains("events through 1") == true)
        #expect(all[1].detail == "schema upgraded: v10-audit-chain")
        #expect(try upgraded.verifyAudit().problem == nil)
    }
}

@Suite("The audit chain: roster changes and raises")
struct AuditRosterTests {
    @Test("closing a leaver's items is one roster entry over the events that say so")
    func rosterAndRaise() throws {
        let configuration = try ConfigLoader(directory: Repository.schedules).load()
        let branch = configuration.branches[0]
        let now = InstantText.parse("2026-11-27T10:00")!.instant(in: branch.calendar)
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: now)
        let leaver = try #require(branch.staff.first?.id)

        let closed = try db.closeItemsOfLeavers(
            branch: branch.id, staying: Set(branch.staff.map(\.id)).subtracting([leaver]), at: now)

        var all: [AuditEntry] = []
        try db.forEachAuditEntry { all.append($0) }
        let roster = try #require(all.last)
        #expect(closed > 0)
        #expect(roster.kind == "roster" && roster.actor == nil)
        #expect(roster.last.map { $0 - roster.first! + 1 } == Int64(closed))
        #expect(try db.verifyAudit().problem == nil)
    }
}
