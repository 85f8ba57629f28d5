/// A person's or a branch's score for a year, worked out from its entries: the version's
/// baseline, plus each item's entries summed and held within the item's yearly cap, and the
/// band — red whatever the total after a red-line entry not reversed.
public struct IntegrityScore: Hashable, Sendable, Codable {
    public var total: Int
    public var band: IntegrityBand
    public var redLine: Bool
    /// Points an item's cap held back, by item.
    public var capped: [String: Int]

    /// The score of one subject (`person` nil: the branch) of `entries` (theirs, of `year`),
    /// under `table`. `branchRed`: a red line of one of the branch's people that puts the
    /// branch in red.
    public static func of(
        entries: [PointsEntry], level: IntegrityLevel, year: Int, table: IntegrityTable, branchRed: Bool = false
    ) -> IntegrityScore {
        let yearStart = LocalDate(year: year, month: 1, day: 1)!
        let current = table.version(on: LocalDate(year: year, month: 12, day: 31)!) ?? table.version(on: yearStart)
        let baseline = (table.version(on: yearStart) ?? current)?.baseline[level] ?? 0
        let reversed = Set(entries.compactMap(\.reverses))
        var sums: [String: Int] = [:]
        var caps: [String: Int] = [:]
        var redLine = branchRed
        for entry in entries {
            sums[entry.rule, default: 0] += entry.points
            let rule = table.version(named: entry.version)?.rule(entry.rule)
            if let cap = rule?.yearlyCap { caps[entry.rule] = cap }
            if rule?.kind == .redLine, entry.reverses == nil, !reversed.contains(entry.id) { redLine = true }
        }
        var total = baseline
        var capped: [String: Int] = [:]
        for (rule, sum) in sums {
            guard let cap = caps[rule], abs(sum) > cap else {
                total += sum
                continue
            }
            let held = sum > 0 ? cap : -cap
            capped[rule] = sum - held
            total += held
        }
        let bands = current?.bands[level] ?? IntegrityBands(minimums: [:])
        return IntegrityScore(
            total: total, band: bands.band(total: total, redLine: redLine), redLine: redLine, capped: capped)
    }
}

extension IntegrityScore {
    /// The red-line entries of `entries` that no entry reverses: who is on the blacklist, and
    /// what puts a person (and, where the table says, the branch) in red.
    public static func redLines(in entries: [PointsEntry], table: IntegrityTable) -> [PointsEntry] {
        let reversed = Set(entries.compactMap(\.reverses))
        return entries.filter { entry in
            entry.reverses == nil && !reversed.contains(entry.id)
                && table.version(named: entry.version)?.rule(entry.rule)?.kind == .redLine
        }
    }

    /// Whether one of `entries` (a branch's, of its people) is a red line that puts the
    /// branch in red.
    public static func branchRed(in entries: [PointsEntry], table: IntegrityTable) -> Bool {
        redLines(in: entries, table: table).contains { entry in
            entry.person != nil && table.version(named: entry.version)?.rule(entry.rule)?.redLine?.branchRed == true
        }
    }
}
