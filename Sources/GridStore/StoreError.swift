import GridCore

/// Why the store refused an operation, in words a user can act on.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case noSuchOccurrence(String)
    case alreadyClosed(id: Int64, state: String)
    case notMigrated(path: String)
    case cannotOpen(path: String, reason: String)
    case implausibleSpan(branch: String, from: String, to: String, days: Int)

    public var description: String {
        switch self {
        case .noSuchOccurrence(let ref): "no occurrence '\(ref)'"
        case .alreadyClosed(let id, let state): "occurrence \(id) is already \(state)"
        case .notMigrated(let path):
            "the database \(path) has not been set up; run 'gridctl migrate --db \(path)' or start gridd"
        case .cannotOpen(let path, let reason): "cannot open the database \(path): \(reason)"
        case .implausibleSpan(let branch, let from, let to, let days):
            "branch \(branch): catching up from \(from) to \(to) would create \(days) days of occurrences; that many is a mistyped date or a broken clock, not downtime (at most \(Materializer.maximumSpanDays) days)"
        }
    }
}
