/// What a route matches a message on, for one recipient: the alert's kind and level, the
/// lines it concerns, the branch, and the person with their roles.
public struct MessageLabels: Hashable, Sendable {
    /// `reminder`, `overdue`, `escalation`, `nag`, `notice`, `digest` or `test`.
    public let kind: String
    /// The escalation step (0 for a reminder or overdue alert); a digest's highest.
    public let level: Int
    /// The item's line; a digest's items' lines.
    public let lines: Set<String>
    public let branch: String
    public let person: String
    public let roles: Set<String>

    public init(kind: String, level: Int, lines: Set<String>, branch: String, person: String, roles: Set<String>) {
        self.kind = kind
        self.level = level
        self.lines = lines
        self.branch = branch
        self.person = person
        self.roles = roles
    }
}
