/// Who assessed, for an assessment item: the seed's three sources (自评, 检查组考评, 第三方测评).
public enum IntegrityAssessor: String, CaseIterable, Sendable, Codable {
    case selfAssessment = "self"
    case inspectionGroup = "inspection-group"
    case thirdParty = "third-party"

    public var chinese: String {
        switch self {
        case .selfAssessment: "自评"
        case .inspectionGroup: "检查组考评"
        case .thirdParty: "第三方测评"
        }
    }
}
