import Foundation
import GRDB
import GridCore
import GridStore
import GridTestKit
import Testing

/// A database written by GridDuty before the compact schema (v3) must open with every row,
/// completion and alert still there and still meaning the same.
@Suite("Migrating an older database")
struct MigrationTests {
    /// The schema as v1 and v2 left it, verbatim.
    static let v2Schema = """
            CREATE TABLE occurrence (
            id INTEGER PRIMARY KEY,
            branch TEXT NOT NULL,
            duty TEXT NOT NULL,
            subject TEXT NOT NULL,
            period TEXT NOT NULL,
            line TEXT NOT NULL,
            cadence TEXT NOT NULL,
            scope TEXT NOT NULL,
            owner TEXT,
            owner_role TEXT NOT NULL,
            period_start INTEGER NOT NULL,
            remind_at INTEGER NOT NULL,
            deadline INTEGER NOT NULL,
            quota INTEGER NOT NULL CHECK (quota >= 1),
            done_count INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'open',
            closed_at INTEGER,
            late INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            UNIQUE (branch, duty, subject, period)
            );
            CREATE INDEX occurrence_open_by_owner ON occurrence (owner, deadline) WHERE state = 'open';
            CREATE INDEX occurrence_open_by_branch ON occurrence (branch, deadline) WHERE state = 'open';
            
            CREATE TABLE completion (
            id INTEGER PRIMARY KEY,
            occurrence_id INTEGER NOT NULL REFERENCES occurrence (id) ON DELETE CASCADE,
            by TEXT NOT NULL,
            performed_at INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            note TEXT,
            late INTEGER NOT NULL
            );
            CREATE INDEX completion_by_occurrence ON completion (occurrence_id);
            
            CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            occurrence_id INTEGER NOT NULL REFERENCES occurrence (id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT,
            detail TEXT
            );
            CREATE INDEX event_by_occurrence ON event (occurrence_id);
            
            CREATE TABLE branch_progress (
            branch TEXT PRIMARY KEY,
            materialized_through INTEGER NOT NULL,
            last_pass_at INTEGER NOT NULL
            );
            
            ALTER TABLE occurrence ADD COLUMN next_alert_at INTEGER;
            UPDATE occurrence SET next_alert_at = remind_at WHERE state = 'open';
            CREATE INDEX occurrence_next_alert ON occurrence (next_alert_at) WHERE state = 'open';
            
            CREATE TABLE alert (
            id INTEGER PRIMARY KEY,
            occurrence_id INTEGER NOT NULL REFERENCES occurrence (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            level INTEGER NOT NULL,
            day TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            raised_at INTEGER NOT NULL,
            targets TEXT NOT NULL,
            days_overdue INTEGER NOT NULL,
            catch_up_from INTEGER,
            catch_up_to INTEGER,
            logged_at INTEGER,
            acked_by TEXT,
            acked_at INTEGER,
            UNIQUE (occurrence_id, kind, level, day)
            );
            CREATE INDEX alert_unlogged ON alert (id) WHERE logged_at IS NULL;
            CREATE INDEX alert_by_occurrence ON alert (occurrence_id, due_at);
            
            CREATE TABLE daemon_state (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
            );
            
        """

    @Test("a v2 database opens as the current schema with its rows, completions, events, alerts and open count intact")
    func fromV2() throws {
        // Given a database as v2 left it: one open item, one done with a completion, one left, an alert
        let directory = TemporaryDirectory("migrate")
        let path = directory.file("old.sqlite")
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: Self.v2Schema)
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1-occurrences'), ('v2-alerts');
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
