/// The identity of an occurrence: computing the same instant twice, or again after a
/// restart, yields the same key, so occurrences are created exactly once.
public struct OccurrenceKey: Hashable, Sendable, CustomStringConvertible {
    public let branch: String
    public let duty: String
    /// The branch id, a person, grid or pairing id, or a triggered item's subject.
    public let subject: String
    /// 2026-11-23, 2026-W53, 2026-11, 2026-Q4, 2026-H2, 2026, 2026-2027, or for a triggered
    /// item the raise date and a sequence number (2026-11-23#2).
    public let period: String

    public init(branch: String, duty: String, subject: String, period: String) {
        self.branch = branch
        self.duty = duty
        self.subject = subject
        self.period = period
    }

    public var description: String { "\(branch)/\(duty)/\(subject)/\(period)" }
}
