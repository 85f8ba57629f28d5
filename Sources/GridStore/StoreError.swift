import GridCore

/// Why the store refused an operation, in words a user can act on.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case noSuchOccurrence(String)
    /// A points entry the ledger of points cannot take (a second reversal of one entry).
    case pointsRefused(String)
    case alreadyClosed(id: Int64, state: String)
    /// A two-person check already recorded, waiting for the second person.
    case awaitingConfirmation(id: Int64)
    /// A confirmation of an item that is not a two-person check with its completions recorded.
    case notAwaitingConfirmation(id: Int64)
    case notMigrated(path: String)
    case cannotOpen(path: String, reason: String)
    case implausibleSpan(branch: String, from: String, to: String, days: Int)
    /// A shared file (the database, its `-wal`/`-shm`, its lock) of another mode or group
    /// than the daemon and the operators need, which this process may not change.
    case fileMode(path: String, found: String, expected: String, fix: String?)
    case cannotCreate(path: String, reason: String)
    /// The migration lock cannot be opened: migrating without it is not safe.
    case cannotLock(path: String, reason: String)
    /// A stored value no GridDuty wrote: a row changed by hand, or a damaged file.
    case corruptRow(table: String, id: Int64, column: String, value: String)

    public var description: String {
        switch self {
        case .noSuchOccurrence(let ref): "no occurrence '\(ref)'"
        case .pointsRefused(let why): "points: \(why)"
        case .alreadyClosed(let id, let state): "occurrence \(id) is already \(state)"
        case .awaitingConfirmation(let id):
            "occurrence \(id) is recorded and awaits a second person's confirmation ('gridctl confirm \(id)')"
        case .notAwaitingConfirmation(let id):
            "occurrence \(id) is not awaiting confirmation: it is not a two-person check, or its completions are not all recorded"
        case .notMigrated(let path):
            "the database \(path) has not been set up; run 'gridctl migrate --db \(path)' or start gridd"
        case .cannotOpen(let path, let reason): "cannot open the database \(path): \(reason)"
        case .implausibleSpan(let branch, let from, let to, let days):
            "branch \(branch): catching up from \(from) to \(to) would create \(days) days of occurrences; that many is a mistyped date or a broken clock, not downtime (at most \(Materializer.maximumSpanDays) days)"
        case .fileMode(let path, let found, let expected, let fix):
            "\(path) has \(found); expected \(expected), for the daemon and the operators of its group to share it"
                + (fix.map { "; \($0)" } ?? "")
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
        case .corruptRow(let table, let id, let column, let value):
            "the database is damaged: \(table) row \(id) has \(column) '\(UntrustedText.escaped(value))', which GridDuty never writes"
        case .cannotLock(let path, let reason):
            "cannot open the migration lock \(path): \(reason); the schema is only changed under this lock, so nothing was done"
        }
    }
}
