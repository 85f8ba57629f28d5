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

extension PointsSource {
    /// Reads a stored `key` back; an unknown form is a recorded source with that reference.
    public init(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        let rest = parts.count == 2 ? parts[1] : ""
        switch parts.first {
        case "occurrence" where Int64(rest) != nil: self = .occurrence(Int64(rest)!)
        case "measure" where MeasureID(text: rest) != nil: self = .measure(MeasureID(text: rest)!)
        case "finding": self = .finding(rest)
        case "recorded": self = .recorded(reference: rest.isEmpty ? nil : rest)
        default: self = .recorded(reference: key)
        }
    }
}
