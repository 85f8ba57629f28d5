import Foundation

/// A row of the outbox as the sender reads it: the message, and where it stands.
public struct Delivery: Hashable, Sendable, Identifiable {
    public let id: Int64
    public let message: OutboxMessage
    public let createdAt: Date
    public let state: DeliveryState
    /// Tries that failed so far.
    public let attempts: Int
    public let nextAttemptAt: Date
    public let lastError: String?
    /// The receiver's own id for the message when it gives one (WeCom's `msgid`).
    public let reference: String?
    public let sentAt: Date?

    public init(
        id: Int64, message: OutboxMessage, createdAt: Date, state: DeliveryState, attempts: Int, nextAttemptAt: Date,
        lastError: String?, reference: String?, sentAt: Date?
    ) {
        self.id = id
        self.message = message
        self.createdAt = createdAt
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.reference = reference
        self.sentAt = sentAt
    }
}
