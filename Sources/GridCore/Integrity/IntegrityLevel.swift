/// Whom an item scores: a staff member, or the branch (机构).
public enum IntegrityLevel: String, CaseIterable, Sendable, Codable {
    case person
    case branch
}
