import Crypto
import Foundation
import GRDB
import GridCore

#if canImport(Glibc)
    import Glibc
#endif

/// One entry of the append-only record: a transaction that changed what people or the
/// daemon did, who entered it, from which login, and what rows it covers.
public struct AuditEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case completion, waiver, raise, acknowledgement, alerts, roster, configuration, schema
    }

    public var seq: Int64
    /// The real time of entry, in whole seconds.
    public var at: Date
    public var kind: String
    public var login: String
    public var actor: String?
    public var onBehalfOf: String?
    /// The occurrence a completion, waiver or raise is about.
    public var occurrenceID: Int64?
    /// The rows covered: a completion's seq, the first and last event or alert ids.
    public var first: Int64?
    public var last: Int64?
    /// What else the entry says: a reason, an acknowledgement's alert ids, a digest, versions.
    public var detail: String?
    public var hash: Data
}

/// The hash chain over `audit`: one SHA-256 per transaction, over the previous entry's hash,
/// the entry's header and the content of the rows it covers, rebuilt from those rows.
///
/// Ids of events and alerts grow with every transaction (the tables refuse deletes), and an
/// entry is written in the transaction whose rows it covers, so entries in `seq` order cover
/// ascending, disjoint id ranges: checking the chain is one ordered walk of each table.
enum AuditChain {
    static let columns = "seq, at, kind, login, actor, on_behalf_of, occurrence_id, first, last, detail, hash"

    /// What a SHA-256 of nothing-before looks like: the first entry's previous hash.
    static let genesis = Data(repeating: 0, count: 32)

    /// Writes the entry of the transaction `db` is in; `content` feeds the covered rows.
    @discardableResult
    static func append(
        _ db: Database, kind: AuditEntry.Kind, attribution: Attribution, occurrenceID: Int64? = nil,
        first: Int64? = nil, last: Int64? = nil, detail: String? = nil
    ) throws -> AuditEntry {
        let head = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        let seq = (head?[0] as Int64? ?? 0) + 1
        let previous: Data = head?[1] ?? genesis
        var entry = AuditEntry(
            seq: seq, at: Date(seconds: attribution.enteredAt.seconds), kind: kind.rawValue, login: attribution.login,
            actor: attribution.actor, onBehalfOf: attribution.onBehalfOf, occurrenceID: occurrenceID, first: first,
            last: last, detail: detail, hash: Data())
        var hasher = Canonical(previous: previous, entry: entry)
        try AuditContent.feed(db, entry: entry, into: &hasher)
        entry.hash = hasher.finish()
        try db.cachedStatement(sql: "INSERT INTO audit (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [
                entry.seq, entry.at.seconds, entry.kind, entry.login, entry.actor, entry.onBehalfOf,
                entry.occurrenceID, entry.first, entry.last, entry.detail, entry.hash,
            ])
        return entry
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(
            seq: row[0], at: Date(seconds: row[1] as Int64), kind: row[2], login: row[3], actor: row[4],
            onBehalfOf: row[5], occurrenceID: row[6], first: row[7], last: row[8], detail: row[9],
            hash: row[10] ?? Data())
    }

    /// The login the process runs as: the daemon's service user, or whoever typed a command.
    static var currentLogin: String {
        SharedFiles.userName(getuid())
    }

    static func daemon(at instant: Date) -> Attribution {
        Attribution.daemon(login: currentLogin, at: instant)
    }
}

/// The canonical bytes of an entry and its rows, fed straight into SHA-256: every value
/// tagged and length-prefixed, so no two different contents read alike.
struct Canonical {
    private var hasher = SHA256()

    init(previous: Data, entry: AuditEntry) {
        hasher.update(data: previous)
        add("entry")
        add(entry.seq)
        add(entry.at.seconds)
        add(entry.kind)
        add(entry.login)
        add(entry.actor)
        add(entry.onBehalfOf)
        add(entry.occurrenceID)
        add(entry.first)
        add(entry.last)
        add(entry.detail)
    }

    mutating func add(_ value: Int64?) {
        guard let value else { return hasher.update(data: [0]) }
        var bigEndian = value.bigEndian
        hasher.update(data: [1])
        withUnsafeBytes(of: &bigEndian) { hasher.update(bufferPointer: $0) }
    }

    mutating func add(_ value: Int?) {
        add(value.map(Int64.init))
    }

    mutating func add(_ value: String?) {
        guard let value else { return hasher.update(data: [0]) }
        let bytes = Array(value.utf8)
        var length = UInt64(bytes.count).bigEndian
        hasher.update(data: [2])
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(data: bytes)
    }

