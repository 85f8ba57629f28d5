/// Who must act on an occurrence. Written in the catalog as a role id, `grid-leader`
/// (the leader of the grid in scope, or of the subject's grid) or `self` (the subject).
public enum OwnerRule: Hashable, Sendable, CustomStringConvertible {
    case role(String)
    case gridLeader
    case subject

    public init(catalogText: String) {
        switch catalogText {
        case "grid-leader": self = .gridLeader
        case "self": self = .subject
        default: self = .role(catalogText)
        }
    }

    public var description: String {
        switch self {
        case .role(let id): id
        case .gridLeader: "grid-leader"
        case .subject: "self"
        }
    }
}
