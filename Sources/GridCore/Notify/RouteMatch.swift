/// A route's conditions: each field lists the values it accepts, and an empty field accepts
/// anything, as Alertmanager's matchers do. A message matches when every field does.
public struct RouteMatch: Hashable, Sendable {
    public let kinds: Set<String>
    public let levels: Set<Int>
    public let lines: Set<String>
    public let branches: Set<String>
    public let persons: Set<String>
    public let roles: Set<String>

    public init(
        kinds: Set<String> = [], levels: Set<Int> = [], lines: Set<String> = [], branches: Set<String> = [],
        persons: Set<String> = [], roles: Set<String> = []
    ) {
        self.kinds = kinds
        self.levels = levels
        self.lines = lines
        self.branches = branches
        self.persons = persons
        self.roles = roles
    }

    public static let any = RouteMatch()

    public func matches(_ labels: MessageLabels) -> Bool {
        (kinds.isEmpty || kinds.contains(labels.kind)) && (levels.isEmpty || levels.contains(labels.level))
            && (lines.isEmpty || !lines.isDisjoint(with: labels.lines))
            && (branches.isEmpty || branches.contains(labels.branch))
            && (persons.isEmpty || persons.contains(labels.person))
            && (roles.isEmpty || !roles.isDisjoint(with: labels.roles))
    }
}
