/// The three kinds of item of an integrity table (清廉积分): base items everyone is scored on,
/// bonus items, and red lines whose breach is zero-tolerance whatever the total.
public enum IntegrityKind: String, CaseIterable, Sendable, Codable {
    case base
    case bonus
    case redLine = "red-line"

    public var chinese: String {
        switch self {
        case .base: "基础项"
        case .bonus: "加分项"
        case .redLine: "红线项"
        }
    }
}
