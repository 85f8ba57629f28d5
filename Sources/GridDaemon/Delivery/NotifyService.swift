import Foundation
import GridConfig
import GridCore
import GridNotify
import GridStore
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridd-notify` running: drains the outbox gridd writes, until SIGTERM. It reads only
/// `notify.yaml` (messages are rendered and addressed when written), and SIGHUP reads it
/// again: the sender is rebuilt with the new receivers and secrets, and a broken file keeps
/// the last good one running.
public struct NotifyService: Service {
    let configDirectory: String
    let database: GridDatabase
    let clock: @Sendable () -> Date
    let logger: Logger
    let notifier: SystemdNotifier

    public init(
        configDirectory: String, database: GridDatabase, clock: @escaping @Sendable () -> Date, logger: Logger,
        notifier: SystemdNotifier = SystemdNotifier()
    ) {
        self.configDirectory = configDirectory
        self.database = database
        self.clock = clock
        self.logger = logger
        self.notifier = notifier
    }

    /// Reads notify.yaml, logging each problem; nil when it is invalid.
    public static func read(_ directory: String, logger: Logger) -> NotifyConfiguration? {
        do {
            return try ConfigLoader(directory: directory).notifyConfiguration()
        } catch let error as ConfigError {
            for issue in error.issues {
                logger.error("invalid notify.yaml", metadata: ["problem": "\(issue)"])
            }
        } catch {
            logger.error("invalid notify.yaml", metadata: ["problem": "\(error)"])
        }
        return nil
    }

    public func run() async throws {
        guard let initial = Self.read(configDirectory, logger: logger) else {
            throw ExitError.invalidConfiguration
        }
        logger.notice(
            "gridd-notify started",
            metadata: ["receivers": "\(initial.receivers.map(\.id).joined(separator: ","))"])
        // A second gridd-notify on the same database waits here rather than send twice.
        var lock = SenderLock.acquire(database: database.path)
        if lock == nil {
            logger.warning("another sender holds the outbox; waiting for it to stop")
            let path = database.path
            lock = await Task.detached { SenderLock.acquire(database: path, wait: true) }.value
        }
        defer { withExtendedLifetime(lock) {} }
        _ = notifier.ready(status: "delivering to \(initial.receivers.count) receiver(s)")
        // A stop (SIGTERM) cancels the sender between tries; that is the way out, not an error.
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Fed twice per interval while the sender runs, whatever it is waiting for.
                        // Without a watchdog it only waits: the group ends with the sender.
                        let interval = notifier.watchdogInterval ?? .seconds(7_200)
                        while !Task.isCancelled {
                            _ = notifier.watchdog()
                            try? await Task.sleep(for: interval / 2)
                        }
                    }
                    group.addTask {
                        var notify = initial
                        while !Task.isCancelled {
                            let assembly = DeliveryAssembly(
                                notify: notify, database: database, clock: clock, logger: logger)
                            // Runs until SIGHUP (then rebuilt) or the stop.
                            let reload = await withTaskGroup(of: Bool.self) { inner in
                                inner.addTask {
                                    await assembly.sender.run()
                                    // No receivers (no notify.yaml yet): idle until a reload or the stop.
                                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3_600)) }
                                    return false
                                }
                                inner.addTask {
                                    for await _ in await UnixSignalsSequence(trapping: .sighup) { return true }
                                    return false
                                }
                                let first = await inner.next() ?? false
                                inner.cancelAll()
                                return first
                            }
                            await assembly.shutdown()
                            guard reload else { return }
                            _ = notifier.reloading()
                            if let read = Self.read(configDirectory, logger: logger) {
                                notify = read
                                logger.notice(
                                    "notify.yaml reloaded",
                                    metadata: ["receivers": "\(notify.receivers.map(\.id).joined(separator: ","))"])
                            } else {
                                logger.error("notify.yaml not reloaded; delivering on the last good one")
                            }
                            _ = notifier.ready(status: "delivering to \(notify.receivers.count) receiver(s)")
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch is CancellationError {}
        _ = notifier.stopping()
        logger.notice("gridd-notify stopping")
    }

    public enum ExitError: Error {
        case invalidConfiguration
    }
}
