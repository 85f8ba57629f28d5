import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl points portrait`: one employee's integrity portrait (员工清廉画像) on one A4 page.
struct PointsPortrait: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portrait",
        abstract: "One employee's integrity portrait (员工清廉画像): duties by line, lateness, entries, bands.",
        discussion: "One self-contained HTML page that prints on one A4 sheet; redirect it to a file and open it.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case html }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person: a staff id or a unique name.") var person: String
    @Option(help: "The branch (default: the person's, or the only one).") var branch: String?
    @Option(help: "The year (default: this year).") var year: Int?
    @Option(help: "html.") var format: Format = .html

    func run() throws {
        let points = try PointsContext.load(global, branch: branch)
        let personID = try points.person(person, option: "person")
        let calendar = points.branch.calendar
        let year = year ?? points.today.year
        guard let start = LocalDate(year: year, month: 1, day: 1), start <= points.today else {
            throw CLIError("--year: \(year) has not begun")
        }
        let end = min(LocalDate(year: year, month: 12, day: 31)!, points.today)
        let records = try points.database.monthlyRecords(
            branch: points.branch.id,
            deadlines: calendar.instant(
                start, secondsSinceMidnight: 0)..<calendar.instant(
                    end.adding(days: 1), secondsSinceMidnight: 0),
            alertDays: start...end
        ).occurrences.filter { $0.owner == personID }
        var tallies: [String: DutyTally] = [:]
        var lateness = [Int](repeating: 0, count: end.month)
        for item in records {
            let outcome = MonthlyFigures.outcome(of: item, at: points.now)
            tallies[item.line, default: DutyTally()].add(outcome)
            if outcome == .late || outcome == .missed {
                let month = calendar.localDate(of: item.deadline).month
                if month <= lateness.count { lateness[month - 1] += 1 }
            }
        }
        let catalog = points.context.configuration.catalog
        let lines = catalog.lineOrder.compactMap { line in
            tallies[line].map {
                PortraitModel.LineDuties(line: line, title: catalog.lines[line]?.title ?? line, tally: $0)
            }
        }
        let entries = try points.database.pointsEntries(branch: points.branch.id, person: personID, year: year)
        let bands = (1...end.month).map { month -> PortraitModel.MonthBand in
            let monthEnd = LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))!
            let score = IntegrityScore.of(
                entries: entries.filter { $0.day <= monthEnd }, level: .person, year: year, table: points.table)
            return PortraitModel.MonthBand(month: month, band: score.band)
        }
        let model = PortraitModel(
            person: personID, name: points.name(personID), branch: points.branch.id,
            branchName: points.branch.name, year: year, lines: lines, latenessByMonth: lateness, entries: entries,
            bands: bands,
            baseline: points.table.version(on: start)?.baseline[.person] ?? points.table.versions.first?.baseline[
                .person] ?? 0)
        print(PortraitRendering.html(model))
    }
}
