import GRDB

/// The schema, as named append-only migrations. Never edit a shipped migration: add one.
///
/// Instants are INTEGER seconds since 1970 UTC; the branch's zone is applied only when
/// showing them. Two partial indexes carry the hot queries: open items of one person by
/// deadline, and open items of one branch by deadline (which also answers "overdue per
/// branch" without a table scan).
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-occurrences") { db in
            try db.execute(
                sql: """
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
                    """)
        }
        migrator.registerMigration("v2-alerts") { db in
            try db.execute(
                sql: """
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
                    """)
        }
        return migrator
    }
}
