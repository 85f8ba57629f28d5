/// A message to one receiver, rendered when the alert it tells of is raised and written in
/// the same transaction (the transactional outbox): whatever happens to the process after
/// the commit, the message is there to be sent, and never decided twice.
public struct OutboxMessage: Hashable, Sendable {
    public enum Source: String, Sendable, Codable {
        case alert, digest, test
    }

    public let source: Source
    /// The alert's or digest's id; for a test message, any number unique among tests.
    public let sourceID: Int64
    public let receiver: String
    /// The alert kind (`overdue`, `digest`, …) or `test`.
    public let kind: String
    public let branch: String
    public let recipients: [Recipient]
    public let title: String
    public let body: String

    public init(
        source: Source, sourceID: Int64, receiver: String, kind: String, branch: String, recipients: [Recipient],
        title: String, body: String
    ) {
        self.source = source
        self.sourceID = sourceID
        self.receiver = receiver
        self.kind = kind
        self.branch = branch
        self.recipients = recipients
        self.title = title
        self.body = body
    }
}
