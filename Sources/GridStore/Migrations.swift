import Foundation
import GRDB

/// The schema, as named append-only migrations. Never edit a shipped migration: add one.
///
/// Instants are INTEGER seconds since 1970 UTC; the branch's zone is applied only when
/// showing them. Since v3 an occurrence row holds small integers only: branches, duties,
/// people (and the other subjects: grids, pairings, the branch itself) and periods are
/// numbered in dictionary tables, which also carry the names a listing shows, so a command
/// can answer from the database alone. A bank's year is tens of millions of rows; every
/// byte of a row is tens of megabytes. Partial indexes over open items only carry the hot
/// queries (a person's items by deadline, a branch's items by deadline, a branch's next
/// looks by the daemon); they stay small because almost every item closes. Every index of
/// occurrences leads with the branch or a subject or owner numbered within it, so
/// materialising one branch writes one neighbourhood of each. Since v4 each branch row
/// keeps its count of open items, so the whole bank's counts cost one row per branch.
/// Since v7 a completion that only repeats its closed item (the owner did it, recorded as
/// done, no note) is not stored: the item implies it.
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
        migrator.registerMigration("v3-compact", migrate: compact)
        migrator.registerMigration("v4-open-counts", migrate: openCounts)
        migrator.registerMigration("v5-next-alert-by-branch") { db in
            // Keyed by branch first, like every other index of occurrences, so materialising
            // a branch inserts into one neighbourhood of it. Ordered by time alone, a
            // branch's year of items landed on thousands of leaf pages across the whole
            // index, and each branch's commit carried them all through the WAL: at 20,000
            // branches materialisation ran at 61,000 rows/s against 98,000 at 1,000. The
            // daemon's minute now asks each branch (one seek each) instead of the index once.
            try db.execute(
                sql: """
                    DROP INDEX occurrence_next_alert;
                    CREATE INDEX occurrence_next_alert ON occurrence (branch, next_alert_at) WHERE state = 0;
                    """)
        }
        migrator.registerMigration("v6-branches-in-file-order") { db in
            // Branches are listed, and `--now` read in the first one's zone, in the order of
            // their files: without an index each bank-wide command sorted every branch row
            // for it, twice (14 ms of a 300 ms report at 20,000 branches).
            try db.execute(sql: "CREATE INDEX branch_in_file_order ON branch (file, key)")
        }
        migrator.registerMigration("v7-implied-completions", migrate: dropImpliedCompletions)
        migrator.registerMigration("v8-key-without-branch") { db in
            // A subject is numbered within its branch, so the subject implies the branch and
            // the key needs no branch column: 3 bytes less per occurrence, 230 MB for a
            // bank's year. Led by the subject, the key still keeps a branch's rows together,
            // since a branch's subjects are numbered together on its first pass.
            try db.execute(
                sql: """
                    DROP INDEX occurrence_key;
                    CREATE UNIQUE INDEX occurrence_key ON occurrence (subject, duty, period);
                    """)
        }
        migrator.registerMigration("v9-alert-targets") { db in
            // "My alerts" searched the comma-joined targets with LIKE '%,person,%': a scan of
            // every alert of the bank. One row per (person, alert) makes it a seek. The joined
            // column stays: it keeps the order the alert names its people in.
            try db.execute(
                sql: """
                    CREATE TABLE alert_target (
                        person TEXT NOT NULL,
                        alert_id INTEGER NOT NULL,
                        PRIMARY KEY (person, alert_id)
                    ) WITHOUT ROWID;
                    INSERT OR IGNORE INTO alert_target (person, alert_id)
                        WITH RECURSIVE split(alert_id, person, rest) AS (
                            SELECT id, NULL, targets || ',' FROM alert WHERE targets != ''
                            UNION ALL
                            SELECT alert_id, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
                            FROM split WHERE rest != ''
                        )
                        SELECT person, alert_id FROM split WHERE person IS NOT NULL AND person != '';
                    """)
        }
        migrator.registerMigration("v10-audit-chain", migrate: auditChain)
        migrator.registerMigration("v11-simulation-flag") { db in
            // What the file is, set once when it is created: a simulation database accepts
            // `--now` and a `--by` naming anyone, so nothing in it is a record of real work.
            try db.execute(
                sql: """
                    CREATE TABLE database_meta (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v12-delegations", migrate: delegations)
        migrator.registerMigration("v13-party-logins") { db in
            // The login each person is mapped to, stored with their name and rank, so that
            // `gridctl done` by the owner on a real database needs no configuration parse to
            // know who is acting. Filled when a branch's names are next recorded; until then
            // `done` reads the configuration, as it does for anything the stored names do not say.
            try db.execute(
                sql: """
                    ALTER TABLE party ADD COLUMN login TEXT;
                    CREATE INDEX party_by_login ON party (login) WHERE login IS NOT NULL;
                    """)
        }
        // Two-person checks: the roles that confirm a duty, stored with its names so that a
        // completion recorded from the database alone knows to leave the item open. The
        // stamps are forgotten, so no command answers from the database before a pass has
        // read the catalog again and filled them in.
        migrator.registerMigration("v14-second-person") { db in
            try db.execute(
                sql: """
                    ALTER TABLE duty ADD COLUMN confirm_roles TEXT;
                    DELETE FROM config_stamp WHERE key = 'shared';
                    UPDATE branch SET stamp = NULL;
                    """)
        }
        migrator.registerMigration("v15-rectification-ledger", migrate: rectificationLedger)
        migrator.registerMigration("v16-integrity-points", migrate: integrityPoints)
        migrator.registerMigration("v17-digests-and-outbox", migrate: digestsAndOutbox)
        return migrator
    }

    /// v17: digests and the outbox. A digest is the day's summary to one person of their
    /// overdue items, in place of one repeat per item; its items are kept with it as JSON,
    /// since they are only ever read whole. The outbox (`delivery`) holds one row per
    /// (alert or digest, receiver), written in the alert's own transaction and updated as it
    /// is tried: the operational state of sending, not a record (the alert it tells of is).
    private static func digestsAndOutbox(_ db: Database) throws {
        let refuse = "SELECT RAISE(ABORT, '\(appendOnly)')"
        try db.execute(
            sql: """
                CREATE TABLE digest (
                    id INTEGER PRIMARY KEY,
                    branch TEXT NOT NULL,
                    person TEXT NOT NULL,
                    day TEXT NOT NULL,
                    raised_at INTEGER NOT NULL,
                    item_count INTEGER NOT NULL,
                    oldest_deadline INTEGER,
                    items TEXT NOT NULL,
                    logged_at INTEGER,
                    acked_by TEXT,
                    acked_at INTEGER,
                    UNIQUE (branch, person, day)
                );
                CREATE INDEX digest_unlogged ON digest (id) WHERE logged_at IS NULL;
                CREATE INDEX digest_by_person ON digest (person, day);
                CREATE TRIGGER digest_content_fixed BEFORE UPDATE OF branch, person, day, raised_at, item_count,
                    oldest_deadline, items ON digest BEGIN \(refuse); END;
                CREATE TRIGGER digest_no_delete BEFORE DELETE ON digest BEGIN \(refuse); END;

                CREATE TABLE delivery (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    source_id INTEGER NOT NULL,
                    receiver TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    branch TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    state INTEGER NOT NULL DEFAULT 0,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    -- Milliseconds since 1970: backoffs start below a second.
                    next_attempt_ms INTEGER NOT NULL,
                    last_error TEXT,
                    reference TEXT,
                    sent_at INTEGER,
                    UNIQUE (source, source_id, receiver)
                );
                CREATE INDEX delivery_due ON delivery (receiver, next_attempt_ms) WHERE state = 0;
                CREATE TRIGGER delivery_message_fixed BEFORE UPDATE OF source, source_id, receiver, kind, branch,
                    recipients, title, body, created_at ON delivery BEGIN \(refuse); END;
                CREATE TRIGGER delivery_sent_final BEFORE UPDATE ON delivery WHEN OLD.state = 1 BEGIN \(refuse); END;
                """)
    }

    /// The message every refused change of the record gives.
    static let appendOnly = "the record is append-only: a correction is a new entry, not a change of an old one"

    /// v10: the append-only record. One `audit` row per transaction that records an act,
    /// hash-chained (see AuditChain), and triggers that refuse to rewrite what is recorded:
    /// the chain, completions, events, an alert's content, and closed items. Rows already
    /// present are counted in the first entry, which the chain starts from.
    private static func auditChain(_ db: Database) throws {
        let refuse = "SELECT RAISE(ABORT, '\(appendOnly)')"
        try db.execute(
            sql: """
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    login TEXT NOT NULL,
                    actor TEXT,
                    on_behalf_of TEXT,
                    occurrence_id INTEGER,
                    first INTEGER,
                    last INTEGER,
                    detail TEXT,
                    hash BLOB NOT NULL
                );
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN \(refuse); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN \(refuse); END;
                CREATE TRIGGER completion_no_update BEFORE UPDATE ON completion BEGIN \(refuse); END;
                CREATE TRIGGER completion_no_delete BEFORE DELETE ON completion BEGIN \(refuse); END;
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN \(refuse); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN \(refuse); END;
                CREATE TRIGGER alert_no_delete BEFORE DELETE ON alert BEGIN \(refuse); END;
                CREATE TRIGGER alert_target_no_update BEFORE UPDATE ON alert_target BEGIN \(refuse); END;
                CREATE TRIGGER alert_target_no_delete BEFORE DELETE ON alert_target BEGIN \(refuse); END;
                -- The daemon sets logged_at after the journal has the line: that stays writable.
                CREATE TRIGGER alert_content_fixed BEFORE UPDATE OF
                    id, occurrence_id, kind, level, day, due_at, raised_at, targets, days_overdue,
                    catch_up_from, catch_up_to ON alert
                BEGIN \(refuse); END;
                -- An acknowledgement is written once, by an act that has its own entry.
                CREATE TRIGGER alert_acknowledged_once BEFORE UPDATE OF acked_by, acked_at ON alert
                    WHEN old.acked_at IS NOT NULL OR old.acked_by IS NOT NULL
                BEGIN \(refuse); END;
                -- Completions, waivers and departures only ever change open items.
                CREATE TRIGGER occurrence_closed_fixed BEFORE UPDATE ON occurrence WHEN old.state != 0
                BEGIN \(refuse); END;
                CREATE TRIGGER occurrence_closed_kept BEFORE DELETE ON occurrence WHEN old.state != 0
                BEGIN \(refuse); END;
                """)
        let before = AuditBaseline(
            events: try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM event") ?? 0,
            alerts: try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM alert") ?? 0,
            completions: try Int64.fetchOne(db, sql: "SELECT count(*) FROM completion") ?? 0,
            acknowledgements: try Int64.fetchOne(db, sql: "SELECT count(*) FROM alert WHERE acked_at IS NOT NULL")
                ?? 0,
            targets: try Int64.fetchOne(db, sql: "SELECT count(*) FROM alert_target") ?? 0)
        try AuditChain.append(
            db, kind: .schema, attribution: AuditChain.daemon(at: Date()), detail: before.description)
    }

    /// v12: delegations, append-only like the rest of the record. A cancellation is a row
    /// of its own (`kind` 'cancel', `cancels` the delegation it ends, `end_day` the last day
    /// that stays in force). Days are ISO text, which sorts as the days do.
    private static func delegations(_ db: Database) throws {
        let refuse = "SELECT RAISE(ABORT, '\(appendOnly)')"
        try db.execute(
            sql: """
                CREATE TABLE delegation (
                    id INTEGER PRIMARY KEY,
                    branch TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('delegate', 'cancel')),
                    from_person TEXT NOT NULL,
                    to_person TEXT NOT NULL,
                    start_day TEXT NOT NULL,
                    end_day TEXT NOT NULL,
                    roles TEXT,
                    note TEXT,
                    cancels INTEGER REFERENCES delegation (id),
                    entered_at INTEGER NOT NULL
                );
                CREATE INDEX delegation_by_end ON delegation (end_day) WHERE kind = 'delegate';
                CREATE INDEX delegation_cancels ON delegation (cancels) WHERE cancels IS NOT NULL;
                CREATE TRIGGER delegation_no_update BEFORE UPDATE ON delegation BEGIN \(refuse); END;
                CREATE TRIGGER delegation_no_delete BEFORE DELETE ON delegation BEGIN \(refuse); END;
                """)
    }

    /// v15: the rectification ledger (整改台账). `ledger_event` is its record: every change
    /// (GridCore's `LedgerChange`, as JSON) in order, append-only and covered by the audit
    /// chain; the ledger as of any day is those changes applied in order. The other tables
    /// hold the ledger as it stands, rewritten by the same transaction as each change, so
    /// listings and the report read rows instead of replaying history. `ledger_item` ties a
    /// measure or one of its milestones to the occurrence that chases it. The columns beside
    /// `record` are what the bank's report reads, without decoding JSON for each row. A
    /// snapshot is the
    /// whole ledger frozen when the month's 每月更新整改台账 is done, append-only too.
    private static func rectificationLedger(_ db: Database) throws {
        let refuse = "SELECT RAISE(ABORT, '\(appendOnly)')"
        try db.execute(
            sql: """
                CREATE TABLE ledger_event (
                    id INTEGER PRIMARY KEY,
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    -- The branch's day the change was made on (a day number), and the instant.
                    day INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    finding TEXT,
                    measure TEXT,
                    -- The staff member who made it; NULL for nobody in particular (a simulation).
                    actor TEXT,
                    change TEXT NOT NULL
                );
                CREATE INDEX ledger_event_by_branch ON ledger_event (branch, finding);
                CREATE TRIGGER ledger_event_no_update BEFORE UPDATE ON ledger_event BEGIN \(refuse); END;
                CREATE TRIGGER ledger_event_no_delete BEFORE DELETE ON ledger_event BEGIN \(refuse); END;

                CREATE TABLE ledger_inspection (
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    name TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    record TEXT NOT NULL,
                    PRIMARY KEY (branch, name)
                ) WITHOUT ROWID;

                CREATE TABLE ledger_finding (
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    number TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    -- FindingState's raw value.
                    state TEXT NOT NULL,
                    leader TEXT NOT NULL,
                    inspection TEXT NOT NULL,
                    department TEXT,
                    repeats TEXT,
                    record TEXT NOT NULL,
                    PRIMARY KEY (branch, number)
                ) WITHOUT ROWID;

                CREATE TABLE ledger_measure (
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    finding TEXT NOT NULL,
                    number TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    owner TEXT NOT NULL,
                    deadline INTEGER NOT NULL,
                    done_on INTEGER,
                    -- RuleChange.Kind's raw value, if it makes or revises a rule.
                    rule TEXT,
                    text TEXT NOT NULL,
                    record TEXT NOT NULL,
                    PRIMARY KEY (branch, finding, number)
                ) WITHOUT ROWID;
                CREATE INDEX ledger_measure_by_owner ON ledger_measure (owner, deadline) WHERE done_on IS NULL;

                CREATE TABLE ledger_item (
                    occurrence_id INTEGER PRIMARY KEY REFERENCES occurrence (id),
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    finding TEXT NOT NULL,
                    measure TEXT NOT NULL,
                    -- NULL for the measure itself, else the milestone's day number.
                    milestone INTEGER
                );
                CREATE UNIQUE INDEX ledger_item_by_measure ON ledger_item (branch, finding, measure, milestone);

                -- The header row of each sheet as the branch's workbook last had it, so an export
                -- writes the branch's columns back in its order.
                CREATE TABLE ledger_layout (
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    sheet TEXT NOT NULL,
                    headers TEXT NOT NULL,
                    PRIMARY KEY (branch, sheet)
                ) WITHOUT ROWID;

                CREATE TABLE ledger_snapshot (
                    id INTEGER PRIMARY KEY,
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    month TEXT NOT NULL,
                    occurrence_id INTEGER,
                    taken_at INTEGER NOT NULL,
                    ledger TEXT NOT NULL,
                    UNIQUE (branch, month)
                );
                CREATE TRIGGER ledger_snapshot_no_update BEFORE UPDATE ON ledger_snapshot BEGIN \(refuse); END;
                CREATE TRIGGER ledger_snapshot_no_delete BEFORE DELETE ON ledger_snapshot BEGIN \(refuse); END;

                -- Which duty chases measures or milestones, or freezes the month's ledger
                -- (LedgerRole): the stamps are forgotten so the next pass writes it.
                ALTER TABLE duty ADD COLUMN ledger_role TEXT;
                -- The branch's calendar (CalendarDescription), so that the bank's report counts
                -- business days without reading every branch file.
                ALTER TABLE branch ADD COLUMN calendar TEXT;
                DELETE FROM config_stamp WHERE key = 'shared';
                UPDATE branch SET stamp = NULL;
                """)
    }

    /// v16: integrity points (清廉积分). `points_entry` is the ledger of points, append-only
    /// and covered by the audit chain: one row per scored fact, a reversal a row of its own
    /// naming the one it reverses. GridDuty's own scoring writes at most one entry per item,
    /// person and source (`points_scored`), so a pass scored twice scores once; a row is
    /// reversed at most once. `points_sum` holds each subject's sum per item and year, kept by
    /// a trigger in the entry's transaction: the stored totals `points rebuild --check`
    /// compares with what the records give. `points_act` records appeals, their decisions
    /// and year-end closes, append-only and covered too.
    private static func integrityPoints(_ db: Database) throws {
        let refuse = "SELECT RAISE(ABORT, '\(appendOnly)')"
        try db.execute(
            sql: """
                CREATE TABLE points_entry (
                    id INTEGER PRIMARY KEY,
                    branch TEXT NOT NULL,
                    -- '' for the branch itself.
                    person TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    version TEXT NOT NULL,
                    points INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    year INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    -- The duty item scored, for a source that is one.
                    occurrence INTEGER,
                    text TEXT NOT NULL,
                    recorded_by TEXT,
                    reverses INTEGER REFERENCES points_entry (id),
                    reason TEXT,
                    approved_by TEXT,
                    concerns_year INTEGER,
                    entered_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX points_scored ON points_entry (branch, rule, person, source)
                    WHERE recorded_by IS NULL AND reverses IS NULL;
                CREATE UNIQUE INDEX points_reversed_once ON points_entry (reverses) WHERE reverses IS NOT NULL;
                CREATE INDEX points_by_subject ON points_entry (branch, person, year);
                CREATE INDEX points_by_occurrence ON points_entry (occurrence) WHERE occurrence IS NOT NULL;
                CREATE TRIGGER points_entry_no_update BEFORE UPDATE ON points_entry BEGIN \(refuse); END;
                CREATE TRIGGER points_entry_no_delete BEFORE DELETE ON points_entry BEGIN \(refuse); END;

                CREATE TABLE points_sum (
                    branch TEXT NOT NULL,
                    person TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    points INTEGER NOT NULL,
                    PRIMARY KEY (branch, person, year, rule)
                ) WITHOUT ROWID;
                CREATE TRIGGER points_entry_summed AFTER INSERT ON points_entry BEGIN
                    INSERT INTO points_sum (branch, person, year, rule, points)
                    VALUES (new.branch, new.person, new.year, new.rule, new.points)
                    ON CONFLICT (branch, person, year, rule) DO UPDATE SET points = points + new.points;
                END;

                CREATE TABLE points_act (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('appeal', 'upheld', 'dismissed', 'close-year')),
                    branch TEXT,
                    entry INTEGER REFERENCES points_entry (id),
                    -- The appeal an decision answers.
                    appeal INTEGER REFERENCES points_act (id),
                    year INTEGER,
                    by TEXT,
                    reason TEXT,
                    entered_at INTEGER NOT NULL
                );
                CREATE INDEX points_act_by_entry ON points_act (entry);
                CREATE UNIQUE INDEX points_year_closed ON points_act (year) WHERE kind = 'close-year';
                CREATE UNIQUE INDEX points_appeal_decided ON points_act (appeal) WHERE appeal IS NOT NULL;
                CREATE TRIGGER points_act_no_update BEFORE UPDATE ON points_act BEGIN \(refuse); END;
                CREATE TRIGGER points_act_no_delete BEFORE DELETE ON points_act BEGIN \(refuse); END;

                -- A finding's day, for scoring recurrences from the columns (day number).
                ALTER TABLE ledger_finding ADD COLUMN found INTEGER;
                UPDATE ledger_finding SET found =
                    CAST(julianday(json_extract(record, '$.finding.found')) - 2440587.5 AS INTEGER);

                -- How far the record has been scored: the last audit entry whose completions,
                -- waivers and confirmations were looked at.
                CREATE TABLE points_progress (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    audit_seq INTEGER NOT NULL
                );
                """)
    }

    /// v3: dictionary tables and integer rows. Existing rows are carried over with their
    /// ids, so completions, events and alerts keep pointing at them; names arrive with the
    /// next pass that reads the configuration.
    private static func compact(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE branch (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    name TEXT,
                    time_zone TEXT,
                    file TEXT,
                    -- The configuration files this branch was last materialised from (see ConfigStamp).
                    stamp TEXT,
                    materialized_through INTEGER,
                    last_pass_at INTEGER
                );
                INSERT INTO branch (key, materialized_through, last_pass_at)
                    SELECT branch, materialized_through, last_pass_at FROM branch_progress;
                INSERT OR IGNORE INTO branch (key) SELECT DISTINCT branch FROM occurrence;

                CREATE TABLE duty (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    title TEXT,
                    line TEXT NOT NULL,
                    cadence TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    owner_role TEXT NOT NULL,
                    position INTEGER
                );
                INSERT INTO duty (key, line, cadence, scope, owner_role)
                    SELECT duty, min(line), min(cadence), min(scope), min(owner_role) FROM occurrence GROUP BY duty;

                -- Whoever or whatever an item is about or owed by: a person, a grid, a pairing, the branch.
                CREATE TABLE party (
                    id INTEGER PRIMARY KEY,
                    branch INTEGER NOT NULL REFERENCES branch (id),
                    key TEXT NOT NULL,
                    name TEXT,
                    -- Roster order for people (listings sort by it); NULL for the other subjects
                    -- and for people no longer on the roster.
                    rank INTEGER,
                    -- A person's first and last day on the roster (day numbers), when the roster says.
                    joined INTEGER,
                    left_on INTEGER,
                    UNIQUE (branch, key)
                );
                CREATE INDEX party_by_key ON party (key);
                INSERT OR IGNORE INTO party (branch, key)
                    SELECT b.id, x.k FROM (
                        SELECT branch, subject AS k FROM occurrence
                        UNION SELECT branch, owner FROM occurrence WHERE owner IS NOT NULL
                    ) x JOIN branch b ON b.key = x.branch;

                CREATE TABLE period (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE
                );
                INSERT INTO period (key) SELECT DISTINCT period FROM occurrence ORDER BY period;

                CREATE TABLE occurrence_v3 (
                    id INTEGER PRIMARY KEY,
                    branch INTEGER NOT NULL,
                    duty INTEGER NOT NULL,
                    subject INTEGER NOT NULL,
                    period INTEGER NOT NULL,
                    owner INTEGER,
                    period_start INTEGER NOT NULL,
                    remind_at INTEGER NOT NULL,
                    deadline INTEGER NOT NULL,
                    quota INTEGER NOT NULL DEFAULT 1 CHECK (quota >= 1),
                    done_count INTEGER NOT NULL DEFAULT 0,
                    -- 0 open, 1 done, 2 waived, 3 left (OccurrenceState's order).
                    state INTEGER NOT NULL DEFAULT 0,
                    closed_at INTEGER,
                    late INTEGER NOT NULL DEFAULT 0,
                    next_alert_at INTEGER
                );
                INSERT INTO occurrence_v3
                    (id, branch, duty, subject, period, owner, period_start, remind_at, deadline, quota,
                     done_count, state, closed_at, late, next_alert_at)
                SELECT o.id, b.id, d.id, s.id, p.id, w.id, o.period_start, o.remind_at, o.deadline, o.quota,
                    o.done_count,
                    CASE o.state WHEN 'open' THEN 0 WHEN 'done' THEN 1 WHEN 'waived' THEN 2 ELSE 3 END,
                    o.closed_at, o.late, CASE WHEN o.state = 'open' THEN o.next_alert_at END
                FROM occurrence o
                JOIN branch b ON b.key = o.branch
                JOIN duty d ON d.key = o.duty
                JOIN party s ON s.branch = b.id AND s.key = o.subject
                JOIN period p ON p.key = o.period
                LEFT JOIN party w ON w.branch = b.id AND w.key = o.owner;
                DROP TABLE occurrence;
                DROP TABLE branch_progress;
                ALTER TABLE occurrence_v3 RENAME TO occurrence;
                CREATE UNIQUE INDEX occurrence_key ON occurrence (branch, duty, subject, period);
                CREATE INDEX occurrence_open_by_owner ON occurrence (owner, deadline) WHERE state = 0;
                CREATE INDEX occurrence_open_by_branch ON occurrence (branch, deadline) WHERE state = 0;
                CREATE INDEX occurrence_next_alert ON occurrence (next_alert_at) WHERE state = 0;

                -- One row per performance, keyed by its order within the occurrence: no rowid and
                -- no second index, since an occurrence's completions are only ever read together.
                CREATE TABLE completion_v3 (
                    occurrence_id INTEGER NOT NULL REFERENCES occurrence (id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    by TEXT NOT NULL,
                    performed_at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    note TEXT,
                    late INTEGER NOT NULL,
                    PRIMARY KEY (occurrence_id, seq)
                ) WITHOUT ROWID;
                INSERT INTO completion_v3 (occurrence_id, seq, by, performed_at, recorded_at, note, late)
                    SELECT occurrence_id, row_number() OVER (PARTITION BY occurrence_id ORDER BY performed_at, id),
                        by, performed_at, recorded_at, note, late
                    FROM completion;
                DROP TABLE completion;
                ALTER TABLE completion_v3 RENAME TO completion;

                CREATE TABLE config_stamp (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
    }

    /// v4: each branch's count of open items, so the whole bank's counts cost one row per
    /// branch however large the open backlog. Materialisation adds the rows it creates;
    /// triggers count every close and reopen, whichever writer makes it (`done`, `waive`, a
    /// departure, an SQL repair). Counting inserts by trigger instead would cost a branch
    /// row update per created row: over half again the materialisation time. The latest
    /// period start tells whether a count at an earlier instant must leave out items whose
    /// period had not begun.
    private static func openCounts(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE branch ADD COLUMN open_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE branch ADD COLUMN latest_period_start INTEGER;
                UPDATE branch SET
                    open_count = (SELECT count(*) FROM occurrence WHERE state = 0 AND branch = branch.id),
                    latest_period_start = (SELECT max(period_start) FROM occurrence WHERE branch = branch.id);
                CREATE TRIGGER occurrence_state_changed AFTER UPDATE OF state ON occurrence
                    WHEN (old.state = 0) != (new.state = 0)
                BEGIN
                    UPDATE branch SET open_count = open_count + (new.state = 0) - (old.state = 0) WHERE id = new.branch;
                END;
                CREATE TRIGGER occurrence_deleted AFTER DELETE ON occurrence WHEN old.state = 0
                BEGIN
                    UPDATE branch SET open_count = open_count - 1 WHERE id = old.branch;
                END;
                """)
    }

    /// v7: a completion the closed item implies — its owner did it alone, recorded as done,
    /// with no note — is read back from the item (`Completion.implied(by:)`) and no longer
    /// kept as a row: at bank scale those rows were a quarter of the file. Only a lone
    /// first completion goes; the rest stay as they were.
    private static func dropImpliedCompletions(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM completion WHERE seq = 1
                AND EXISTS (
                    SELECT 1 FROM occurrence o JOIN party w ON w.id = o.owner
                    WHERE o.id = completion.occurrence_id AND o.state = 1 AND o.quota = 1 AND o.done_count = 1
                      AND w.key = completion.by AND completion.performed_at = o.closed_at
                      AND completion.recorded_at = o.closed_at AND completion.note IS NULL
                      AND completion.late = o.late)
                AND NOT EXISTS (
                    SELECT 1 FROM completion other WHERE other.occurrence_id = completion.occurrence_id AND other.seq != 1)
                """)
    }
}
