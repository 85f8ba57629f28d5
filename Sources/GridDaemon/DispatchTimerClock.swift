import Dispatch
import Foundation

/// A monotonic clock whose `sleep` is a one-shot dispatch timer.
///
/// On Linux, Swift concurrency's own sleeps (`Task.sleep`, `ContinuousClock.sleep`) rearm
/// a runtime timer every second for as long as anything sleeps: an idle daemon would wake
/// 3,600 times an hour to sleep a minute at a time. A dispatch timer wakes once, when due.
public struct DispatchTimerClock: Clock {
    public typealias Instant = ContinuousClock.Instant
    public typealias Duration = Swift.Duration

    public init() {}

    public var now: Instant { ContinuousClock.now }

    public var minimumResolution: Duration { .milliseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let delay = ContinuousClock.now.duration(to: deadline)
        guard delay > .zero else { return }
        let sleeper = Sleeper()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                sleeper.start(continuation, after: delay)
            }
        } onCancel: {
            sleeper.cancel()
        }
    }

    /// One sleep: resumed exactly once, by the timer or by cancellation, whichever is first.
    private final class Sleeper: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Void, any Error>?
        private var cancelled = false
        private var item: DispatchWorkItem?

        func start(_ continuation: CheckedContinuation<Void, any Error>, after delay: Duration) {
            lock.lock()
            if cancelled {
                lock.unlock()
                continuation.resume(throwing: CancellationError())
                return
            }
            self.continuation = continuation
            let item = DispatchWorkItem { [self] in finish(with: nil) }
            self.item = item
            lock.unlock()
            let (seconds, attoseconds) = delay.components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds)), execute: item)
        }

        func cancel() {
            lock.lock()
            cancelled = true
            let item = self.item
            lock.unlock()
            item?.cancel()
            finish(with: CancellationError())
        }

        private func finish(with error: (any Error)?) {
            lock.lock()
            let continuation = self.continuation
            self.continuation = nil
            lock.unlock()
            if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
        }
    }
}
