/// Where an occurrence stands at an instant.
public enum OccurrenceStatus: String, Sendable, Codable, CaseIterable {
    /// Open, before its reminder.
    case upcoming
    /// Open, inside its reminder window.
    case due
    case done
    /// Completed, the last required completion after the deadline.
    case doneLate = "done-late"
    /// A two-person check recorded and not yet confirmed by the second person, before its
    /// deadline; past it, it is overdue like any open item.
    case awaitingConfirmation = "awaiting-confirmation"
    /// Open at or after its deadline.
    case overdue
    case waived
    case left

    public var isOpen: Bool { self == .upcoming || self == .due || self == .awaitingConfirmation || self == .overdue }

    /// The Chinese label shown in tables.
    public var label: String {
        switch self {
        case .upcoming: "未到期"
        case .due: "待办"
        case .done: "已完成"
        case .doneLate: "逾期完成"
        case .awaitingConfirmation: "待复核"
        case .overdue: "逾期"
        case .waived: "已豁免"
        case .left: "已离岗"
        }
    }
}
