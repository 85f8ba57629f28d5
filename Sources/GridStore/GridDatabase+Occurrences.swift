import Foundation
import GRDB
import GridCore

/// Reading occurrences back: one by id or key, the open ones a listing filters, their
/// completions and history, and the bank-wide counts.
extension GridDatabase {

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
