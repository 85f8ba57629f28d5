import Foundation

/// One alert an occurrence calls for at one point of its life. Its identity —
/// (occurrence, kind, level, day) — is what makes every alert raised exactly once.
public struct AlertInstance: Hashable, Sendable {
    public let kind: AlertKind
    /// 0 for the reminder and the overdue alert; the escalation step otherwise.
    public let level: Int
    /// The branch-local day it belongs to.
    public let day: LocalDate
    public let dueAt: Date
    public let targets: [EscalationPolicy.Target]

    public init(kind: AlertKind, level: Int, day: LocalDate, dueAt: Date, targets: [EscalationPolicy.Target]) {
        self.kind = kind
        self.level = level
        self.day = day
        self.dueAt = dueAt
        self.targets = targets
    }
}
