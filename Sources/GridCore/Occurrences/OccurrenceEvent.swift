import Foundation

/// A change in an occurrence's life other than a completion: raised, waived, closed
/// because its subject left, reassigned.
public struct OccurrenceEvent: Hashable, Sendable {
    public let at: Date
    public let kind: String
    public let actor: String?
    public let detail: String?

    public init(at: Date, kind: String, actor: String?, detail: String?) {
        self.at = at
        self.kind = kind
        self.actor = actor
        self.detail = detail
    }
}
