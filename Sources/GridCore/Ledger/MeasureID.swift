/// A measure's identity in a branch's ledger: its finding's number and its own number
/// (措施编号), written `FINDING/MEASURE` on the command line.
public struct MeasureID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var finding: String
    public var number: String

    public init(finding: String, number: String) {
        self.finding = finding
        self.number = number
    }

    /// Reads `FINDING/MEASURE`; nil without exactly one slash or with an empty side.
    public init?(text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(finding: String(parts[0]), number: String(parts[1]))
    }

    public var description: String { "\(finding)/\(number)" }

    public static func < (a: MeasureID, b: MeasureID) -> Bool {
        (LedgerOrder.key(a.finding), LedgerOrder.key(a.number)) < (
            LedgerOrder.key(b.finding), LedgerOrder.key(b.number)
        )
    }
}
