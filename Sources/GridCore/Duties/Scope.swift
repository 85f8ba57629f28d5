/// Whom an occurrence is about: one per branch, or one per staff member, party member,
/// grid, grid member or pairing, expanded from the roster; triggered duties name their
/// subject when raised.
public enum Scope: String, CaseIterable, Sendable, Codable {
    case branch
    case staff
    case partyMember = "party-member"
    case grid
    case gridMember = "grid-member"
    case pairing
    /// Triggered: about one staff member, named when raised.
    case person
    /// Triggered: about a case, finding, decision or visit, described when raised.
    case `case`

    /// Per-person scopes: their occurrences close as "left" when the person leaves.
    public var isPerPerson: Bool {
        switch self {
        case .staff, .partyMember, .gridMember, .person: true
        case .branch, .grid, .pairing, .case: false
        }
    }

    public var isTriggeredOnly: Bool { self == .person || self == .case }
}
