import Foundation
import GridConfig
import GridCore
import GridStore

/// Gathers a branch's month for ``MonthlyFigures``: the configuration and the database
/// brought up to now, the month's items and escalations in one read, and the ledger as of
/// the month's last day (or today, when the month is not over).
enum MonthlyReportSource {
    static func figures(
        _ global: GlobalOptions, branch branchID: String?, year: Int, month: Int,
        integrity: [IntegrityStanding] = []
    ) throws -> MonthlyFigures {
        let context = try CommandContext.load(global, branchID: branchID, materialize: .selected)
        let configuration = context.configuration
        if branchID == nil, configuration.branches.count > 1 {
            throw CLIError(
                "--month: which branch? add --branch (one of \(configuration.branches.map(\.id).joined(separator: ", ")))"
            )
        }
        let branch = context.branch
        let calendar = branch.calendar
        guard let first = LocalDate(year: year, month: month, day: 1) else {
            throw CLIError("--month: \(year)-\(month) is not a month GridDuty can count")
        }
        let today = calendar.localDate(of: context.now)
        guard first <= today else {
            throw CLIError("--month: \(year)-\(month < 10 ? "0" : "")\(month) has not begun (today is \(today))")
        }
        let last = first.adding(days: LocalDate.daysIn(month: month, year: year) - 1)
        let records = try context.database.monthlyRecords(
            branch: branch.id,
            deadlines: calendar.instant(
                first, secondsSinceMidnight: 0)..<calendar.instant(last.adding(days: 1), secondsSinceMidnight: 0),
            alertDays: first...last)
        let ledgerDay = min(last, today)
        let stored = try context.database.ledger(branch: branch.id, asOfEndOf: ledgerDay)
        let ledger =
            stored.findings.isEmpty
            ? nil
            : LedgerFigures(
                branches: [BranchLedger(branch: branch.id, ledger: stored, calendar: calendar)], asOf: ledgerDay)
        // Integrity standings as of the month's end (or today), from the points store.
        let standings =
            integrity.isEmpty
            ? try PointsStandings.of(
                branch: branch, on: ledgerDay, table: configuration.integrity, database: context.database)
            : integrity
        return MonthlyFigures(
            branch: branch, year: year, month: month, now: context.now, occurrences: records.occurrences,
            alerts: records.escalations, lineTitles: configuration.catalog.lines.mapValues(\.title), ledger: ledger,
            integrity: standings)
    }

    static func render(
        _ global: GlobalOptions, branch: String?, year: Int, month: Int, format: MonthlyReportRendering.Format
    ) throws -> String {
        try MonthlyReportRendering.render(figures(global, branch: branch, year: year, month: month), format: format)
    }
}
