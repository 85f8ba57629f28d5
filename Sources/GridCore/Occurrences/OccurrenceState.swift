/// What the store records about an occurrence's progress. The user-facing status
/// (`OccurrenceStatus`) is derived from this, the deadlines and the instant asked about.
public enum OccurrenceState: String, Sendable, Codable, CaseIterable {
    case open
    case done
    case waived
    /// The subject left the roster while it was open: closed, never deleted.
    case left
}
