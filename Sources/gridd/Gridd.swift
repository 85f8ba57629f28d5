import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridDaemon
import Logging

/// `gridd`: parse flags, set up logging, and run the daemon GridDaemon assembles (`Daemon`).
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
        help: ArgumentHelp(
            "With --once: then deliver the outbox's messages for at most this many seconds (0: leave them to gridd-notify).",
            valueName: "seconds"))
    var deliverWithin: Double = 30
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
        let simulation = try SimulationCheck.check(database: databasePath, now: now)
        // Read before logging is set up: the first branch's zone reads --now and stamps
        // terminal lines. An invalid configuration is reported once logging is up, and the
        // last accepted one, kept beside the database, is read for a start on invalid files.
        // Branch files unchanged since the last accepted configuration are read compiled.
        let initial = ConfigurationSource.read(
            directory: configDirectory, snapshot: ConfigurationSnapshot(database: databasePath),
            compiled: CompiledBranches(database: databasePath))
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
        if simulation {
            logger.notice(
                "\(databasePath) is a simulation database; nothing in it is a record of real work",
                metadata: ["database": "\(databasePath)", "simulation": "true"])
        }

        let daemon: Daemon
        do {
            daemon = try Daemon(initial: initial, databasePath: databasePath, wallClock: wallClock, logger: logger)
        } catch {
            throw ExitCode.failure
        }
        if once {
            guard deliverWithin >= 0, deliverWithin <= 86_400 else {
                throw ValidationError("--deliver-within: expected 0 to 86400 seconds")
            }
            try daemon.runOnce()
            // What this pass raised, delivered before exiting, within a bound: the service
            // itself never delivers (its sandbox has no network); gridd-notify does.
            _ = await DeliveryAssembly.drain(
                notify: daemon.source.current.notify, database: daemon.database, clock: wallClock, logger: logger,
                within: deliverWithin)
        } else {
            try await daemon.run()
        }
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
