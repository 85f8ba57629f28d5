import Foundation

/// One recorded performance of a check: who did it, when it was performed, and when it was
/// recorded (which can be later: a check done on paper is entered afterwards).
public struct Completion: Hashable, Sendable {
    public let by: String
    public let performedAt: Date
    public let recordedAt: Date
    public let note: String?
    /// Performed after the occurrence's deadline.
    public let late: Bool

    public init(by: String, performedAt: Date, recordedAt: Date, note: String?, late: Bool) {
        self.by = by
        self.performedAt = performedAt
        self.recordedAt = recordedAt
        self.note = note
        self.late = late
    }
}
