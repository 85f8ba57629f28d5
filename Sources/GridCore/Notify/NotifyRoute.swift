/// A node of the route tree (`notify.yaml`'s `route:`), read as Alertmanager reads its own: a
/// message goes down the first child whose conditions it meets, and the deepest node it
/// reaches names the receivers; `continue: true` lets the next sibling take it as well. A
/// node without receivers of its own uses its parent's.
public struct NotifyRoute: Hashable, Sendable {
    public let match: RouteMatch
    public let receivers: [String]
    public let continues: Bool
    public let routes: [NotifyRoute]

    public init(match: RouteMatch = .any, receivers: [String] = [], continues: Bool = false, routes: [NotifyRoute] = [])
    {
        self.match = match
        self.receivers = receivers
        self.continues = continues
        self.routes = routes
    }

    /// The receivers this node sends `labels` to, nil when its conditions do not hold.
    /// `inherited` are the receivers of the nearest ancestor that names some.
    public func receivers(for labels: MessageLabels, inherited: [String] = []) -> [String]? {
        guard match.matches(labels) else { return nil }
        let own = receivers.isEmpty ? inherited : receivers
        var found: [String] = []
        var matchedChild = false
        for child in routes {
            guard let taken = child.receivers(for: labels, inherited: own) else { continue }
            matchedChild = true
            for receiver in taken where !found.contains(receiver) { found.append(receiver) }
            if !child.continues { break }
        }
        return matchedChild ? found : own
    }
}
