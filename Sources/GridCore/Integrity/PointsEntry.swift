/// One scored fact of the ledger of points: which rule (and version) scored whom, for what
/// record, how many points, on which day, and who recorded it. Never edited or deleted: a
/// correction or an upheld appeal is a new entry that reverses this one.
public struct PointsEntry: Hashable, Sendable, Codable {
    /// 0 until stored.
    public var id: Int64
    public var branch: String
    /// The staff member scored; nil for the branch itself.
    public var person: String?
    public var rule: String
    public var version: String
    public var points: Int
    /// The day of the fact (the item's deadline or completion, the violation's day).
    public var day: LocalDate
    /// The year the points count for: the fact's, or for an adjustment after a year was
    /// closed, the next open year (`concernsYear` then names the closed one).
    public var year: Int
    public var source: PointsSource
    /// What happened, as recorded or as the record says it.
    public var text: String
    /// Who recorded it; nil for GridDuty scoring its own records.
    public var recordedBy: String?
    /// The entry this one reverses (a correction or an upheld appeal).
    public var reverses: Int64?
    /// Why, for a reversal.
    public var reason: String?
    /// The second person who approved a reversal.
    public var approvedBy: String?
    public var concernsYear: Int?

    public init(
        id: Int64 = 0, branch: String, person: String?, rule: String, version: String, points: Int, day: LocalDate,
        year: Int, source: PointsSource, text: String, recordedBy: String? = nil, reverses: Int64? = nil,
        reason: String? = nil, approvedBy: String? = nil, concernsYear: Int? = nil
    ) {
        self.id = id
        self.branch = branch
        self.person = person
        self.rule = rule
        self.version = version
        self.points = points
        self.day = day
        self.year = year
        self.source = source
        self.text = text
        self.recordedBy = recordedBy
        self.reverses = reverses
        self.reason = reason
        self.approvedBy = approvedBy
        self.concernsYear = concernsYear
    }
}
