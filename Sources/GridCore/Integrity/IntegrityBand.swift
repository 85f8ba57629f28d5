/// The four colour bands (红黄蓝绿"四色"), worst first.
public enum IntegrityBand: String, CaseIterable, Sendable, Codable, Comparable {
    case red, yellow, blue, green

    public var chinese: String {
        switch self {
        case .red: "红"
        case .yellow: "黄"
        case .blue: "蓝"
        case .green: "绿"
        }
    }

    public static func < (a: IntegrityBand, b: IntegrityBand) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
