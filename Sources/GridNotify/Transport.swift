import GridCore

/// One receiver's way of delivering a message: an HTTP API, a webhook, or the local MTA.
/// A transport makes one try and says how it went; retrying, rate limits and the outbox's
/// state are the sender's (`OutboxSender`).
public protocol Transport: Sendable {
    func send(_ delivery: Delivery) async -> TransportOutcome
}

/// How one try went.
public enum TransportOutcome: Sendable, Equatable {
    /// The receiver accepted the message; `reference` is its own id for it when it gives one.
    case accepted(reference: String?)
    /// It may work later (a 5xx, a timeout, a refused connection, a rate limit): `after` is
    /// the receiver's own `Retry-After` in seconds when it gave one.
    case retry(error: String, after: Double?)
    /// It will never work as it is (a 400, an unknown user, a bad secret): dead at once.
    case rejected(error: String)
}
