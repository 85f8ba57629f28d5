import Foundation
import Synchronization

/// A wall clock a test sets: the transports read the time from it (a token's expiry, a
/// signature's timestamp) and it moves only when the test moves it.
final class WallClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = TransportFixtures.created) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
