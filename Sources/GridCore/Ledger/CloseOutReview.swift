/// Who may ask for a finding's close-out (销号) and who may grant or refuse it: the
/// finding's leader asks; a second person reviews, who is neither the leader nor the owner
/// of any of its measures and holds a role the policy names. Nobody closes their own work.
public struct CloseOutReview: Hashable, Sendable {
    /// Roles whose holders may review; `line-owner` stands for the owning role of any line.
    public let reviewerRoles: [String]
    /// The owning role of each line of the catalog, which `line-owner` reaches.
    public let lineOwnerRoles: Set<String>

    public init(reviewerRoles: [String], lineOwnerRoles: Set<String>) {
        self.reviewerRoles = reviewerRoles
        self.lineOwnerRoles = lineOwnerRoles
    }

    /// The policy's default: the discipline inspector, or the owner of a line.
    public static let defaultReviewerRoles = ["discipline-inspector", "line-owner"]

    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        case notLeader(person: String, finding: String, leader: String)
        case leader(person: String, finding: String)
        case measureOwner(person: String, finding: String, measures: [MeasureID])
        case lacksRole(person: String, roles: [String])

        public var description: String {
            switch self {
            case .notLeader(_, _, let leader):
                "only the finding's responsible leader '\(leader)' may ask for its close-out"
            case .leader:
                "they are the finding's responsible leader; a second person must review its close-out"
            case .measureOwner(_, _, let ms):
                "they own measure\(ms.count == 1 ? "" : "s") \(ms.map(\.description).joined(separator: ", ")) of it; a second person must review its close-out"
            case .lacksRole(_, let roles):
                "only a holder of \(roles.joined(separator: " or ")) may review a close-out"
            }
        }
    }

    /// Whether `person` may ask to close `finding`.
    public func checkRequest(by person: String, finding: Finding) -> Refusal? {
        person == finding.leader
            ? nil : .notLeader(person: person, finding: finding.number, leader: finding.leader)
    }

    /// Whether `person`, holding `roles`, may approve or reject the close-out of `finding`
    /// whose measures are `measures`.
    public func checkReview(by person: String, roles: [String], finding: Finding, measures: [Measure]) -> Refusal? {
        if person == finding.leader { return .leader(person: person, finding: finding.number) }
        let owned = measures.filter { $0.owner == person }.map(\.id)
        if !owned.isEmpty { return .measureOwner(person: person, finding: finding.number, measures: owned) }
        let allowed = Set(reviewerRoles.flatMap { $0 == "line-owner" ? Array(lineOwnerRoles) : [$0] })
        guard roles.contains(where: allowed.contains) else { return .lacksRole(person: person, roles: reviewerRoles) }
        return nil
    }
}
