import Synchronization

/// Keeps systemd's timers fed through a long pass. A business morning at bank scale takes
/// longer than `WatchdogSec=`, and the first pass after a downtime longer than
/// `TimeoutStartSec=`; fed only between passes, systemd would kill the daemon mid-pass and
/// restart it into the same pass. The pass calls `beat()` after each branch and each batch
/// of lines; at most one message per `every` goes out.
public final class Heartbeat<C: Clock>: Sendable where C.Duration == Duration {
    private let notifier: SystemdNotifier
    private let clock: C
    private let every: Duration
    private let state: Mutex<(last: C.Instant?, starting: Bool)>

    public init(notifier: SystemdNotifier, clock: C, every: Duration = .seconds(1)) {
        self.notifier = notifier
        self.clock = clock
        self.every = every
        state = Mutex((last: nil, starting: true))
    }

    /// Progress: `WATCHDOG=1`, and while starting, more time before the start timeout.
    public func beat() {
        let now = clock.now
        let starting: Bool? = state.withLock { state in
            if let last = state.last, last.duration(to: now) < every { return nil }
            state.last = now
            return state.starting
        }
        guard let starting else { return }
        notifier.notify(starting ? "WATCHDOG=1\nEXTEND_TIMEOUT_USEC=\(Self.startExtension)" : "WATCHDOG=1")
    }

    /// Start-up is over (`READY=1` sent): beats no longer extend the start timeout.
    public func started() {
        state.withLock { $0.starting = false }
    }

    /// Thirty seconds more to start, from each beat: a pass that stops progressing still
    /// times out.
    public static var startExtension: Int { 30_000_000 }
}
