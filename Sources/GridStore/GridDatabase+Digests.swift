import Foundation
import GRDB
import GridCore

extension GridDatabase {
    /// A branch's open overdue items, each with the level and people of its latest overdue
    /// or escalation alert (items with none yet are left out): one statement, an index seek
    /// per item for its latest alert.
    public func overdueItems(branch: String, now: Date) throws -> [OverdueItem] {
        try writer.read { db in try Self.overdueItems(db, branch: branch, now: now) }
    }

    /// What the digest planner needs of a branch, in one read: its overdue items and each
    /// person's last digest day.
    public func digestInputs(branch: String, now: Date) throws -> (
        items: [OverdueItem], lastDigestDays: [String: LocalDate]
    ) {
        try writer.read { db in
            (try Self.overdueItems(db, branch: branch, now: now), try Self.lastDigestDays(db, branch: branch))
        }
    }

    static func overdueItems(_ db: Database, branch: String, now: Date) throws -> [OverdueItem] {
        let select = try db.cachedStatement(
            sql: """
                SELECT o.id, d.key, p.key, w.key, o.deadline, a.level, a.targets
                FROM occurrence o
                JOIN duty d ON d.id = o.duty
                JOIN period p ON p.id = o.period
                LEFT JOIN party w ON w.id = o.owner
                JOIN alert a ON a.id = (
                    SELECT l.id FROM alert l
                    WHERE l.occurrence_id = o.id AND l.kind IN ('overdue', 'escalation')
                    ORDER BY l.due_at DESC, l.id DESC LIMIT 1)
                WHERE o.branch = (SELECT id FROM branch WHERE key = ?) AND o.state = 0 AND o.deadline <= ?
                ORDER BY o.id
                """)
        let cursor = try Row.fetchCursor(select, arguments: [branch, now.seconds])
        var items: [OverdueItem] = []
        while let row = try cursor.next() {
            let targets: String = row[6]
            items.append(
                OverdueItem(
                    occurrenceID: row[0], duty: row[1], period: row[2], owner: row[3],
                    deadline: Date(seconds: row[4]), level: row[5],
                    targets: targets.split(separator: ",").map(String.init)))
        }
        return items
    }

    /// Each person's last digest day in a branch.
    public func lastDigestDays(branch: String) throws -> [String: LocalDate] {
        try writer.read { db in try Self.lastDigestDays(db, branch: branch) }
    }

    static func lastDigestDays(_ db: Database, branch: String) throws -> [String: LocalDate] {
        let select = try db.cachedStatement(
            sql: "SELECT person, max(day) FROM digest WHERE branch = ? GROUP BY person")
        var days: [String: LocalDate] = [:]
        for row in try Row.fetchAll(select, arguments: [branch]) {
            if let day = LocalDate(iso: row[1] as String) { days[row[0]] = day }
        }
        return days
    }

