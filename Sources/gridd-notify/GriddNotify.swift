import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridd-notify`: delivers the messages gridd writes to the outbox — WeCom, DingTalk, mail,
/// webhooks — as its own small service with the network gridd's sandbox does not have.
@main
struct GriddNotify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridd-notify",
        abstract: "GridDuty's delivery service: sends the outbox's messages to notify.yaml's receivers.",
        discussion: """
            It reads only notify.yaml and the database gridd keeps (which it never migrates); secrets come from \
            systemd credentials ($CREDENTIALS_DIRECTORY) or files only the service user reads. SIGHUP re-reads \
            notify.yaml.
            """,
        version: ProductVersion.string)

    @Option(
        help: ArgumentHelp(
            "The schedules directory (default: $GRIDDUTY_CONFIG, else /etc/gridduty).", valueName: "dir"))
    var config: String?
    @Option(
        help: ArgumentHelp(
            "The SQLite database file (default: $GRIDDUTY_DB, else /var/lib/gridduty/gridduty.sqlite).",
            valueName: "path"))
    var db: String?
    @Option(
        help: ArgumentHelp(
            "Start the clock at this instant (Asia/Shanghai, or with an offset) instead of now; simulation databases only.",
            valueName: "time"))
    var now: String?
    @Flag(help: "Deliver what is due, for at most --within seconds, and exit.") var once = false
    @Option(help: "With --once: the most seconds to spend.") var within: Double = 30
    @Option(help: "auto (native under systemd, else terminal), native, journal or terminal.")
    var logFormat: LogFormat = .auto

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case auto, native, journal, terminal
    }

    func run() async throws {
        guard within > 0, within <= 86_400 else { throw ValidationError("--within: expected 1 to 86400 seconds") }
        let configDirectory = config ?? Defaults.configDirectory()
        let databasePath = db ?? Defaults.database()
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        var offset: TimeInterval = 0
        if let now {
            guard let parsed = InstantText.parse(now) else {
                throw ValidationError("--now: '\(now)' is not a valid time; expected YYYY-MM-DDTHH:MM")
            }
            _ = try SimulationCheck.check(database: databasePath, now: now)
            offset = parsed.instant(in: BusinessCalendar(national: .plainWeekdays, timeZone: zone)).timeIntervalSinceNow
        }
        let clock: @Sendable () -> Date = { Date().addingTimeInterval(offset) }
        let format: JournalLogHandler.Format =
            switch logFormat {
            case .auto: .detect()
            case .native, .journal: .journal
            case .terminal: .terminal
            }
        let journal = format == .journal && (logFormat == .auto || logFormat == .native) ? JournalSocket() : nil
        LoggingSystem.bootstrap { label in
            JournalLogHandler(label: label, format: format, clock: clock, timeZone: zone, journal: journal)
        }
        let logger = Logger(label: "gridd-notify")
        let database: GridDatabase
        do {
            database = try GridDatabase(
                path: databasePath, mode: .daemon,
                beforeMigrating: {
                    throw ValidationError(
                        "the database's schema is not this version's; gridd upgrades it (start gridd, or run `gridctl migrate`)")
                })
        } catch {
            logger.critical("cannot open the database", metadata: ["db": "\(databasePath)", "error": "\(error)"])
            throw ExitCode.failure
        }
        if once {
            guard let notify = NotifyService.read(configDirectory, logger: logger) else { throw ExitCode.failure }
            _ = await DeliveryAssembly.drain(
                notify: notify, database: database, clock: clock, logger: logger, within: within)
            return
        }
        let service = NotifyService(configDirectory: configDirectory, database: database, clock: clock, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("gridd-notify stopped", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}
