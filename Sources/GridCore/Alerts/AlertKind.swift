/// What an alert says, which also sets its syslog priority: a reminder is a notice, an
/// overdue alert a warning, an escalation or a repeat an error — so that
/// `journalctl -p warning` is the list of what is late.
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    case reminder
    case overdue
    case escalation
    case nag
    /// A warning notice to every staff member of a branch: a red line was crossed (清廉积分).
    case notice

    /// The syslog priority (RFC 5424 severity).
    public var syslogPriority: Int {
        switch self {
        case .reminder: 5
        case .overdue, .notice: 4
        case .escalation, .nag: 3
        }
    }

    /// The journal's message for the kind: constant, so that `journalctl MESSAGE=…` and
    /// `-g` find every alert of a kind, with what it is about in the fields.
    public var journalMessage: String {
        switch self {
        case .reminder: "duty due"
        case .overdue: "duty overdue"
        case .escalation: "duty overdue, escalated"
        case .nag: "duty still overdue"
        case .notice: "warning notice"
        }
    }
}
