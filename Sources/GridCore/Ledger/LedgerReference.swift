/// A finding, or one of its measures, of one branch: how ``LedgerFigures`` remembers which
/// findings are closed and which measures done, so that a later report counts what is new
/// since by identity.
public struct LedgerReference: Hashable, Comparable, Sendable, Codable {
    public var branch: String
    public var finding: String
    /// The measure's number; nil for the finding itself.
    public var measure: String?

    public init(branch: String, finding: String, measure: String? = nil) {
        self.branch = branch
        self.finding = finding
        self.measure = measure
    }

    public static func < (a: LedgerReference, b: LedgerReference) -> Bool {
        (LedgerOrder.key(a.branch), LedgerOrder.key(a.finding), LedgerOrder.key(a.measure ?? ""), a.branch, a.finding)
            < (
                LedgerOrder.key(b.branch), LedgerOrder.key(b.finding), LedgerOrder.key(b.measure ?? ""), b.branch,
                b.finding
            )
    }
}
