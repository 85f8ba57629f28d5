/// Where a message stands at one receiver. Pending rows with tries behind them are "failing";
/// a dead row is not tried again and keeps its last error.
public enum DeliveryState: Int, Sendable, Codable, CaseIterable {
    case pending = 0
    case sent = 1
    case dead = 2

    public var name: String {
        switch self {
        case .pending: "pending"
        case .sent: "sent"
        case .dead: "dead"
        }
    }
}
