import Foundation
import GridConfig
import GridCore
import GridStore

/// Where a branch's people and the branch itself stand on a day: each one's entries of the
/// day's year made up to that day, scored under the table. What the monthly report and the
/// portrait show.
enum PointsStandings {
    /// The standings on `day`: the branch first, then its people in roster order; empty
    /// without an integrity table.
    static func of(
        branch: Branch, on day: LocalDate, table: IntegrityTable?, database: GridDatabase
    ) throws -> [IntegrityStanding] {
        guard let table else { return [] }
        let entries = try database.pointsEntries(branch: branch.id, person: nil, year: day.year).filter {
            $0.day <= day
        }
        let byPerson = Dictionary(grouping: entries, by: { $0.person ?? "" })
        let branchRed = IntegrityScore.branchRed(in: entries, table: table)
        let branchScore = IntegrityScore.of(
            entries: byPerson[""] ?? [], level: .branch, year: day.year, table: table, branchRed: branchRed)
        var standings = [
            IntegrityStanding(
                person: nil, total: branchScore.total, band: branchScore.band, redLine: branchScore.redLine)
        ]
        for person in branch.staff where person.isActive(on: day) {
            let score = IntegrityScore.of(
                entries: byPerson[person.id] ?? [], level: .person, year: day.year, table: table)
            standings.append(
                IntegrityStanding(person: person.id, total: score.total, band: score.band, redLine: score.redLine))
        }
        return standings
    }
}
