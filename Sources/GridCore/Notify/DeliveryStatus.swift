import Foundation

/// One receiver's queue at a glance (`gridctl notify status`).
public struct DeliveryStatus: Hashable, Sendable {
    public let receiver: String
    /// Not yet accepted and still to be tried, including the failing ones.
    public let pending: Int
    /// Pending after at least one failed try.
    public let failing: Int
    public let sent: Int
    public let dead: Int
    public let oldestPending: Date?
    public let lastError: String?
    public let lastSentAt: Date?

    public init(
        receiver: String, pending: Int, failing: Int, sent: Int, dead: Int, oldestPending: Date?, lastError: String?,
        lastSentAt: Date?
    ) {
        self.receiver = receiver
        self.pending = pending
        self.failing = failing
        self.sent = sent
        self.dead = dead
        self.oldestPending = oldestPending
        self.lastError = lastError
        self.lastSentAt = lastSentAt
    }
}
