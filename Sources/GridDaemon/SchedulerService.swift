import Foundation
import GridConfig
import GridCore
import GridStore
import Logging
import ServiceLifecycle
import UnixSignals

/// The daemon's one service: sleep until something must happen, then do it.
///
/// It sleeps until the earliest of: the next alert due (one indexed query), the next local
/// midnight (new daily items), and one minute (to notice what `gridctl` wrote and edits to
/// the configuration). Sleeping uses the injected monotonic clock in bounded chunks; after
/// each wake the wall clock is compared with it, so a clock step (NTP, a VM resumed) is seen
/// and handled like downtime: one catch-up alert per occurrence, and a "scheduler gap" line.
public struct SchedulerService<C: Clock>: Service where C.Duration == Duration {
    public struct Settings: Sendable {
        /// The longest sleep: how soon a `gridctl` write or a config edit is noticed.
        public var maximumSleep: Duration = .seconds(60)
        /// Downtime longer than this at start is a gap to catch up and report.
        public var gapThreshold: TimeInterval = 180
        /// Wall and monotonic time may disagree by this much before it counts as a clock step.
        public var clockStepTolerance: TimeInterval = 30

        public init() {}
    }

    /// What the loop has just done, for whoever watches it (the tests, which advance a manual
    /// clock and wait for these instead of sleeping).
    public enum Event: Sendable, Equatable {
        /// The first pass is done and `READY=1` sent.
        case ready
        /// A pass at this wall-clock instant is done (or failed and was logged).
        case passDone(Date)
        /// The wall clock moved this many seconds more than the monotonic clock did.
        case clockStepped(TimeInterval)
        /// The loop has ended, on cancellation.
        case stopped
    }

    let pass: AlertingPass
    let source: ConfigurationSource
    let notifier: SystemdNotifier
    let clock: C
    let now: @Sendable () -> Date
    let settings: Settings
    let logger: Logger
    let events: @Sendable (Event) -> Void
    private let doorbell = Doorbell()
    private let heartbeat: Heartbeat<C>

