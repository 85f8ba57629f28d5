import Foundation
import GRDB
import GridCore

#if canImport(Glibc)
    import Glibc
#endif

/// The one door to GridDuty's SQLite file, shared by the daemon and every `gridctl`.
///
/// Both open the file in WAL mode with a busy timeout, so a reader never blocks the writer
/// and two writers queue instead of failing with "database is locked". Transactions are
/// short and named after what they mean. Migrations run under an exclusive file lock so
/// that processes opening a new file at the same moment cannot both apply them.
public final class GridDatabase: Sendable {
    public enum Mode: Sendable {
        /// A pool: concurrent reads beside the writer; for the long-running daemon.
        case daemon
        /// A single connection: starts and commits faster; for one command.
        case command
    }

    public let path: String
    let writer: any DatabaseWriter

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String, mode: Mode) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                // Also set by DatabasePool; a DatabaseQueue needs it said.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            switch mode {
            case .daemon: writer = try DatabasePool(path: path, configuration: configuration)
            case .command: writer = try DatabaseQueue(path: path, configuration: configuration)
            }
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
        try migrate()
    }

    /// An in-memory database, for tests.
    public init() throws {
        path = ":memory:"
        writer = try DatabaseQueue()
        try Migrations.migrator.migrate(writer)
    }

    private func migrate() throws {
        let migrator = Migrations.migrator
        if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
        let lock = open(path + ".migrate-lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
        defer { if lock >= 0 { close(lock) } }
        if lock >= 0 { flock(lock, LOCK_EX) }
        try migrator.migrate(writer)
    }

    // MARK: - Materialisation

    public struct MaterializeResult: Sendable, Equatable {
        public var inserted = 0
        /// Open, not yet due items whose owner, deadline or quota the configuration changed.
        public var updated = 0

        public init(inserted: Int = 0, updated: Int = 0) {
            self.inserted = inserted
            self.updated = updated
        }
    }

    /// Inserts the planned occurrences that do not exist yet, updates the derived fields of
    /// open ones still ahead of their deadline (a new role holder, an edited deadline rule),
    /// and records how far the branch has been materialised — all in one transaction, so a
    /// crash leaves either the whole pass or none of it.
    @discardableResult
    public func materialize(
        branch: String, plans: [OccurrencePlan], through day: LocalDate, now: Date
    ) throws -> MaterializeResult {
        try writer.write { db in
            var result = MaterializeResult()
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO occurrence
                        (branch, duty, subject, period, line, cadence, scope, owner, owner_role,
                         period_start, remind_at, deadline, quota, created_at, next_alert_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (branch, duty, subject, period) DO UPDATE SET
                        owner = excluded.owner, owner_role = excluded.owner_role,
                        remind_at = excluded.remind_at, deadline = excluded.deadline, quota = excluded.quota,
                        next_alert_at = min(coalesce(occurrence.next_alert_at, excluded.remind_at), excluded.remind_at)
                    WHERE occurrence.state = 'open' AND occurrence.deadline > ? AND excluded.deadline > ?
                      AND (occurrence.owner IS NOT excluded.owner OR occurrence.deadline != excluded.deadline
                           OR occurrence.remind_at != excluded.remind_at OR occurrence.quota != excluded.quota)
                    """)
            let nowSeconds = now.seconds
            for plan in plans {
                let before = db.lastInsertedRowID
                try statement.execute(arguments: [
                    plan.key.branch, plan.key.duty, plan.key.subject, plan.key.period, plan.line,
                    plan.cadence.rawValue, plan.scope.rawValue, plan.owner, plan.ownerRole, plan.periodStart.seconds,
                    plan.remindAt.seconds, plan.deadline.seconds, plan.quota, nowSeconds, plan.remindAt.seconds,
                    nowSeconds, nowSeconds,
                ])
                if db.changesCount > 0 {
                    if db.lastInsertedRowID != before { result.inserted += 1 } else { result.updated += 1 }
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO branch_progress (branch, materialized_through, last_pass_at) VALUES (?, ?, ?)
                    ON CONFLICT (branch) DO UPDATE SET
                        materialized_through = max(materialized_through, excluded.materialized_through),
                        last_pass_at = excluded.last_pass_at
                    """, arguments: [branch, day.dayNumber, nowSeconds])
            return result
        }
    }

    /// The last day materialised for a branch, nil before its first pass.
    public func materializedThrough(branch: String) throws -> LocalDate? {
        try writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT materialized_through FROM branch_progress WHERE branch = ?", arguments: [branch]
            ).map(LocalDate.init(dayNumber:))
        }
    }

    /// Closes, as "left", the open per-person items of people no longer on the roster.
    /// They are kept, not deleted: the record of what was owed stays.
    @discardableResult
    public func closeItemsOfLeavers(branch: String, staying: Set<String>, at now: Date) throws -> Int {
        try writer.write { db in
            let perPerson = Scope.allCases.filter(\.isPerPerson).map(\.rawValue)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, subject FROM occurrence
                    WHERE branch = ? AND state = 'open' AND scope IN (\(perPerson.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments([branch] + perPerson))
            var closed = 0
            for row in rows {
                let subject: String = row["subject"]
                guard !staying.contains(subject) else { continue }
                let id: Int64 = row["id"]
                try db.execute(
                    sql: "UPDATE occurrence SET state = 'left', closed_at = ? WHERE id = ?",
                    arguments: [now.seconds, id])
                try EventRecord(
                    occurrenceID: id, at: now.seconds, kind: "left", actor: nil,
                    detail: "\(subject) is no longer on the roster"
                ).insert(db)
                closed += 1
            }
            return closed
        }
    }

    // MARK: - Commands

    /// Records one performance of a check. The item is done once the quota is met, late if
    /// the completion that met it was performed after the deadline.
    public func recordCompletion(
        occurrence id: Int64, by person: String, performedAt: Date, recordedAt: Date, note: String?
    ) throws -> Occurrence {
        try writer.write { db in
            guard var record = try OccurrenceRecord.fetchOne(db, key: id) else {
                throw StoreError.noSuchOccurrence(String(id))
            }
            guard record.state == OccurrenceState.open.rawValue else {
                throw StoreError.alreadyClosed(id: id, state: record.state)
            }
            let late = performedAt.seconds > record.deadline
            try CompletionRecord(
                occurrenceID: id, by: person, performedAt: performedAt.seconds, recordedAt: recordedAt.seconds,
                note: note, late: late
            ).insert(db)
            record.doneCount += 1
            if record.doneCount >= record.quota {
                record.state = OccurrenceState.done.rawValue
                record.closedAt = performedAt.seconds
                record.late = late
            }
            try record.update(db)
            return record.occurrence
        }
    }

    public func waive(occurrence id: Int64, by person: String, reason: String, at now: Date) throws -> Occurrence {
        try writer.write { db in
            guard var record = try OccurrenceRecord.fetchOne(db, key: id) else {
                throw StoreError.noSuchOccurrence(String(id))
            }
            guard record.state == OccurrenceState.open.rawValue else {
                throw StoreError.alreadyClosed(id: id, state: record.state)
            }
            record.state = OccurrenceState.waived.rawValue
            record.closedAt = now.seconds
            try record.update(db)
            try EventRecord(occurrenceID: id, at: now.seconds, kind: "waived", actor: person, detail: reason).insert(db)
            return record.occurrence
        }
    }

    /// Raises a triggered occurrence. `plan` receives the sequence number of this raise
    /// among the same duty's raises about the same subject on the same day.
    public func raise(
        branch: String, duty: String, subject: String, day: LocalDate, by person: String?, note: String?, at now: Date,
        plan: (Int) -> OccurrencePlan?
    ) throws -> Occurrence? {
        try writer.write { db in
            let prefix = "\(day)#"
            let count =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT count(*) FROM occurrence WHERE branch = ? AND duty = ? AND subject = ? AND period LIKE ?",
                    arguments: [branch, duty, subject, prefix + "%"]) ?? 0
            guard let plan = plan(count + 1) else { return nil }
            var record = OccurrenceRecord(
                id: nil, branch: plan.key.branch, duty: plan.key.duty, subject: plan.key.subject,
                period: plan.key.period, line: plan.line, cadence: plan.cadence.rawValue, scope: plan.scope.rawValue,
                owner: plan.owner, ownerRole: plan.ownerRole, periodStart: plan.periodStart.seconds,
                remindAt: plan.remindAt.seconds, deadline: plan.deadline.seconds, quota: plan.quota, doneCount: 0,
                state: OccurrenceState.open.rawValue, closedAt: nil, late: false, createdAt: now.seconds,
                nextAlertAt: plan.remindAt.seconds)
            try record.insert(db)
            record.id = db.lastInsertedRowID
            try EventRecord(occurrenceID: record.id!, at: now.seconds, kind: "raised", actor: person, detail: note)
                .insert(db)
            return record.occurrence
        }
    }

    // MARK: - Queries

    public func occurrence(id: Int64) throws -> Occurrence? {
        try writer.read { db in try OccurrenceRecord.fetchOne(db, key: id)?.occurrence }
    }

    public func occurrence(key: OccurrenceKey) throws -> Occurrence? {
        try writer.read { db in
            try OccurrenceRecord.filter(
                OccurrenceRecord.Columns.branch == key.branch && OccurrenceRecord.Columns.duty == key.duty
                    && OccurrenceRecord.Columns.subject == key.subject && OccurrenceRecord.Columns.period == key.period
            ).fetchOne(db)?.occurrence
        }
    }

    /// Open items whose period has begun: `overdue` false gives those still before their
    /// deadline, true those past it. Ordered by deadline.
    public func openOccurrences(_ filter: OccurrenceFilter, now: Date, overdue: Bool) throws -> [Occurrence] {
        try writer.read { db in
            try request(filter, now: now, overdue: overdue).fetchAll(db).map(\.occurrence)
        }
    }

    public func countOpen(_ filter: OccurrenceFilter, now: Date, overdue: Bool) throws -> Int {
        try writer.read { db in try request(filter, now: now, overdue: overdue).fetchCount(db) }
    }

    private func request(_ filter: OccurrenceFilter, now: Date, overdue: Bool) -> QueryInterfaceRequest<
        OccurrenceRecord
    > {
        typealias C = OccurrenceRecord.Columns
        let nowSeconds = now.seconds
        var request = OccurrenceRecord.filter(C.state == OccurrenceState.open.rawValue)
        if let branch = filter.branch { request = request.filter(C.branch == branch) }
        if let owners = filter.owners { request = request.filter(owners.contains(C.owner)) }
        request = overdue ? request.filter(C.deadline <= nowSeconds) : request.filter(C.deadline > nowSeconds)
        request = request.filter(C.periodStart <= nowSeconds)
        if let before = filter.deadlineBefore { request = request.filter(C.deadline <= before.seconds) }
        if let line = filter.line { request = request.filter(C.line == line) }
        if let role = filter.ownerRole { request = request.filter(C.ownerRole == role) }
        if let cadence = filter.cadence { request = request.filter(C.cadence == cadence) }
        if let duty = filter.duty { request = request.filter(C.duty == duty) }
        request = request.order(C.deadline, C.id)
        if let limit = filter.limit { request = request.limit(limit) }
        return request
    }

    public func completions(of id: Int64) throws -> [Completion] {
        try writer.read { db in
            try CompletionRecord.filter(CompletionRecord.Columns.occurrenceID == id)
                .order(CompletionRecord.Columns.performedAt).fetchAll(db).map(\.completion)
        }
    }

    public func events(of id: Int64) throws -> [OccurrenceEvent] {
        try writer.read { db in
            try EventRecord.filter(EventRecord.Columns.occurrenceID == id).order(EventRecord.Columns.at).fetchAll(db)
                .map(\.event)
        }
    }

    /// Open and overdue counts per branch, from the per-branch index.
    public func openCounts(now: Date) throws -> [String: (open: Int, overdue: Int)] {
        try writer.read { db in
            var result: [String: (open: Int, overdue: Int)] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT branch, count(*) AS open, sum(deadline <= ?) AS overdue
                    FROM occurrence WHERE state = 'open' AND period_start <= ? GROUP BY branch
                    """, arguments: [now.seconds, now.seconds])
            for row in rows { result[row["branch"]] = (row["open"], row["overdue"] ?? 0) }
            return result
        }
    }
}
