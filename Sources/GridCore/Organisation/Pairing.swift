/// A pairing (结对): party members with staff, mentors with new hires, or the branch with
/// another organisation. Pairing-scoped duties are owed once per pairing.
public struct Pairing: Hashable, Sendable, Identifiable {
    public let id: String
    public let kind: String
    public let members: [String]
    public let partner: String?

    public init(id: String, kind: String, members: [String], partner: String? = nil) {
        self.id = id
        self.kind = kind
        self.members = members
        self.partner = partner
    }
}
