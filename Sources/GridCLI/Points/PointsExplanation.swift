import GridConfig
import GridCore

/// A score explained line by line: each entry with the running total after it, an item's
/// yearly cap applied as the entries reach it, so the last running total is the score.
struct PointsExplanation {
    struct Line {
        var entry: PointsEntry
        var running: Int
        var explanation: String
    }

    var baseline: Int
    var lines: [Line]

    init(entries: [PointsEntry], table: IntegrityTable, level: IntegrityLevel, year: Int) {
        let yearStart = LocalDate(year: year, month: 1, day: 1)!
        baseline = table.version(on: yearStart)?.baseline[level] ?? table.versions.first?.baseline[level] ?? 0
        var sums: [String: Int] = [:]
        var total = baseline
        var lines: [Line] = []
        for entry in entries {
            let rule = table.version(named: entry.version)?.rule(entry.rule)
            let before = sums[entry.rule, default: 0]
            let after = before + entry.points
            sums[entry.rule] = after
            func held(_ sum: Int) -> Int {
                guard let cap = rule?.yearlyCap else { return sum }
                return max(-cap, min(cap, sum))
            }
            total += held(after) - held(before)
            var words = [entry.text]
            if let reversed = entry.reverses {
                words.append("reverses #\(reversed)" + (entry.reason.map { ": \($0)" } ?? ""))
            }
            if let approver = entry.approvedBy { words.append("approved by \(approver)") }
            if let by = entry.recordedBy { words.append("recorded by \(by)") }
            if let year = entry.concernsYear { words.append("concerns \(year)") }
            if held(after) != after { words.append("capped at \(rule?.yearlyCap ?? 0) a year") }
            lines.append(Line(entry: entry, running: total, explanation: words.joined(separator: "; ")))
        }
        self.lines = lines
    }
}
