/// Where a finding stands. A finding is open until its first measure, rectifying while
/// measures run, awaiting close-out once its leader asks for 销号, closed when a second
/// person approves. A rejected close-out returns it to rectifying; a closed finding never
/// reopens (a repeat is a new finding that names it).
public enum FindingState: String, CaseIterable, Sendable, Codable {
    case open
    case rectifying
    case awaitingCloseOut = "awaiting-close-out"
    case closed

    /// As the rectification reports say it.
    public var chinese: String {
        switch self {
        case .open: "未整改"
        case .rectifying: "整改中"
        case .awaitingCloseOut: "待销号"
        case .closed: "已销号"
        }
    }
}