    public init(
        pass: AlertingPass, source: ConfigurationSource, notifier: SystemdNotifier, clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, settings: Settings = Settings(), logger: Logger,
        events: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        let heartbeat = Heartbeat(notifier: notifier, clock: clock)
        var pass = pass
        pass.progress = { heartbeat.beat() }
        self.pass = pass
        self.heartbeat = heartbeat
        self.source = source
        self.notifier = notifier
        self.clock = clock
        self.now = now
        self.settings = settings
        self.logger = logger
        self.events = events
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) {
                        await doorbell.ring()
                    }
                }
                group.addTask { try await loop() }
                try await group.next()
                group.cancelAll()
            }
        }
        _ = notifier.stopping()
        logger.notice("gridd stopping")
        events(.stopped)
    }

    /// Rings the doorbell as SIGHUP does: reload the configuration now.
    public func requestReload() async {
        await doorbell.ring()
    }

    private func loop() async throws {
        // Start: catch up on whatever came due while nobody was running.
        let start = now()
        var lastDays = days(at: start)
        do {
            _ = try pass.startPass(source.current, now: start, gapThreshold: settings.gapThreshold)
        } catch is CancellationError {
            logger.notice("pass cut short by a stop; the next start carries on")
            return
        } catch {
            logger.error("pass failed", metadata: ["error": "\(error)"])
        }
        pass.recordAcceptedConfiguration(source.acceptedDigest, at: start, atStart: true)
        pass.logAuditHead()
        var catchUp: (from: Date, to: Date)?
        heartbeat.started()
        _ = notifier.ready(status: status(at: start))
        logger.notice("gridd ready", metadata: ["config.directory": "\(source.current.directory)"])
        events(.ready)

        // Wall and monotonic readings at the last check; the interval between checks covers
        // both the pass and the sleep, so a step at any moment is seen.
        var wallBefore = now()
        var monoBefore = clock.now
        while !Task.isCancelled {
            let rung = await sleep(for: sleepDuration(at: now()))
            if Task.isCancelled { break }
            let wallAfter = now()
            let monoAfter = clock.now
            let slept = monoBefore.duration(to: monoAfter).timeInterval
            let step = wallAfter.timeIntervalSince(wallBefore) - slept
            defer {
                wallBefore = wallAfter
                monoBefore = monoAfter
            }
            catchUp = nil
            if abs(step) > settings.clockStepTolerance {
                logger.warning(
                    "wall clock stepped", metadata: ["step.seconds": "\(Int(step))", "now": "\(wallAfter)"])
                events(.clockStepped(step))
                if step > 0 {
                    let from = wallBefore.addingTimeInterval(slept)
                    catchUp = (from, wallAfter)
                    pass.logGap(from: from, to: wallAfter, reason: "clock step")
                }
            }
            var reloaded = false
            if rung { _ = notifier.reloading() }
            switch source.reload(force: rung) {
            case .reloaded:
                reloaded = true
                pass.recordAcceptedConfiguration(source.acceptedDigest, at: wallAfter)
            case .unchanged, .rejected: break
            }
            let today = days(at: wallAfter)
            let newDay = today != lastDays
            lastDays = today
            if newDay { MissingNoticeLog.warn(source.current, at: wallAfter, logger: logger) }
            // Daily, and after each accepted configuration, the journal gets the chain's head.
            passAndReport(
                at: wallAfter, materialize: reloaded || newDay || catchUp != nil || step < 0, catchUp: catchUp,
                logHead: newDay || reloaded)
            if rung {
                _ = notifier.ready(status: status(at: wallAfter))
            }
            _ = notifier.watchdog()
        }
    }

    private func passAndReport(
        at instant: Date, materialize: Bool, catchUp: (from: Date, to: Date)?, logHead: Bool = false
    ) {
        do {
            let outcome = try pass.run(source.current, now: instant, catchUp: catchUp, materialize: materialize)
            if outcome.created > 0 || !outcome.raised.isEmpty {
                _ = notifier.status(status(at: instant))
            }
        } catch is CancellationError {
            logger.notice("pass cut short by a stop; the next start carries on")
        } catch {
            // The pass is retried at the next wake; the daemon keeps running.
            logger.error("pass failed", metadata: ["error": "\(error)"])
        }
        if logHead { pass.logAuditHead() }
        events(.passDone(instant))
    }

    /// Sleeps on the monotonic clock; returns true if woken by the doorbell.
    private func sleep(for duration: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await clock.sleep(for: duration)
                return false
            }
            group.addTask { await doorbell.wait() }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private func sleepDuration(at instant: Date) -> Duration {
        // Under a watchdog, wake at least twice per interval to keep it fed.
        let longest = notifier.watchdogInterval.map { min(settings.maximumSleep, $0 / 2) } ?? settings.maximumSleep
        var wake = instant.addingTimeInterval(longest.timeInterval)
        // A time already past is an item no pass can act on (its branch left the
        // configuration): waking for it would spin.
        if let next = try? pass.database.nextAlertAt(), next > instant { wake = min(wake, next) }
        // The day's digests come at a time of their own, with no item's alert due then.
        if let next = AlertingPass.nextDigestAt(source.current, after: instant) { wake = min(wake, next) }
        for zone in Set(source.current.branches.map(\.calendar.timeZone)) {
            let calendar = BusinessCalendar(national: .plainWeekdays, timeZone: zone)
            let midnight = calendar.instant(calendar.localDate(of: instant).adding(days: 1), secondsSinceMidnight: 0)
            wake = min(wake, midnight)
        }
        let seconds = max(0, wake.timeIntervalSince(instant))
        return .milliseconds(Int64(seconds * 1000) + 5)
    }

    private func days(at instant: Date) -> Set<LocalDate> {
        Set(source.current.branches.map { $0.calendar.localDate(of: instant) })
    }

    private func status(at instant: Date) -> String {
        let counts = (try? pass.database.openCounts(now: instant)) ?? [:]
        let open = counts.values.reduce(0) { $0 + $1.open }
        let overdue = counts.values.reduce(0) { $0 + $1.overdue }
        return "\(open) open, \(overdue) overdue"
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