    /// Writes digests in one transaction with one entry of the record covering them, and the
    /// messages they call for into the outbox in the same transaction. A digest already
    /// present (same branch, person and day) is left as it is. Returns those newly written,
    /// with their ids.
    @discardableResult
    public func recordDigests(
        _ digests: [Digest], raisedAt now: Date, attribution: Attribution? = nil,
        messages: (Digest) -> [OutboxMessage] = { _ in [] }
    ) throws -> [Digest] {
        guard !digests.isEmpty else { return [] }
        let attribution = attribution ?? AuditChain.daemon(at: now)
        return try writer.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO digest (branch, person, day, raised_at, item_count, oldest_deadline, items)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            var written: [Digest] = []
            for digest in digests {
                try insert.execute(arguments: [
                    digest.branch, digest.person, digest.day.description, now.seconds, digest.count,
                    digest.oldestDeadline?.seconds, try DigestItems.encode(digest.items),
                ])
                guard db.changesCount > 0 else { continue }
                written.append(
                    Digest(
                        id: db.lastInsertedRowID, branch: digest.branch, person: digest.person, day: digest.day,
                        raisedAt: Date(seconds: now.seconds), items: digest.items))
            }
            if let first = written.first?.id, let last = written.last?.id {
                try AuditChain.append(
                    db, kind: .digests, attribution: attribution, first: first, last: last,
                    detail: "\(written.count) digest(s)")
                _ = try GridDatabase.enqueue(db, written.flatMap(messages), at: now)
            }
            return written
        }
    }

    /// Records whether the repeat is folded into digests, and when it stops being folded,
    /// gives the open overdue items with no next alert time (those past their last step) one
    /// now, so that their repeats resume. Returns how many were given one.
    @discardableResult
    public func noteDigestFolding(_ folds: Bool, now: Date) throws -> Int {
        try writer.write { db in
            let before = try Int64.fetchOne(db, sql: "SELECT value FROM daemon_state WHERE key = 'digest_folds_nags'")
            guard before != (folds ? 1 : 0) else { return 0 }
            try db.execute(
                sql: """
                    INSERT INTO daemon_state (key, value) VALUES ('digest_folds_nags', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, arguments: [folds ? 1 : 0])
            guard before == 1, !folds else { return 0 }
            try db.execute(
                sql: """
                    UPDATE occurrence SET next_alert_at = ?
                    WHERE state = 0 AND next_alert_at IS NULL AND deadline <= ?
                    """, arguments: [now.seconds, now.seconds])
            return db.changesCount
        }
    }

    /// Digests written but not yet logged, oldest first.
    public func unloggedDigests(limit: Int = 1_000) throws -> [Digest] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "\(DigestItems.select) WHERE logged_at IS NULL ORDER BY id LIMIT ?", arguments: [limit]
            ).map(DigestItems.digest)
        }
    }

    public func markDigestsLogged(_ ids: [Int64], at now: Date) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                try db.execute(
                    sql:
                        "UPDATE digest SET logged_at = ? WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments([now.seconds] + chunk.map { $0 as (any DatabaseValueConvertible) }))
            }
        }
    }

    /// Digests, newest first, optionally only one person's.
    public func digests(person: String? = nil, limit: Int = 500) throws -> [Digest] {
        try writer.read { db in
            if let person {
                return try Row.fetchAll(
                    db, sql: "\(DigestItems.select) WHERE person = ? ORDER BY id DESC LIMIT ?",
                    arguments: [person, limit]
                ).map(DigestItems.digest)
            }
            return try Row.fetchAll(db, sql: "\(DigestItems.select) ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(DigestItems.digest)
        }
    }

    public func digest(id: Int64) throws -> Digest? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "\(DigestItems.select) WHERE id = ?", arguments: [id]).map(DigestItems.digest)
        }
    }
}

/// A digest's items as stored: a JSON array in the row, read only whole.
enum DigestItems {
    struct Stored: Codable {
        var occurrence: Int64
        var duty: String
        var period: String
        var owner: String?
        var deadline: Int64
        var days_overdue: Int
        var level: Int
        var escalated: Bool
    }

    static let select = "SELECT id, branch, person, day, raised_at, items, logged_at FROM digest"

    static func encode(_ items: [DigestItem]) throws -> String {
        let stored = items.map {
            Stored(
                occurrence: $0.occurrenceID, duty: $0.duty, period: $0.period, owner: $0.owner,
                deadline: $0.deadline.seconds, days_overdue: $0.businessDaysOverdue, level: $0.level,
                escalated: $0.escalated)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(stored), as: UTF8.self)
    }

    static func digest(_ row: Row) throws -> Digest {
        let text: String = row[5]
        let items = try JSONDecoder().decode([Stored].self, from: Data(text.utf8)).map {
            DigestItem(
                occurrenceID: $0.occurrence, duty: $0.duty, period: $0.period, owner: $0.owner,
                deadline: Date(seconds: $0.deadline), businessDaysOverdue: $0.days_overdue, level: $0.level,
                escalated: $0.escalated)
        }
        guard let day = LocalDate(iso: row[3] as String) else {
            throw StoreError.corruptRow(table: "digest", id: row[0], column: "day", value: row[3])
        }
        return Digest(
            id: row[0], branch: row[1], person: row[2], day: day, raisedAt: Date(seconds: row[4]), items: items,
            loggedAt: (row[6] as Int64?).map(Date.init(seconds:)))
    }
}
