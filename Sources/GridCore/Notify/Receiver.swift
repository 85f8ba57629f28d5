/// One place messages are delivered to (`notify.yaml`'s `receivers:`), with its own queue,
/// rate limit and retries: a receiver that is down delays only its own messages.
public struct Receiver: Hashable, Sendable, Identifiable {
    public let id: String
    public let kind: ReceiverKind
    public let rate: RateLimit
    public let retry: RetryPolicy
    /// Seconds one try may take, connection included, before it counts as failed.
    public let timeoutSeconds: Double
    /// Tries in flight at once.
    public let concurrency: Int

    public init(
        id: String, kind: ReceiverKind, rate: RateLimit? = nil, retry: RetryPolicy = .standard,
        timeoutSeconds: Double = 10, concurrency: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.rate = rate ?? Receiver.documentedRate(kind)
        self.retry = retry
        self.timeoutSeconds = max(0.1, timeoutSeconds)
        self.concurrency = max(1, concurrency ?? Receiver.defaultConcurrency(kind))
    }

    /// The receivers' documented limits: WeCom's API takes 10,000 calls a minute per corp;
    /// a WeCom or DingTalk group robot 20 messages a minute; a local MTA or webhook has no
    /// stated limit, so 1,000 a second.
    public static func documentedRate(_ kind: ReceiverKind) -> RateLimit {
        switch kind {
        case .wecomApp: RateLimit(messages: 10_000, seconds: 60)
        case .wecomRobot, .dingtalkRobot: RateLimit(messages: 20, seconds: 60)
        case .mail, .webhook: RateLimit(messages: 1_000, seconds: 1)
        }
    }

    static func defaultConcurrency(_ kind: ReceiverKind) -> Int {
        switch kind {
        case .wecomRobot, .dingtalkRobot: 1
        case .mail: 2
        case .wecomApp, .webhook: 16
        }
    }
}
