import Foundation

/// A broken link: what is wrong, at which entry, and the rows involved as they read now.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    public var seq: Int64?
    public var message: String
    /// The rows involved, one line each, unescaped: whoever shows them escapes them.
    public var rows: [String]

    public var description: String { message }
}
