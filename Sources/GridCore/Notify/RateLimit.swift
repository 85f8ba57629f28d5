/// At most `messages` per `seconds` to one receiver: the receiver's documented limit (a
/// WeCom or DingTalk group robot takes 20 a minute), so that a burst is spread out rather
/// than refused and retried.
public struct RateLimit: Hashable, Sendable {
    public let messages: Int
    public let seconds: Double

    public init(messages: Int, seconds: Double) {
        self.messages = max(1, messages)
        self.seconds = max(0.001, seconds)
    }

    /// Messages per second.
    public var perSecond: Double { Double(messages) / seconds }
}
