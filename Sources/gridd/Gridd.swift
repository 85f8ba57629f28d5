import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridd`: parse flags, set up logging, run the scheduler until SIGTERM.
@main
struct Gridd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridd",
        abstract: "GridDuty's daemon: raises every reminder and overdue alert once, on time, to the right person.",
        discussion: Defaults.environmentHelp,
        version: ProductVersion.string)

    @Option(
        help: ArgumentHelp(
            "The schedules directory (default: $GRIDDUTY_CONFIG, else /etc/gridduty).",
            valueName: "dir"))
    var config: String?
    @Option(
        help: ArgumentHelp(
            "The SQLite database file (default: $GRIDDUTY_DB, else /var/lib/gridduty/gridduty.sqlite).",
            valueName: "path"))
    var db: String?
    @Option(
        help: ArgumentHelp(
            "Start the clock at this instant (branch local time, or with an offset) instead of now.",
            valueName: "time"))
    var now: String?
    @Flag(help: "Run one pass at --now (or now) and exit.") var once = false
    @Option(
        help: """
            auto (native under systemd, else terminal), native (journald's protocol, one field per \
            value), journal (lines with a <N> priority prefix) or terminal.
            """)
    var logFormat: LogFormat = .auto

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case auto, native, journal, terminal
    }

    func run() async throws {
        let configDirectory = config ?? Defaults.configDirectory()
        let databasePath = db ?? Defaults.database()
        // The first branch's zone reads --now and stamps terminal lines; an invalid
        // configuration is reported once logging is up.
        // The last accepted configuration, kept beside the database for a start on invalid files.
        let initial = ConfigurationSource.read(
            directory: configDirectory, snapshot: ConfigurationSnapshot(database: databasePath))
        let zone = initial.configuration?.branches.first?.calendar.timeZone
        let clockOffset = try simulatedOffset(zone: zone)
        let wallClock: @Sendable () -> Date = { Date().addingTimeInterval(clockOffset) }
        let format: JournalLogHandler.Format =
            switch logFormat {
            case .auto: .detect()
            case .native, .journal: .journal
            case .terminal: .terminal
            }
        // Under systemd, journald's native protocol when its socket is there; stdout lines
        // otherwise, and for any entry the socket does not take.
        let journal =
            format == .journal && (logFormat == .auto || logFormat == .native) ? JournalSocket() : nil
        LoggingSystem.bootstrap { label in
            JournalLogHandler(label: label, format: format, clock: wallClock, timeZone: zone, journal: journal)
        }
        let logger = Logger(label: "gridd")

        let source: ConfigurationSource
        do {
            source = try ConfigurationSource(initial, logger: logger)
        } catch {
            for issue in error.issues {
                logger.critical("invalid configuration", metadata: ["problem": "\(issue)"])
            }
            throw ExitCode.failure
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
            throw ExitCode.failure
        }
        MissingNoticeLog.warn(source.current, at: wallClock(), logger: logger)
        let pass = AlertingPass(database: database, logger: logger)
        let settings = SchedulerService<ContinuousClock>.Settings()

        if once {
            let outcome = try pass.startPass(source.current, now: wallClock(), gapThreshold: settings.gapThreshold)
            logger.notice(
                "pass done",
                metadata: [
                    "created": "\(outcome.created)", "raised": "\(outcome.raised.count)", "logged": "\(outcome.logged)",
                ])
            return
        }

        let scheduler = SchedulerService(
            pass: pass, source: source, notifier: SystemdNotifier(), clock: ContinuousClock(), now: wallClock,
            settings: settings, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: scheduler)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Seconds to add to the real clock so that it reads `--now` at start.
    private func simulatedOffset(zone: TimeZone?) throws -> TimeInterval {
        guard let now else { return 0 }
        guard let parsed = InstantText.parse(now) else {
            throw ValidationError("--now: '\(now)' is not a valid time; expected YYYY-MM-DDTHH:MM (branch local time)")
        }
        let calendar = BusinessCalendar(
            national: .plainWeekdays, timeZone: zone ?? TimeZone(identifier: "Asia/Shanghai")!)
        return parsed.instant(in: calendar).timeIntervalSinceNow
    }
}
