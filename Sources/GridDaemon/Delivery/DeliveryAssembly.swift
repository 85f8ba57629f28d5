import AsyncHTTPClient
import Foundation
import GridCore
import GridNotify
import GridStore
import Logging

/// The sender of the outbox put together from `notify.yaml`: one HTTP client, each
/// receiver's transport with its secrets read now, and the sender over them. A receiver
/// whose transport cannot be made (a missing secret) is logged once and left out: its
/// messages wait, pending, for the configuration to be fixed; the others go.
public final class DeliveryAssembly: Sendable {
    public let sender: OutboxSender
    let client: HTTPClient

    public init(
        notify: NotifyConfiguration, database: GridDatabase, clock: @escaping @Sendable () -> Date, logger: Logger,
        secrets: SecretStore = SecretStore()
    ) {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var transports: [String: any Transport] = [:]
        for receiver in notify.receivers {
            do {
                transports[receiver.id] = try Transports.make(
                    receiver: receiver, secrets: secrets, client: client, now: clock)
            } catch {
                logger.error(
                    "receiver cannot be set up; its messages stay pending",
                    metadata: ["receiver.id": "\(receiver.id)", "error": "\(error)"])
            }
        }
        self.client = client
        self.sender = OutboxSender(
            database: database, receivers: notify.receivers.filter { transports[$0.id] != nil },
            transports: transports, clock: clock, logger: logger)
    }

    /// Closes the HTTP client; call once the sender is done.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Delivers what is due within `seconds` (for `gridd --once` and `gridd-notify --once`),
    /// then closes the client.
    public static func drain(
        notify: NotifyConfiguration, database: GridDatabase, clock: @escaping @Sendable () -> Date, logger: Logger,
        within seconds: Double
    ) async -> DeliverySummary? {
        guard !notify.isEmpty, seconds > 0 else { return nil }
        guard let lock = SenderLock.acquire(database: database.path) else {
            logger.notice(
                "delivery left to the running sender (gridd-notify holds the outbox)",
                metadata: ["lock": "\(SenderLock.path(database: database.path))"])
            return nil
        }
        defer { withExtendedLifetime(lock) {} }
        let assembly = DeliveryAssembly(notify: notify, database: database, clock: clock, logger: logger)
        let summary = await assembly.sender.deliver(within: seconds)
        await assembly.shutdown()
        logger.notice(
            "delivery done",
            metadata: [
                "sent": "\(summary.sent)", "retried": "\(summary.retried)", "dead": "\(summary.dead)",
                "pending": "\(summary.pending)",
            ])
        return summary
    }
}
