/// What one `OutboxSender.drain(within:)` did: tries by outcome, and the messages still
/// pending at the configured receivers when it returned (waiting for a later retry, or left
/// when the time was up).
public struct DeliverySummary: Hashable, Sendable {
    public var sent = 0
    public var retried = 0
    public var dead = 0
    public var pending = 0
    /// The time given ran out before everything due was tried.
    public var timedOut = false

    public init(sent: Int = 0, retried: Int = 0, dead: Int = 0, pending: Int = 0, timedOut: Bool = false) {
        self.sent = sent
        self.retried = retried
        self.dead = dead
        self.pending = pending
        self.timedOut = timedOut
    }

    static func + (lhs: DeliverySummary, rhs: DeliverySummary) -> DeliverySummary {
        DeliverySummary(
            sent: lhs.sent + rhs.sent, retried: lhs.retried + rhs.retried, dead: lhs.dead + rhs.dead,
            pending: lhs.pending + rhs.pending, timedOut: lhs.timedOut || rhs.timedOut)
    }
}
