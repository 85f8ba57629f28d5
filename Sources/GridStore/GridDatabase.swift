import Foundation
import GRDB
import GRDBSQLite
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
        /// A read-only connection to a file another connection of the process has opened
        /// (and migrated): for a read done on another core beside it.
        case reader
    }

    public let path: String
    let writer: any DatabaseWriter
    let committedKeys = CommittedKeys()

    /// Opens (creating if needed) and migrates the database at `path`. `migrationProgress`
    /// is called every million SQLite instructions while a migration runs, `first` on the
    /// first call: an upgrade of a bank's database takes minutes, and the daemon tells
    /// systemd it is still starting, a command tells its user it is not hung.
    public init(path: String, mode: Mode, migrationProgress: (@Sendable (_ first: Bool) -> Void)? = nil) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                // Also set by DatabasePool; a DatabaseQueue needs it said.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            // A statement that writes many rows keeps a journal of the pages it changed, to
            // undo itself if a later row fails; past 64 KiB SQLite spills it to a temporary
            // file, which more than doubled materialisation's system time. Nothing else here
            // needs much temporary storage (sorts of one person's or one branch's items, and
            // of one row per branch at most) except migrations, which set their own.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // The files' modes and group, before SQLite creates any with the umask's.
        if mode != .reader { try SharedFiles.prepare(database: path) }
        do {
            switch mode {
            case .daemon: writer = try DatabasePool(path: path, configuration: configuration)
            case .command: writer = try DatabaseQueue(path: path, configuration: configuration)
            case .reader:
                configuration.readonly = true
                writer = try DatabaseQueue(path: path, configuration: configuration)
            }
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
        if mode != .reader {
            try migrate(progress: migrationProgress)
            try SharedFiles.checkJournal(database: path)
        }
    }

    /// An in-memory database, for tests.
    public init() throws {
        path = ":memory:"
        writer = try DatabaseQueue()
        try Migrations.migrator.migrate(writer)
    }

    private func migrate(progress: (@Sendable (_ first: Bool) -> Void)?) throws {
        let migrator = Migrations.migrator
        // Unlocked, this look can meet a file another process is creating this very moment;
        // any doubt is settled under the lock, where the migrator looks again.
        if (try? writer.read({ try migrator.hasCompletedMigrations($0) })) == true { return }
        let lock = try SharedFiles.openLock(database: path)
        defer { close(lock) }
        // A migration can rebuild an index of a bank's every occurrence (80 million rows at
        // 20,000 branches): in memory its sort took 2 GB. On disk it takes what it needs.
        let watcher = progress.map(MigrationProgress.init)
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA temp_store = FILE")
            watcher?.install(on: db)
        }
        defer {
            try? writer.writeWithoutTransaction { db in
                watcher?.remove(from: db)
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
        }
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
        branch: String, plans: [OccurrencePlan], through day: LocalDate, now: Date, stamp: String? = nil
    ) throws -> MaterializeResult {
        try writer.write { db in
            try Self.materialize(
                db, branch: branch, plans: plans, through: day, now: now, stamp: stamp, committedKeys: committedKeys)
        }
    }

    static func materialize(
        _ db: Database, branch: String, plans: [OccurrencePlan], through day: LocalDate?, now: Date, stamp: String?,
        committedKeys: CommittedKeys? = nil
    ) throws -> MaterializeResult {
        var result = MaterializeResult()
        var keys = try KeyDictionary(db, branch: branch, committed: committedKeys)
        let nowSeconds = now.seconds
        // SQLite gives a new row the id after the largest one, so the rows this call inserts
        // are exactly those above the largest id before it; updated rows keep theirs.
        let lastIDBefore =
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM occurrence")) ?? 0
        // Many rows to a statement: each execution opens, positions and closes a cursor on
        // the table and each of its five indexes, which costs more than one row's insert.
        let batch = try db.cachedStatement(sql: batchUpsertSQL).sqliteStatement
        let single = try db.cachedStatement(sql: singleUpsertSQL).sqliteStatement
        var changed = 0
        var next = plans.startIndex
        while next < plans.endIndex {
            let count = min(plans.endIndex - next, materializeBatch)
            let handle = count == materializeBatch ? batch : single
            let rows = count == materializeBatch ? count : 1
            sqlite3_reset(handle)
            sqlite3_bind_int64(handle, 1, nowSeconds)
            for (row, plan) in plans[next..<(next + rows)].enumerated() {
                let duty = try keys.duty(
                    plan.key.duty, line: plan.line, cadence: plan.cadence.rawValue, scope: plan.scope.rawValue,
                    ownerRole: plan.ownerRole)
                let first = Int32(2 + row * 9)
                sqlite3_bind_int64(handle, first, keys.branch)
                sqlite3_bind_int64(handle, first + 1, duty)
                sqlite3_bind_int64(handle, first + 2, try keys.party(plan.key.subject))
                sqlite3_bind_int64(handle, first + 3, try keys.period(plan.key.period))
                if let owner = try plan.owner.map({ try keys.party($0) }) {
                    sqlite3_bind_int64(handle, first + 4, owner)
                } else {
                    sqlite3_bind_null(handle, first + 4)
                }
                sqlite3_bind_int64(handle, first + 5, plan.periodStart.seconds)
                sqlite3_bind_int64(handle, first + 6, plan.remindAt.seconds)
                sqlite3_bind_int64(handle, first + 7, plan.deadline.seconds)
                sqlite3_bind_int64(handle, first + 8, Int64(plan.quota))
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
            changed += db.changesCount
            next += rows
        }
        sqlite3_reset(batch)
        sqlite3_reset(single)
        var latestStart: Int64?
        if changed > 0,
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT count(*), max(period_start) FROM occurrence WHERE id > ?"),
                arguments: [lastIDBefore])
        {
            result.inserted = row[0]
            latestStart = row[1]
            result.updated = changed - result.inserted
        }
        if result.inserted > 0 {
            // Every new row is open. (Closing and reopening are counted by the schema's triggers.)
            try db.cachedStatement(
                sql: """
                    UPDATE branch SET open_count = open_count + ?1,
                        latest_period_start = max(coalesce(latest_period_start, ?2), ?2)
                    WHERE id = ?3
                    """
            ).execute(arguments: [result.inserted, latestStart, keys.branch])
        }
        guard let day else { return result }
        try db.cachedStatement(
            sql: """
                UPDATE branch SET materialized_through = max(coalesce(materialized_through, ?1), ?1),
                    last_pass_at = ?2, stamp = coalesce(?3, stamp)
                WHERE id = ?4
                """
        ).execute(arguments: [day.dayNumber, nowSeconds, stamp, keys.branch])
        return result
    }

    /// Rows per materialising statement. Measured on a year from empty: fewer lose the
    /// saving, more gain nothing and compile a longer statement.
    static let materializeBatch = 32
    // Built once: the statement cache is keyed by the text, and a daily pass asks for it
    // per branch.
    static let batchUpsertSQL = upsertSQL(rows: materializeBatch)
    static let singleUpsertSQL = upsertSQL(rows: 1)

    /// An upsert of `rows` occurrences: parameter 1 is now, then nine per row. An existing
    /// open item not yet due takes a changed owner, deadline, reminder or quota; a closed
    /// or due one is history and stays as it is.
    static func upsertSQL(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let p = 2 + row * 9
            return
                "(?\(p), ?\(p + 1), ?\(p + 2), ?\(p + 3), ?\(p + 4), ?\(p + 5), ?\(p + 6), ?\(p + 7), ?\(p + 8), ?\(p + 6))"
        }
        return """
            INSERT INTO occurrence
                (branch, duty, subject, period, owner, period_start, remind_at, deadline, quota, next_alert_at)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (subject, duty, period) DO UPDATE SET
                owner = excluded.owner, remind_at = excluded.remind_at, deadline = excluded.deadline,
                quota = excluded.quota,
                next_alert_at = min(coalesce(occurrence.next_alert_at, excluded.remind_at), excluded.remind_at)
            WHERE occurrence.state = 0 AND occurrence.deadline > ?1 AND excluded.deadline > ?1
              AND (occurrence.owner IS NOT excluded.owner OR occurrence.deadline != excluded.deadline
                   OR occurrence.remind_at != excluded.remind_at OR occurrence.quota != excluded.quota)
            """
    }

    /// The last day materialised for a branch, nil before its first pass.
    public func materializedThrough(branch: String) throws -> LocalDate? {
        try writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT materialized_through FROM branch WHERE key = ?", arguments: [branch]
            ).map(LocalDate.init(dayNumber:))
        }
    }

    /// Closes, as "left", the open per-person items of people no longer on the roster.
    /// They are kept, not deleted: the record of what was owed stays.
    @discardableResult
    public func closeItemsOfLeavers(branch: String, staying: Set<String>, at now: Date) throws -> Int {
        try writer.write { db in try Self.closeItemsOfLeavers(db, branch: branch, staying: staying, at: now) }
    }

    /// `otherSubjects` (the branch, its grids and pairings) lets it skip the scan of the
    /// branch's open items when every subject the branch has ever had is still there, as on
    /// most passes: on a reload of a whole bank that scan would otherwise run for every branch.
    static func closeItemsOfLeavers(
        _ db: Database, branch: String, staying: Set<String>, otherSubjects: Set<String>? = nil, at now: Date
    ) throws -> Int {
        if let otherSubjects {
            let subjects = try String.fetchAll(
                db.cachedStatement(
                    sql: "SELECT p.key FROM party p JOIN branch b ON b.id = p.branch WHERE b.key = ?"),
                arguments: [branch])
            guard subjects.contains(where: { !staying.contains($0) && !otherSubjects.contains($0) }) else { return 0 }
        }
        let perPerson = Scope.allCases.filter(\.isPerPerson).map(\.rawValue)
        // Cached: every pass asks it of every branch.
        let select = try db.cachedStatement(
            sql: """
                SELECT o.id, s.key FROM occurrence o
                JOIN branch b ON b.id = o.branch JOIN duty d ON d.id = o.duty JOIN party s ON s.id = o.subject
                WHERE b.key = ? AND o.state = 0
                  AND d.scope IN (\(perPerson.map { _ in "?" }.joined(separator: ",")))
                """)
        let rows = try Row.fetchAll(select, arguments: StatementArguments([branch] + perPerson))
        var closed = 0
        for row in rows {
            let subject: String = row[1]
            guard !staying.contains(subject) else { continue }
            let id: Int64 = row[0]
            try db.execute(
                sql: "UPDATE occurrence SET state = ?, closed_at = ?, next_alert_at = NULL WHERE id = ?",
                arguments: [OccurrenceQuery.code(.left), now.seconds, id])
            try EventRecord(
                occurrenceID: id, at: now.seconds, kind: "left", actor: nil,
                detail: "\(subject) is no longer on the roster"
            ).insert(db)
            closed += 1
        }
        return closed
    }

    // MARK: - Commands

    /// Records one performance of a check. The item is done once the quota is met, late if
    /// the completion that met it was performed after the deadline. A completion the closed
    /// item implies (see `Completion.implied(by:)`) is not stored as a row of its own.
    public func recordCompletion(
        occurrence id: Int64, by person: String, performedAt: Date, recordedAt: Date, note: String?
    ) throws -> Occurrence {
        try writer.write { db in
            let item = try Self.openOccurrence(db, id: id)
            let late = performedAt.seconds > item.deadline.seconds
            let doneCount = item.doneCount + 1
            if doneCount >= item.quota {
                try db.execute(
                    sql: """
                        UPDATE occurrence SET done_count = ?, state = ?, closed_at = ?, late = ?, next_alert_at = NULL
                        WHERE id = ?
                        """, arguments: [doneCount, OccurrenceQuery.code(.done), performedAt.seconds, late, id])
            } else {
                try db.execute(sql: "UPDATE occurrence SET done_count = ? WHERE id = ?", arguments: [doneCount, id])
            }
            let updated = try Self.occurrence(db, id: id)!
            // As it reads back: instants in whole seconds.
            let completion = Completion(
                by: person, performedAt: Date(seconds: performedAt.seconds),
                recordedAt: Date(seconds: recordedAt.seconds), note: note, late: late)
            if Completion.implied(by: updated) != completion {
                try db.execute(
                    sql: """
                        INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [id, doneCount, person, performedAt.seconds, recordedAt.seconds, note, late])
            }
            return updated
        }
    }

    public func waive(occurrence id: Int64, by person: String, reason: String, at now: Date) throws -> Occurrence {
        try writer.write { db in
            _ = try Self.openOccurrence(db, id: id)
            try db.execute(
                sql: "UPDATE occurrence SET state = ?, closed_at = ?, next_alert_at = NULL WHERE id = ?",
                arguments: [OccurrenceQuery.code(.waived), now.seconds, id])
            try EventRecord(occurrenceID: id, at: now.seconds, kind: "waived", actor: person, detail: reason).insert(db)
            return try Self.occurrence(db, id: id)!
        }
    }

    private static func openOccurrence(_ db: Database, id: Int64) throws -> Occurrence {
        guard let item = try occurrence(db, id: id) else { throw StoreError.noSuchOccurrence(String(id)) }
        guard item.state == .open else { throw StoreError.alreadyClosed(id: id, state: item.state.rawValue) }
        return item
    }

    /// Raises a triggered occurrence. `plan` receives the sequence number of this raise
    /// among the same duty's raises about the same subject on the same day.
    public func raise(
        branch: String, duty: String, subject: String, day: LocalDate, by person: String?, note: String?, at now: Date,
        plan: (Int) -> OccurrencePlan?
    ) throws -> Occurrence? {
        try writer.write { db in
            let count =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM occurrence o
                        JOIN branch b ON b.id = o.branch JOIN duty d ON d.id = o.duty
                        JOIN party s ON s.id = o.subject JOIN period p ON p.id = o.period
                        WHERE b.key = ? AND d.key = ? AND s.key = ? AND p.key LIKE ?
                        """,
                    arguments: [branch, duty, subject, "\(day)#%"]) ?? 0
            guard let plan = plan(count + 1) else { return nil }
            let result = try Self.materialize(
                db, branch: plan.key.branch, plans: [plan], through: nil, now: now, stamp: nil,
                committedKeys: committedKeys)
            guard result.inserted == 1, let raised = try Self.occurrence(db, key: plan.key) else { return nil }
            try EventRecord(occurrenceID: raised.id, at: now.seconds, kind: "raised", actor: person, detail: note)
                .insert(db)
            return raised
        }
    }

    // MARK: - Queries

    public func occurrence(id: Int64) throws -> Occurrence? {
        try writer.read { db in try Self.occurrence(db, id: id) }
    }

    /// Several occurrences in one read, by id; ids not found are absent from the result.
    public func occurrences(ids: [Int64]) throws -> [Int64: Occurrence] {
        try writer.read { db in
            var found: [Int64: Occurrence] = [:]
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
                for row in try Row.fetchAll(
                    db, sql: OccurrenceQuery.select + " WHERE o.id IN (\(placeholders))",
                    arguments: StatementArguments(Array(chunk)))
                {
                    let occurrence = try OccurrenceQuery.occurrence(row)
                    found[occurrence.id] = occurrence
                }
            }
            return found
        }
    }

    static func occurrence(_ db: Database, id: Int64) throws -> Occurrence? {
        try Row.fetchOne(db.cachedStatement(sql: OccurrenceQuery.select + " WHERE o.id = ?"), arguments: [id])
            .map(OccurrenceQuery.occurrence)
    }

    /// One occurrence with its names.
    public func listed(id: Int64) throws -> ListedOccurrence? {
        try writer.read { db in
            try Row.fetchOne(db, sql: OccurrenceQuery.select + " WHERE o.id = ?", arguments: [id])
                .map(OccurrenceQuery.listed)
        }
    }

    public func occurrence(key: OccurrenceKey) throws -> Occurrence? {
        try writer.read { db in try Self.occurrence(db, key: key) }
    }

    static func occurrence(_ db: Database, key: OccurrenceKey) throws -> Occurrence? {
        try Row.fetchOne(
            db,
            sql: OccurrenceQuery.select + " WHERE b.key = ? AND d.key = ? AND s.key = ? AND p.key = ?",
            arguments: [key.branch, key.duty, key.subject, key.period]
        ).map(OccurrenceQuery.occurrence)
    }

    /// Open items whose period has begun: `overdue` false gives those still before their
    /// deadline, true those past it. Ordered by deadline.
    public func openOccurrences(_ filter: OccurrenceFilter, now: Date, overdue: Bool) throws -> [Occurrence] {
        try listOpen(filter, now: now, overdue: overdue).map(\.occurrence)
    }

    /// The same items with the names a listing shows.
    public func listOpen(_ filter: OccurrenceFilter, now: Date, overdue: Bool) throws -> [ListedOccurrence] {
        try writer.read { db in
            let (conditions, arguments) = Self.conditions(filter, now: now, overdue: overdue)
            var sql = OccurrenceQuery.select + " WHERE " + conditions + " ORDER BY o.deadline, o.id"
            if let limit = filter.limit { sql += " LIMIT \(limit)" }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(OccurrenceQuery.listed)
        }
    }

    public func countOpen(_ filter: OccurrenceFilter, now: Date, overdue: Bool) throws -> Int {
        try writer.read { db in
            let (conditions, arguments) = Self.conditions(filter, now: now, overdue: overdue)
            return try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM occurrence o
                    JOIN branch b ON b.id = o.branch JOIN duty d ON d.id = o.duty LEFT JOIN party w ON w.id = o.owner
                    WHERE
                    """ + " " + conditions, arguments: arguments) ?? 0
        }
    }

    /// The WHERE clause of a listing. Keys are matched through the dictionaries' unique
    /// indexes; a person's or a branch's items are then read from the open-items indexes.
    private static func conditions(_ filter: OccurrenceFilter, now: Date, overdue: Bool) -> (
        String, StatementArguments
    ) {
        let nowSeconds = now.seconds
        var clauses = ["o.state = 0", overdue ? "o.deadline <= ?" : "o.deadline > ?", "o.period_start <= ?"]
        var arguments: StatementArguments = [nowSeconds, nowSeconds]
        if let branch = filter.branch {
            clauses.append("o.branch = (SELECT id FROM branch WHERE key = ?)")
            arguments += [branch]
        }
        if let owners = filter.owners {
            // Owner numbers are per branch: match them by key, within the branch when given.
            let placeholders = owners.map { _ in "?" }.joined(separator: ",")
            if filter.branch != nil {
                clauses.append(
                    "o.owner IN (SELECT id FROM party WHERE branch = o.branch AND key IN (\(placeholders)))")
            } else {
                clauses.append("o.owner IN (SELECT id FROM party WHERE key IN (\(placeholders)))")
            }
            arguments += StatementArguments(owners)
        }
        if let before = filter.deadlineBefore {
            clauses.append("o.deadline <= ?")
            arguments += [before.seconds]
        }
        if let line = filter.line {
            clauses.append("d.line = ?")
            arguments += [line]
        }
        if let role = filter.ownerRole {
            clauses.append("d.owner_role = ?")
            arguments += [role]
        }
        if let cadence = filter.cadence {
            clauses.append("d.cadence = ?")
            arguments += [cadence]
        }
        if let duty = filter.duty {
            clauses.append("d.key = ?")
            arguments += [duty]
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    /// An item's completions in the order they were performed, the implied one included.
    public func completions(of id: Int64) throws -> [Completion] {
        try writer.read { db in
            let stored = try Row.fetchAll(
                db,
                sql: """
                    SELECT by, performed_at, recorded_at, note, late FROM completion
                    WHERE occurrence_id = ? ORDER BY performed_at, seq
                    """, arguments: [id]
            ).map { row in
                Completion(
                    by: row["by"], performedAt: Date(seconds: row["performed_at"]),
                    recordedAt: Date(seconds: row["recorded_at"]), note: row["note"], late: row["late"])
            }
            guard stored.isEmpty, let item = try Self.occurrence(db, id: id), let implied = Completion.implied(by: item)
            else { return stored }
            return [implied]
        }
    }

    public func events(of id: Int64) throws -> [OccurrenceEvent] {
        try writer.read { db in
            try EventRecord.filter(EventRecord.Columns.occurrenceID == id).order(EventRecord.Columns.at).fetchAll(db)
                .map(\.event)
        }
    }

    /// Open and overdue counts per branch in time proportional to the branches, not to the
    /// open backlog. The open count is the one kept in the branch row; only when `now` is
    /// earlier than the latest period start materialised (a look back in time) are the open
    /// items whose period had not begun counted and left out, from the branch's open items.
    /// The overdue count is a range of the per-branch index of open items by deadline.
    public func openCounts(now: Date) throws -> [String: (open: Int, overdue: Int)] {
        try writer.read { db in
            var result: [String: (open: Int, overdue: Int)] = [:]
            let statement = try db.cachedStatement(
                sql: """
                    SELECT b.key AS branch,
                        b.open_count - CASE WHEN b.latest_period_start > ?1 THEN (
                            SELECT count(*) FROM occurrence o
                            WHERE o.state = 0 AND o.branch = b.id AND o.deadline > ?1 AND o.period_start > ?1
                        ) ELSE 0 END AS open,
                        (SELECT count(*) FROM occurrence o
                            WHERE o.state = 0 AND o.branch = b.id AND o.deadline <= ?1) AS overdue
                    FROM branch b
                    """)
            // Read raw: one row per branch of the bank.
            try RawRow.forEach(statement, db, arguments: [now.seconds]) { row in
                let open = Int(row.int(1) ?? 0)
                if open > 0, let key = row.text(0) { result[key] = (open, Int(row.int(2) ?? 0)) }
            }
            return result
        }
    }
}
