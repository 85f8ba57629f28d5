/// `schedules/notify.yaml`: where alerts are delivered. Without the file, or without
/// receivers, nothing is delivered and alerts stay in the database and the journal.
public struct NotifyConfiguration: Hashable, Sendable {
    public let receivers: [Receiver]
    /// Nil: every message to every receiver.
    public let route: NotifyRoute?
    /// Per kind (`overdue`, `digest`, …), replacing the shipped text.
    public let templates: [String: MessageTemplate]

    public init(receivers: [Receiver], route: NotifyRoute?, templates: [String: MessageTemplate] = [:]) {
        self.receivers = receivers
        self.route = route
        self.templates = templates
    }

    public static let none = NotifyConfiguration(receivers: [], route: nil)

    public var isEmpty: Bool { receivers.isEmpty }

    public func receiver(_ id: String) -> Receiver? { receivers.first { $0.id == id } }

    /// The receivers a message with `labels` goes to, in the order the file lists them.
    public func receivers(for labels: MessageLabels) -> [String] {
        guard let route else { return receivers.map(\.id) }
        return route.receivers(for: labels) ?? []
    }

    /// The message kinds a route may name.
    public static let kinds = ["reminder", "overdue", "escalation", "nag", "notice", "digest", "test"]
}
