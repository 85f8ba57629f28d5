import GridCore

/// Why a workbook cannot be imported: every problem found in it, each located, in the order
/// of the sheets and rows.
public struct LedgerReadFailure: Error, Sendable, CustomStringConvertible {
    public var issues: [LedgerIssue]
    /// The rows that read without a problem, when the sheets themselves could be read: the
    /// importer checks them against the branch too, so that one run lists every problem.
    public var readable: LedgerDraft?

    public init(issues: [LedgerIssue], readable: LedgerDraft? = nil) {
        self.issues = issues
        self.readable = readable
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
