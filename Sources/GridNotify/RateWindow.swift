import Foundation
import GridCore

/// A receiver's rate limit as it states it, "at most N messages in any T seconds", kept
/// exactly: the times of the last N sends, and the next send waits until the oldest of them
/// is T seconds old. A token bucket holding N tokens would let 2N through in one window (a
/// full bucket, then N more refilled), which a group robot's "20 a minute" answers with
/// refusals; this lets a burst of N go at once and never more than N in any window.
struct RateWindow: Sendable {
    let limit: RateLimit
    /// Ring of send times in seconds since 1970, oldest at `head` once full.
    private var times: [Double] = []
    private var head = 0

    init(_ limit: RateLimit) {
        self.limit = limit
    }

    /// Seconds to wait at `now` before the next send keeps within the limit; 0 when it may go.
    func delay(at now: Date) -> Double {
        guard times.count == limit.messages else { return 0 }
        return max(0, times[head] + limit.seconds - now.timeIntervalSince1970)
    }

    /// Counts a send at `now`.
    mutating func record(_ now: Date) {
        let time = now.timeIntervalSince1970
        if times.count < limit.messages {
            times.append(time)
        } else {
            times[head] = time
            head = (head + 1) % limit.messages
        }
    }
}
