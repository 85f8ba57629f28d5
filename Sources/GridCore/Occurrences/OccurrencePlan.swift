import Foundation

/// An occurrence as the catalog and roster say it should exist: what the materialiser
/// computes and the store inserts if absent. Everything in it is derived, none of it is
/// progress.
public struct OccurrencePlan: Hashable, Sendable {
    public let key: OccurrenceKey
    public let line: String
    public let cadence: Cadence
    public let scope: Scope
    /// Who must act; nil when the owning role is vacant (flagged unassigned).
    public let owner: String?
    /// The owner rule as written, shown when nobody holds it.
    public let ownerRole: String
    public let periodStart: Date
    public let remindAt: Date
    public let deadline: Date
    public let quota: Int

    public init(
        key: OccurrenceKey, line: String, cadence: Cadence, scope: Scope, owner: String?, ownerRole: String,
        periodStart: Date, remindAt: Date, deadline: Date, quota: Int
    ) {
        self.key = key
        self.line = line
        self.cadence = cadence
        self.scope = scope
        self.owner = owner
        self.ownerRole = ownerRole
        self.periodStart = periodStart
        self.remindAt = remindAt
        self.deadline = deadline
        self.quota = quota
    }
}
