import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl ledger report`: the progress report the rectification reports print, for a
/// branch or the bank, now, as of a day, or as frozen for a month.
struct LedgerReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the ledger's progress: findings closed, measures done and overdue, rules, recurrences.",
        discussion: """
            The seed's sentence with the figures, then a table per responsible leader and per department, then every \
            overdue measure with its owner and business days overdue. --as-of YYYY-MM-DD gives the ledger as the \
            record stood at the end of that day; --as-of YYYY-MM reads the month's frozen snapshot (stored when \
            每月更新整改台账 is done) and shows the change since the month before.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The branch (default: the only one, else every branch with a ledger).") var branch: String?
    @Option(help: "Only this inspection's findings.") var inspection: String?
    @Option(help: ArgumentHelp("A day (YYYY-MM-DD) or a month's snapshot (YYYY-MM).", valueName: "date"))
    var asOf: String?
    @Option(help: "table, md, json, csv or excel-csv.") var format: LedgerReportRendering.Format = .table

    /// A month written `YYYY-MM`.
    static func month(_ text: String) -> (year: Int, month: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        return (year, month)
    }

    func validate() throws {
        if let asOf, LocalDate(iso: asOf) == nil, Self.month(asOf) == nil {
            throw ValidationError("--as-of: '\(asOf)' is neither a day (YYYY-MM-DD) nor a month (YYYY-MM)")
        }
    }

    func run() throws {
        if branch == nil, asOf == nil, let bank = try storedBank() {
            return try print(bank.figures, change: bank.change, name: bank.name)
        }
        let context = try CommandContext.load(global, branchID: branch, materialize: .none)
        let database = context.database
        let configuration = context.configuration
        let branches: [Branch] =
            branch != nil || configuration.branches.count == 1 ? [context.branch] : configuration.branches
        let today = context.branch.calendar.localDate(of: context.now)
        var ledgers: [BranchLedger] = []
        var previous: [BranchLedger] = []
        var asOfDay = today
        var compared: LocalDate?
        if let asOf, let (year, month) = Self.month(asOf) {
            let first = LocalDate(year: year, month: month, day: 1)!
            let earlier = first.adding(months: -1)
            let earlierKey = String(format: "%04d-%02d", earlier.year, earlier.month)
            var missing: [String] = []
            for b in branches {
                guard let frozen = try database.ledgerSnapshot(branch: b.id, month: asOf) else {
                    if try !database.ledger(branch: b.id).findings.isEmpty { missing.append(b.id) }
                    continue
                }
                asOfDay = b.calendar.localDate(of: frozen.takenAt)
                ledgers.append(BranchLedger(branch: b.id, ledger: frozen.ledger, calendar: b.calendar))
                if let before = try database.ledgerSnapshot(branch: b.id, month: earlierKey) {
                    previous.append(BranchLedger(branch: b.id, ledger: before.ledger, calendar: b.calendar))
                    compared = b.calendar.localDate(of: before.takenAt)
                }
            }
            guard missing.isEmpty else {
                throw CLIError(
                    "no snapshot of \(asOf) for branch\(missing.count == 1 ? "" : "es") \(missing.joined(separator: ", ")): it is stored when that month's 每月更新整改台账 (\(configuration.catalog.ledger.updateDuty)) is done"
                )
            }
        } else if let asOf, let day = LocalDate(iso: asOf) {
            guard day <= today else { throw CLIError("--as-of: \(day) is after today (\(today))") }
            asOfDay = day
            for b in branches {
                let ledger = try database.ledger(branch: b.id, asOfEndOf: day)
                if !ledger.findings.isEmpty {
                    ledgers.append(BranchLedger(branch: b.id, ledger: ledger, calendar: b.calendar))
                }
            }
        } else {
            let stored =
                branches.count == 1
                ? [(branch: branches[0].id, ledger: try database.ledger(branch: branches[0].id))]
                : try database.ledgers()
            for (key, ledger) in stored {
                guard let b = configuration.branch(key) else { continue }
                ledgers.append(BranchLedger(branch: key, ledger: ledger, calendar: b.calendar))
                // The change since the month's snapshot, or the one before it.
                let months = try database.ledgerSnapshotMonths(branch: key)
                if let last = months.last, let frozen = try database.ledgerSnapshot(branch: key, month: last) {
                    previous.append(BranchLedger(branch: key, ledger: frozen.ledger, calendar: b.calendar))
                    compared = b.calendar.localDate(of: frozen.takenAt)
                }
            }
        }
        let figures = LedgerFigures(branches: ledgers, asOf: asOfDay, inspection: inspection)
        let change = compared.map { LedgerFigures(branches: previous, asOf: $0, inspection: inspection) }.map {
            figures.change(since: $0)
        }
        try print(figures, change: change) { branch, id in configuration.branch(branch)?.displayName(id) ?? id }
    }

    private func print(
        _ figures: LedgerFigures, change: LedgerFigures.Change?, name: (String, String) -> String
    ) throws {
        let text = try LedgerReportRendering.render(figures, change: change, format: format, name: name)
        if format == .excelCSV {
            Swift.print(text, terminator: "")
        } else {
            Swift.print(text)
        }
    }

    /// The bank's report from the database alone, when every branch file is as the database
    /// last read it and materialised through today (`StoredContext.openBank`): calendars from
    /// the stored descriptions and calendars/, names from the stored rosters. At 20,000
    /// branches reading every branch file would take twenty seconds. Nil: take the full path.
    private func storedBank() throws -> (
        figures: LedgerFigures, change: LedgerFigures.Change?, name: (String, String) -> String
    )? {
        guard
            let bank = StoredContext.openBank(global, alongside: { database, _ in try database.reportLedgers() }),
            let nationals = try? ConfigLoader(directory: global.config).nationalCalendars()
        else { return nil }
        var ledgers: [BranchLedger] = []
        var previous: [BranchLedger] = []
        var compared: LocalDate?
        let database = bank.context.database
        for stored in bank.result {
            guard let calendar = stored.calendar?.calendar(nationals: nationals) else { return nil }
            ledgers.append(BranchLedger(branch: stored.branch, ledger: stored.ledger, calendar: calendar))
            if let last = try database.ledgerSnapshotMonths(branch: stored.branch).last,
                let frozen = try database.ledgerSnapshot(branch: stored.branch, month: last)
            {
                previous.append(BranchLedger(branch: stored.branch, ledger: frozen.ledger, calendar: calendar))
                compared = calendar.localDate(of: frozen.takenAt)
            }
        }
        let figures = LedgerFigures(branches: ledgers, asOf: bank.context.today, inspection: inspection)
        let change = compared.map {
            figures.change(since: LedgerFigures(branches: previous, asOf: $0, inspection: inspection))
        }
        let names = try database.personNames(branches: Set(ledgers.map(\.branch)))
        return (figures, change, { branch, id in names[branch]?[id] ?? id })
    }
}
