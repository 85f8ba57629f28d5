import Foundation

/// The outcome of checking the chain.
public struct AuditVerification: Sendable {
    /// How many entries were checked, and the last of them.
    public var entries: Int64
    public var head: AuditEntry?
    /// The first broken link, if any.
    public var problem: AuditProblem?
}
