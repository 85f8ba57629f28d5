import Foundation
import GRDB
import GridCore

/// The outbox: messages to receivers, written in the transaction of the alert or digest
/// they tell of, and updated by the sender as each is tried. A row is sent at most once as
/// far as the store can tell: `markSent` commits the moment the receiver accepts, and a sent
/// row can never change again (a trigger refuses it).
extension GridDatabase {

    /// Writes messages inside a transaction already open (the alert's own). A message already
    /// there for the same (source, id, receiver) is left as it is. Returns how many were new.
    @discardableResult
    static func enqueue(_ db: Database, _ messages: [OutboxMessage], at now: Date) throws -> Int {
        guard !messages.isEmpty else { return 0 }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO delivery (source, source_id, receiver, kind, branch, recipients, title, body,
                    created_at, next_attempt_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var added = 0
        for message in messages {
            let recipients = String(decoding: try encoder.encode(message.recipients), as: UTF8.self)
            try insert.execute(arguments: [
                message.source.rawValue, message.sourceID, message.receiver, message.kind, message.branch,
                recipients, message.title, message.body, now.seconds, now.milliseconds,
            ])
            added += db.changesCount
        }
        return added
    }

    /// Writes messages in a transaction of their own (a test message). Returns the ids of
    /// the rows, new or already there.
    public func enqueue(_ messages: [OutboxMessage], at now: Date) throws -> [Int64] {
        try writer.write { db in
            try Self.enqueue(db, messages, at: now)
            return try messages.map { message in
                try Int64.fetchOne(
                    db, sql: "SELECT id FROM delivery WHERE source = ? AND source_id = ? AND receiver = ?",
                    arguments: [message.source.rawValue, message.sourceID, message.receiver]) ?? 0
            }
        }
    }

    /// Writes a test message (`gridctl notify test`), numbered after the last one. Returns
    /// the row's id.
    public func enqueueTest(at now: Date, _ message: (_ number: Int64) -> OutboxMessage) throws -> Int64 {
        try writer.write { db in
            let number =
                try Int64.fetchOne(
                    db, sql: "SELECT coalesce(max(source_id), 0) + 1 FROM delivery WHERE source = 'test'")
                ?? 1
            try Self.enqueue(db, [message(number)], at: now)
            return db.lastInsertedRowID
        }
    }

    /// The pending messages of one receiver due by `now`, oldest due first, at most `limit`.
    public func dueDeliveries(receiver: String, now: Date, limit: Int) throws -> [Delivery] {
        try writer.read { db in
            let select = try db.cachedStatement(
                sql: """
                    SELECT \(Self.deliveryColumns) FROM delivery
                    WHERE state = 0 AND receiver = ? AND next_attempt_ms <= ?
                    ORDER BY next_attempt_ms, id LIMIT ?
                    """)
            return try Row.fetchAll(select, arguments: [receiver, now.milliseconds, limit]).map(Self.delivery)
        }
    }

    /// The earliest instant a pending message of `receiver` is due, nil when none is pending.
    public func nextDeliveryAt(receiver: String) throws -> Date? {
        try writer.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT min(next_attempt_ms) FROM delivery WHERE state = 0 AND receiver = ?",
                arguments: [receiver]
            ).map { Date(timeIntervalSince1970: Double($0) / 1_000) }
        }
    }

    /// The receivers with at least one pending message, whatever its due time.
    public func receiversWithPendingDeliveries() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT receiver FROM delivery WHERE state = 0"))
        }
    }

    public func delivery(id: Int64) throws -> Delivery? {
        try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.deliveryColumns) FROM delivery WHERE id = ?", arguments: [id]
            ).map(Self.delivery)
        }
    }

    /// The receiver accepted the message: committed at once, so that a crash right after
    /// sends nothing twice. Returns false when the row was no longer pending (sent or dead).
    @discardableResult
    public func markSent(_ id: Int64, at now: Date, reference: String?) throws -> Bool {
        try writer.write { db in
            try db.execute(
                sql:
                    "UPDATE delivery SET state = 1, sent_at = ?, reference = ?, last_error = NULL WHERE id = ? AND state = 0",
                arguments: [now.milliseconds, reference, id])
            return db.changesCount > 0
        }
    }

    /// A try failed: counted, with its error, and either due again at `retryAt` or, with
    /// `retryAt` nil, dead. Returns false when the row was no longer pending.
    @discardableResult
    public func markFailed(_ id: Int64, error: String, retryAt: Date?) throws -> Bool {
        try writer.write { db in
            if let retryAt {
                try db.execute(
                    sql: """
                        UPDATE delivery SET attempts = attempts + 1, last_error = ?, next_attempt_ms = ?
                        WHERE id = ? AND state = 0
                        """, arguments: [error, retryAt.milliseconds, id])
            } else {
                try db.execute(
                    sql:
                        "UPDATE delivery SET attempts = attempts + 1, last_error = ?, state = 2 WHERE id = ? AND state = 0",
                    arguments: [error, id])
            }
            return db.changesCount > 0
        }
    }

    /// Counts per receiver and state, for `gridctl notify status`: pending (not yet tried or
    /// waiting to be tried again), of those the failing ones, sent and dead, the oldest
    /// pending message's creation and the latest error.
    public func deliveryStatus() throws -> [DeliveryStatus] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT receiver,
                        sum(state = 0), sum(state = 0 AND attempts > 0), sum(state = 1), sum(state = 2),
                        min(CASE WHEN state = 0 THEN created_at END),
                        (SELECT last_error FROM delivery l WHERE l.receiver = d.receiver AND l.last_error IS NOT NULL
                            ORDER BY l.id DESC LIMIT 1),
                        max(sent_at)
                    FROM delivery d GROUP BY receiver ORDER BY receiver
                    """
            ).map { row in
                DeliveryStatus(
                    receiver: row[0], pending: row[1], failing: row[2], sent: row[3], dead: row[4],
                    oldestPending: (row[5] as Int64?).map(Date.init(seconds:)), lastError: row[6],
                    lastSentAt: (row[7] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1_000) })
            }
        }
    }

    /// Messages of one receiver in one state, newest first.
    public func deliveries(receiver: String? = nil, state: DeliveryState? = nil, limit: Int = 100) throws -> [Delivery]
    {
        try writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let receiver {
                conditions.append("receiver = ?")
                arguments += [receiver]
            }
            if let state {
                conditions.append("state = ?")
                arguments += [state.rawValue]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.deliveryColumns) FROM delivery \(filter) ORDER BY id DESC LIMIT ?",
                arguments: arguments + [limit]
            ).map(Self.delivery)
        }
    }

    static let deliveryColumns = """
        id, source, source_id, receiver, kind, branch, recipients, title, body, created_at, state, attempts,
        next_attempt_ms, last_error, reference, sent_at
        """

    static func delivery(_ row: Row) throws -> Delivery {
        let id: Int64 = row[0]
        guard let source = OutboxMessage.Source(rawValue: row[1]) else {
            throw StoreError.corruptRow(table: "delivery", id: id, column: "source", value: row[1])
        }
        guard let state = DeliveryState(rawValue: row[10]) else {
            throw StoreError.corruptRow(table: "delivery", id: id, column: "state", value: "\(row[10] as Int)")
        }
        let recipientsText: String = row[6]
        let recipients = try JSONDecoder().decode([Recipient].self, from: Data(recipientsText.utf8))
        let message = OutboxMessage(
            source: source, sourceID: row[2], receiver: row[3], kind: row[4], branch: row[5], recipients: recipients,
            title: row[7], body: row[8])
        let next: Int64 = row[12]
        return Delivery(
            id: id, message: message, createdAt: Date(seconds: row[9]), state: state, attempts: row[11],
            nextAttemptAt: Date(timeIntervalSince1970: Double(next) / 1_000), lastError: row[13], reference: row[14],
            sentAt: (row[15] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1_000) })
    }
}
