import Foundation
import GridConfig
import GridCore
import GridStore
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridd` assembled: the configuration (or the last accepted one), the database brought up
/// to its schema, the pass, and the service group that runs the scheduler until SIGTERM.
/// The executable only parses its flags, sets up logging and calls this; a test builds the
/// same daemon in process and drives it with a manual clock.
public struct Daemon: Sendable {
    public let source: ConfigurationSource
    public let database: GridDatabase
    public let pass: AlertingPass
    public let wallClock: @Sendable () -> Date
    public let logger: Logger

    /// Why the daemon cannot start; each case has been logged, at critical priority, with
    /// what to fix.
    public enum StartError: Error, Sendable {
        case invalidConfiguration
        case database
    }

    /// Opens everything a run needs, logging each problem that stops it.
    public init(
        initial: ConfigurationSource.InitialRead, databasePath: String,
        wallClock: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) throws(StartError) {
        let source: ConfigurationSource
        do {
            source = try ConfigurationSource(initial, logger: logger)
        } catch {
            for issue in error.issues {
                logger.critical("invalid configuration", metadata: ["problem": "\(issue)"])
            }
            throw .invalidConfiguration
        }
        let database: GridDatabase
        do {
            // An upgrade of a bank's database outlasts systemd's start timeout: SQLite's own
            // progress keeps extending it, and a stalled migration still times out.
            let startup = Heartbeat(notifier: SystemdNotifier(), clock: ContinuousClock())
            database = try GridDatabase(path: databasePath, mode: .daemon) { first in
                if first { logger.notice("upgrading the database schema", metadata: ["db": "\(databasePath)"]) }
                startup.beat()
            }
        } catch {
            logger.critical("cannot open the database", metadata: ["db": "\(databasePath)", "error": "\(error)"])
            throw .database
        }
        MissingNoticeLog.warn(source.current, at: wallClock(), logger: logger)
        self.source = source
        self.database = database
        self.pass = AlertingPass(database: database, logger: logger)
        self.wallClock = wallClock
        self.logger = logger
    }

    /// One pass at the wall clock's instant, as `gridd --once` runs it.
    @discardableResult
    public func runOnce() throws -> AlertingPass.Outcome {
        let settings = SchedulerService<ContinuousClock>.Settings()
        let now = wallClock()
        let outcome = try pass.startPass(source.current, now: now, gapThreshold: settings.gapThreshold)
        pass.recordAcceptedConfiguration(source.acceptedDigest, at: now, atStart: true)
        logger.notice(
            "pass done",
            metadata: [
                "created": "\(outcome.created)", "raised": "\(outcome.raised.count)",
                "digests": "\(outcome.digests.count)", "logged": "\(outcome.logged)",
                "seconds.materialize": "\(Self.seconds(outcome.seconds.materialize))",
                "seconds.alerts": "\(Self.seconds(outcome.seconds.alerts))",
                "seconds.digests": "\(Self.seconds(outcome.seconds.digests))",
                "seconds.points": "\(Self.seconds(outcome.seconds.points))",
            ])
        pass.logAuditHead()
        return outcome
    }

    /// Seconds to the millisecond, as the log shows them.
    static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// Runs until SIGTERM or SIGINT, on the real monotonic clock.
    public func run() async throws {
        try await serviceGroup(clock: ContinuousClock()).run()
    }

    /// The service group of a running daemon: the scheduler on `clock`, stopped gracefully by
    /// SIGTERM or SIGINT.
    public func serviceGroup<C: Clock>(
        clock: C, notifier: SystemdNotifier = SystemdNotifier(),
        settings: SchedulerService<C>.Settings = SchedulerService<C>.Settings(),
        events: @escaping @Sendable (SchedulerService<C>.Event) -> Void = { _ in }
    ) -> ServiceGroup where C.Duration == Duration {
        let scheduler = SchedulerService(
            pass: pass, source: source, notifier: notifier, clock: clock, now: wallClock, settings: settings,
            logger: logger, events: events)
        return ServiceGroup(
            configuration: .init(
                services: [.init(service: scheduler)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    }
}
