/// How a duty item ended, as the integrity table scores it.
public enum DutyOutcome: String, CaseIterable, Sendable, Codable {
    /// Done by its deadline.
    case onTime = "on-time"
    /// Done after its deadline.
    case late
    /// Still open when its period ended (overdue at period end): never done.
    case missed
    /// Waived by a supervisor.
    case waived
}
