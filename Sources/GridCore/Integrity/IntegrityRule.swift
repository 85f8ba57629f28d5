/// One item of an integrity table: what it scores, how many points, for whom, up to what
/// yearly cap, and what produces it.
public struct IntegrityRule: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var kind: IntegrityKind
    public var module: IntegrityModule
    public var text: String
    /// Signed: a deduction is negative.
    public var points: Int
    public var appliesTo: IntegrityLevel
    /// The most the item may add or deduct (in absolute value) for one person or branch in a
    /// year; nil for no cap. Entries past it are kept, explained, at 0 points.
    public var yearlyCap: Int?
    public var source: IntegritySource
    /// The roles whose holders may record it (recorded items only).
    public var authority: [String]
    /// For a red-line item: what its entry does besides the points.
    public var redLine: RedLineEffect?
    /// Where the item comes from (a clause of the bank's system), shown with it.
    public var clause: String?

    public init(
        id: String, kind: IntegrityKind, module: IntegrityModule, text: String, points: Int, appliesTo: IntegrityLevel,
        yearlyCap: Int? = nil, source: IntegritySource, authority: [String] = [], redLine: RedLineEffect? = nil,
        clause: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.module = module
        self.text = text
        self.points = points
        self.appliesTo = appliesTo
        self.yearlyCap = yearlyCap
        self.source = source
        self.authority = authority
        self.redLine = redLine
        self.clause = clause
    }
}