    func finish() -> Data {
        Data(hasher.finalize())
    }
}

/// The rows an entry covers, read back from the tables, in the order they are hashed.
enum AuditContent {
    static func feed(_ db: Database, entry: AuditEntry, into hasher: inout Canonical) throws {
        var rows = Rows()
        try rows.read(db, entry: entry) { values in
            for value in values { hasher.add(value) }
        }
    }

    /// A covered row: its table, id and values (nil where the column is NULL).
    struct Covered {
        var table: String
        var id: String
        var values: [String?]
    }

    struct Rows {
        /// Reads each row the entry covers and hands its canonical values to `body`.
        mutating func read(_ db: Database, entry: AuditEntry, _ body: ([String?]) throws -> Void) throws {
            for row in try covered(db, entry: entry) {
                try body([row.table, row.id] + row.values)
            }
        }

        func covered(_ db: Database, entry: AuditEntry) throws -> [Covered] {
            switch AuditEntry.Kind(rawValue: entry.kind) {
            case .completion:
                guard let occurrence = entry.occurrenceID, let seq = entry.first else { return [] }
                return [try completion(db, occurrence: occurrence, seq: seq)].compactMap { $0 }
            case .waiver, .raise, .roster:
                guard let first = entry.first, let last = entry.last else { return [] }
                return try events(db, from: first, through: last)
            case .alerts:
                guard let first = entry.first, let last = entry.last else { return [] }
                return try alerts(db, from: first, through: last)
            case .acknowledgement:
                return try acknowledgements(db, ids: AuditContent.ids(entry.detail))
            case .configuration, .schema, nil:
                return []
            }
        }
    }

    static func ids(_ detail: String?) -> [Int64] {
        (detail ?? "").split(separator: ",").compactMap { Int64($0) }
    }

    static func completion(_ db: Database, occurrence: Int64, seq: Int64) throws -> Covered? {
        if let row = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT by, performed_at, recorded_at, note, late FROM completion WHERE occurrence_id = ? AND seq = ?"
            ), arguments: [occurrence, seq])
        {
            return Covered(
                table: "completion", id: "\(occurrence).\(seq)",
                values: [row[0], text(row[1]), text(row[2]), row[3], text(row[4])])
        }
        // Not stored: the closed item implies it (Completion+Implied.swift).
        guard seq == 1, let item = try GridDatabase.occurrence(db, id: occurrence),
            let implied = Completion.implied(by: item)
        else { return nil }
        return Covered(
            table: "completion", id: "\(occurrence).\(seq)",
            values: [
                implied.by, String(implied.performedAt.seconds), String(implied.recordedAt.seconds), nil,
                implied.late ? "1" : "0",
            ])
    }

    static func events(_ db: Database, from first: Int64, through last: Int64) throws -> [Covered] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, occurrence_id, at, kind, actor, detail FROM event WHERE id BETWEEN ? AND ? ORDER BY id"
            ),
            arguments: [first, last]
        ).map(event)
    }

    static func event(_ row: Row) -> Covered {
        Covered(table: "event", id: text(row[0]) ?? "", values: [text(row[1]), text(row[2]), row[3], row[4], row[5]])
    }

    static let alertColumns =
        "id, occurrence_id, kind, level, day, due_at, raised_at, targets, days_overdue, catch_up_from, catch_up_to"

    static func alerts(_ db: Database, from first: Int64, through last: Int64) throws -> [Covered] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(alertColumns) FROM alert WHERE id BETWEEN ? AND ? ORDER BY id"),
            arguments: [first, last]
        ).map(alert)
    }

    static func alert(_ row: Row) -> Covered {
        Covered(
            table: "alert", id: text(row[0]) ?? "",
            values: (1..<row.count).map { text(row[$0]) })
    }

    static func acknowledgements(_ db: Database, ids: [Int64]) throws -> [Covered] {
        let select = try db.cachedStatement(sql: "SELECT acked_by, acked_at FROM alert WHERE id = ?")
        return try ids.map { id in
            let row = try Row.fetchOne(select, arguments: [id])
            return Covered(
                table: "acknowledgement", id: String(id), values: [row?[0], row.flatMap { text($0[1]) }])
        }
    }

    /// A column's value as text, whatever its storage class.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let string): string
        case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
        }
    }
}

/// The login of this process, for attributions the daemon and commands build.
public enum AuditLogin {
    /// The real user's login name (the uid's number when it has none).
    public static var current: String {
        AuditChain.currentLogin
    }

    /// The daemon's own acts: alerts, reloads, reassignments.
    public static func daemon(at instant: Date) -> Attribution {
        AuditChain.daemon(at: instant)
    }
}
