import Foundation
import GRDB
import GridCore
import GridTestKit
import Testing

@testable import GridStore

/// A database written by GridDuty before the compact schema (v3) must open with every row,
/// completion and alert still there and still meaning the same.
@Suite("Migrating an older database")
struct MigrationTests {
    @Test("a v2 database opens as the current schema with its rows, completions, events, alerts and open count intact")
    func fromV2() throws {
        // Given a database as v2 left it: one open item, one done with a completion, one left, an alert
        let directory = TemporaryDirectory("migrate")
        let path = directory.file("old.sqlite")
        let old = try DatabaseQueue(path: path)
        // The schema built by GridDuty's own migrations, stopped where v2 stopped.
        try Migrations.migrator.migrate(old, upTo: "v2-alerts")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO occurrence (id, branch, duty, subject, period, line, cadence, scope, owner, owner_role,
                        period_start, remind_at, deadline, quota, done_count, state, closed_at, late, created_at, next_alert_at)
                    VALUES
                        (7, 'example', 'ops.account-reconciliation', 'example', '2026-11', 'operations', 'monthly',
                         'branch', 'zhou.min', 'operations-deputy', 1000, 2000, 3000, 1, 0, 'open', NULL, 0, 1000, 2000),
                        (8, 'example', 'party.talk', 'wang.li', '2026-H2', 'party', 'half-yearly',
                         'staff', 'lin.zhenhua', 'party-secretary', 1000, 2000, 3000, 2, 2, 'done', 2500, 1, 1000, NULL),
                        (9, 'example', 'party.talk', 'he.jing', '2026-H2', 'party', 'half-yearly',
                         'staff', NULL, 'party-secretary', 1000, 2000, 3000, 2, 0, 'left', 2600, 0, 1000, 2000);
                    INSERT INTO completion (occurrence_id, by, performed_at, recorded_at, note, late) VALUES
                        (8, 'lin.zhenhua', 2400, 2450, 'first', 0), (8, 'lin.zhenhua', 2500, 2550, NULL, 1);
                    INSERT INTO event (occurrence_id, at, kind, actor, detail) VALUES (9, 2600, 'left', NULL, 'gone');
                    INSERT INTO alert (occurrence_id, kind, level, day, due_at, raised_at, targets, days_overdue)
                        VALUES (7, 'overdue', 0, '2026-11-30', 3000, 3000, 'zhou.min', 0);
                    INSERT INTO branch_progress (branch, materialized_through, last_pass_at) VALUES ('example', 20780, 3000);
                    """)
        }
        try old.close()

        // When GridDuty opens it
        let database = try GridDatabase(path: path, mode: .command)

        // Then every row reads back as it was
        let open = try #require(try database.occurrence(id: 7))
        #expect(
            open.key
                == OccurrenceKey(
                    branch: "example", duty: "ops.account-reconciliation", subject: "example", period: "2026-11"))
        #expect(open.line == "operations" && open.cadence == .monthly && open.scope == .branch)
        #expect(open.owner == "zhou.min" && open.ownerRole == "operations-deputy")
        #expect(open.state == .open && open.deadline == Date(timeIntervalSince1970: 3000))
        let done = try #require(try database.occurrence(id: 8))
        #expect(done.state == .done && done.late && done.doneCount == 2 && done.quota == 2)
        #expect(done.closedAt == Date(timeIntervalSince1970: 2500))
        #expect(try database.completions(of: 8).map(\.note) == ["first", nil])
        #expect(try database.completions(of: 8).map(\.late) == [false, true])
        let left = try #require(try database.occurrence(id: 9))
        #expect(left.state == .left && left.owner == nil)
        #expect(try database.events(of: 9).map(\.kind) == ["left"])
        #expect(try database.alerts(occurrence: 7, unacknowledgedOnly: false).map(\.kind) == [.overdue])
        #expect(try database.materializedThrough(branch: "example") == LocalDate(dayNumber: 20780))
        // Only the open item still needs the daemon
        #expect(try database.nextAlertAt() == Date(timeIntervalSince1970: 2000))
        // The branch's kept open count starts from the rows carried over
        #expect(try database.openCounts(now: Date(timeIntervalSince1970: 2500))["example"]! == (1, 0))

        // And a listing finds the open one by its keys
        let listed = try database.openOccurrences(
            OccurrenceFilter(branch: "example", owners: ["zhou.min"], line: "operations"),
            now: Date(timeIntervalSince1970: 2500), overdue: false)
        #expect(listed.map(\.id) == [7])
    }
}

@Suite("Migrating alerts' targets to a table")
struct AlertTargetMigrationTests {
    @Test(
        "a v8 database's alerts are found by each person they name after the upgrade, and by nobody whose id only starts or ends the same"
    )
    func targetsBecomeRows() throws {
        // Given alerts as v8 stored them, their targets joined by commas
        let directory = TemporaryDirectory("migrate")
        let path = directory.file("v8.sqlite")
        let old = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(old, upTo: "v8-key-without-branch")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO occurrence (id, branch, duty, subject, period, period_start, remind_at, deadline, state)
                        VALUES (1, 1, 1, 1, 1, 0, 0, 0, 0);
                    INSERT INTO alert (occurrence_id, kind, level, day, due_at, raised_at, targets, days_overdue) VALUES
                        (1, 'overdue', 0, '2026-11-30', 3000, 3000, 'zhou.min', 0),
                        (1, 'escalation', 1, '2026-12-01', 4000, 4000, 'zhou.min,lin.zhenhua', 1),
                        (1, 'nag', 2, '2026-12-02', 5000, 5000, 'xzhou.min,lin.zhenhua,wang.li', 2);
                    """)
        }
        try old.close()

        // When GridDuty opens it
        let database = try GridDatabase(path: path, mode: .command)

        // Then each person's alerts are exactly those naming them, newest first
        func days(_ person: String) throws -> [String] {
            try database.alerts(targeting: person, unacknowledgedOnly: false).map(\.day.description)
        }
        #expect(try days("zhou.min") == ["2026-12-01", "2026-11-30"])
        #expect(try days("lin.zhenhua") == ["2026-12-02", "2026-12-01"])
        #expect(try days("wang.li") == ["2026-12-02"])
        #expect(try days("zhou").isEmpty && days("min").isEmpty)
        // and the alerts keep the order they name their people in
        #expect(
            try database.alerts(targeting: "wang.li", unacknowledgedOnly: false).first?.targets
                == ["xzhou.min", "lin.zhenhua", "wang.li"])
    }
}
