/// What the one-page employee portrait (员工画像) shows of a person's year: their duties by
/// line, how many were late or missed each month, their points with the running total, and
/// their band at each month's end. Filled by the caller from the store; rendered as it is.
public struct PortraitModel: Hashable, Sendable {
    public var person: String
    public var name: String
    public var branch: String
    public var branchName: String
    public var year: Int
    /// The year's duties per line, in the order to show.
    public var lines: [LineDuties]
    /// Items done late or missed in each month, January first; fewer than twelve for a year
    /// not over.
    public var latenessByMonth: [Int]
    /// The person's points entries for the year, in the order they count.
    public var entries: [PointsEntry]
    /// The band at each month's end (month 1…12), for the months known.
    public var bands: [MonthBand]
    /// The total the year starts from (the table's baseline for a person).
    public var baseline: Int

    public struct LineDuties: Hashable, Sendable {
        public var line: String
        public var title: String
        public var tally: DutyTally

        public init(line: String, title: String, tally: DutyTally) {
            self.line = line
            self.title = title
            self.tally = tally
        }
    }

    public struct MonthBand: Hashable, Sendable {
        public var month: Int
        public var band: IntegrityBand

        public init(month: Int, band: IntegrityBand) {
            self.month = month
            self.band = band
        }
    }

    public init(
        person: String, name: String, branch: String, branchName: String, year: Int, lines: [LineDuties],
        latenessByMonth: [Int], entries: [PointsEntry], bands: [MonthBand], baseline: Int = 0
    ) {
        self.baseline = baseline
        self.person = person
        self.name = name
        self.branch = branch
        self.branchName = branchName
        self.year = year
        self.lines = lines
        self.latenessByMonth = latenessByMonth
        self.entries = entries
        self.bands = bands
    }

    /// The entries with the total after each one, from the baseline, in order.
    public var runningTotals: [(entry: PointsEntry, total: Int)] {
        var total = baseline
        return entries.map { entry in
            total += entry.points
            return (entry, total)
        }
    }
}
