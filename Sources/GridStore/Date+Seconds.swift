import Foundation

extension Date {
    init(seconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Whole seconds, rounded down: the store's resolution. Saturates instead of trapping on
    /// an instant no calendar will reach (`--within` of a million years).
    var seconds: Int64 {
        let value = timeIntervalSince1970.rounded(.down)
        guard value.isFinite else { return value < 0 ? Int64.min : Int64.max }
        return Int64(exactly: value) ?? (value < 0 ? Int64.min : Int64.max)
    }

    /// Whole milliseconds, rounded down: the outbox's resolution for retry times.
    var milliseconds: Int64 {
        let value = (timeIntervalSince1970 * 1_000).rounded(.down)
        guard value.isFinite else { return value < 0 ? Int64.min : Int64.max }
        return Int64(exactly: value) ?? (value < 0 ? Int64.min : Int64.max)
    }
}
