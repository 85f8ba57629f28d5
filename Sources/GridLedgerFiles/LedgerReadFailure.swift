import GridCore

/// Why a workbook cannot be imported: every problem found in it, each located, in the order
/// of the sheets and rows.
public struct LedgerReadFailure: Error, Sendable, CustomStringConvertible {
    public var issues: [LedgerIssue]

    public init(issues: [LedgerIssue]) {
        self.issues = issues
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
