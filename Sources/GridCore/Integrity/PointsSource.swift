/// The record a points entry scores: a duty item, a measure, a finding, or what a person
/// recorded (a violation with its case reference, an award, an assessment).
public enum PointsSource: Hashable, Sendable, Codable {
    case occurrence(Int64)
    case measure(MeasureID)
    case finding(String)
    case recorded(reference: String?)

    /// A stable key of the source, unique per branch: the store keeps one automatic entry per
    /// rule, person and source, so a pass scored twice scores once.
    public var key: String {
        switch self {
        case .occurrence(let id): "occurrence:\(id)"
        case .measure(let id): "measure:\(id)"
        case .finding(let number): "finding:\(number)"
        case .recorded(let reference): "recorded:\(reference ?? "")"
        }
    }
}
