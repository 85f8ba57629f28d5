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
        case completion, waiver, raise, acknowledgement, alerts, roster, configuration, schema, delegation,
            confirmation, ledger, snapshot, points, digests
        case pointsAct = "points-act"
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

    /// The first entry's previous hash: 32 zero bytes.
    static let genesis = Data(repeating: 0, count: 32)

    /// Writes the entry of the transaction `db` is in, hashing the rows it covers as they
    /// read back within that transaction.
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

/// A value of a covered row, as it is hashed: integers as integers, text as its UTF-8.
enum AuditValue: Equatable, CustomStringConvertible {
    case null
    case int(Int64)
    case text(String)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .int(number)
        case .double(let number): self = .text(String(number))
        case .string(let string): self = .text(string)
        case .blob(let data): self = .text(data.hex)
        }
    }

    var description: String {
        switch self {
        case .null: "NULL"
        case .int(let number): String(number)
        case .text(let text): text
        }
    }

    var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

/// The canonical bytes of an entry and its rows, fed into SHA-256: every value tagged and
/// length-prefixed, so no two different contents read alike. Bytes are gathered in a
/// buffer and hashed in blocks: a pass's entry covers thousands of alerts.
struct Canonical {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []

    init(previous: Data, entry: AuditEntry) {
        buffer.reserveCapacity(1 << 16)
        buffer.append(contentsOf: previous)
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

    private mutating func flushIfFull() {
        if buffer.count >= 1 << 16 {
            hasher.update(data: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    private mutating func append(_ number: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            buffer.append(UInt8(truncatingIfNeeded: number >> UInt64(shift)))
        }
    }

    mutating func add(_ value: Int64?) {
        guard let value else { return buffer.append(0) }
        buffer.append(1)
        append(UInt64(bitPattern: value))
        flushIfFull()
    }

    mutating func add(_ value: String?) {
        guard let value else { return buffer.append(0) }
        buffer.append(2)
        append(UInt64(value.utf8.count))
        buffer.append(contentsOf: value.utf8)
        flushIfFull()
    }

    mutating func add(_ value: AuditValue) {
        switch value {
        case .null: buffer.append(0)
        case .int(let number): add(number)
        case .text(let text): add(text)
        }
    }

    mutating func add(_ row: AuditContent.Covered) {
        add(row.table)
        add(row.id)
        for value in row.values { add(value) }
    }

    mutating func finish() -> Data {
        hasher.update(data: buffer)
        buffer.removeAll()
        return Data(hasher.finalize())
    }
}

/// The rows an entry covers, read back from the tables, in the order they are hashed.
enum AuditContent {
    static func feed(_ db: Database, entry: AuditEntry, into hasher: inout Canonical) throws {
        for row in try covered(db, entry: entry) { hasher.add(row) }
    }

    /// A covered row: its table, id and values.
    struct Covered {
        var table: String
        var id: String
        var values: [AuditValue]
    }

    static func covered(_ db: Database, entry: AuditEntry) throws -> [Covered] {
        switch AuditEntry.Kind(rawValue: entry.kind) {
        case .completion:
            guard let occurrence = entry.occurrenceID, let seq = entry.first else { return [] }
            return [try completion(db, occurrence: occurrence, seq: seq)?.row].compactMap { $0 }
        case .waiver, .raise, .roster, .confirmation:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: eventSQL, from: first, through: last, table: "event")
        case .alerts:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: alertSQL, from: first, through: last, table: "alert")
        case .acknowledgement:
            return try acknowledgements(db, ids: ids(entry.detail))
        case .delegation:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: delegationSQL, from: first, through: last, table: "delegation")
        case .ledger:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: ledgerEventSQL, from: first, through: last, table: "ledger_event")
        case .snapshot:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: ledgerSnapshotSQL, from: first, through: last, table: "ledger_snapshot")
        case .points:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: pointsEntrySQL, from: first, through: last, table: "points_entry")
        case .pointsAct:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: pointsActSQL, from: first, through: last, table: "points_act")
        case .digests:
            guard let first = entry.first, let last = entry.last else { return [] }
            return try rows(db, sql: digestSQL, from: first, through: last, table: "digest")
        case .configuration, .schema, nil:
            return []
        }
    }

    static func ids(_ detail: String?) -> [Int64] {
        (detail ?? "").split(separator: ",").compactMap { Int64($0) }
    }

    /// The completion, and whether it is stored (else the closed item implies it).
    static func completion(_ db: Database, occurrence: Int64, seq: Int64) throws -> (row: Covered, stored: Bool)? {
        let id = "\(occurrence).\(seq)"
        if let row = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT by, performed_at, recorded_at, note, late FROM completion WHERE occurrence_id = ? AND seq = ?"
            ), arguments: [occurrence, seq])
        {
            return (Covered(table: "completion", id: id, values: (0..<5).map { AuditValue(row[$0]) }), true)
        }
        // Not stored: the closed item implies it (Completion+Implied.swift).
        guard seq == 1, let item = try GridDatabase.occurrence(db, id: occurrence),
            let implied = Completion.implied(by: item)
        else { return nil }
        let values: [AuditValue] = [
            .text(implied.by), .int(implied.performedAt.seconds), .int(implied.recordedAt.seconds), .null,
            .int(implied.late ? 1 : 0),
        ]
        return (Covered(table: "completion", id: id, values: values), false)
    }

    static let ledgerEventSQL = "SELECT id, branch, day, at, kind, finding, measure, actor, change FROM ledger_event"
    static let ledgerSnapshotSQL = "SELECT id, branch, month, occurrence_id, taken_at, ledger FROM ledger_snapshot"
    static let pointsEntrySQL = """
        SELECT id, branch, person, rule, version, points, day, year, source, occurrence, text, recorded_by, reverses,
            reason, approved_by, concerns_year, entered_at
        FROM points_entry
        """
    static let pointsActSQL = "SELECT id, kind, branch, entry, appeal, year, by, reason, entered_at FROM points_act"
    static let delegationSQL = """
        SELECT id, branch, kind, from_person, to_person, start_day, end_day, roles, note, cancels, entered_at
        FROM delegation
        """
    static let digestSQL = "SELECT id, branch, person, day, raised_at, item_count, oldest_deadline, items FROM digest"
    static let eventSQL = "SELECT id, occurrence_id, at, kind, actor, detail FROM event"
    static let alertSQL = """
        SELECT id, occurrence_id, kind, level, day, due_at, raised_at, targets, days_overdue, catch_up_from, catch_up_to
        FROM alert
        """

    static func rows(_ db: Database, sql: String, from first: Int64, through last: Int64, table: String) throws
        -> [Covered]
    {
        // Through SQLite's C API: a pass's entry reads back thousands of alerts.
        let cursor = try RawCursor(db, sql: sql + " WHERE id BETWEEN ? AND ? ORDER BY id", arguments: [first, last])
        var rows: [Covered] = []
        while try cursor.step() {
            rows.append(
                Covered(
                    table: table, id: String(cursor.int(0)), values: (1..<cursor.columnCount).map(cursor.value)))
        }
        return rows
    }

    static func acknowledgements(_ db: Database, ids: [Int64]) throws -> [Covered] {
        let select = try db.cachedStatement(sql: "SELECT acked_by, acked_at FROM alert WHERE id = ?")
        return try ids.map { id in
            let row = try Row.fetchOne(select, arguments: [id])
            return Covered(
                table: "acknowledgement", id: String(id),
                values: [row.map { AuditValue($0[0]) } ?? .null, row.map { AuditValue($0[1]) } ?? .null])
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
