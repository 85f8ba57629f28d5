import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridLedgerFiles
import GridStore

/// `gridduty-dev ledgers`: fills every branch's rectification ledger of a generated bank,
/// in process, through the store's `applyLedger` (one write per branch, as one import
/// would make), for the ledger's benchmarks; or writes one branch's ledger as a workbook,
/// without storing it, so that importing it can be timed.
struct Ledgers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledgers",
        abstract: "Fill every branch's ledger of a generated bank, or write one branch's as a workbook (benchmarks).",
        discussion: """
            Each branch gets one inspection with --findings findings, each with --measures measures: leaders and \
            owners from the branch's staff, deadlines on its business days through the end of the year, most \
            measures past their deadline done and some ahead of it, about one in five long ones with a milestone, one \
            in ten with a rule. Deterministic from --seed and the branch's id. The database must already know the \
            branches (materialise first, e.g. `gridctl report --now ...`).
            """)

    @Option(name: .customLong("config"), help: ArgumentHelp("The schedules directory.", valueName: "dir"))
    var directory: String
    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite database file.", valueName: "path"))
    var databasePath: String?
    @Option(help: ArgumentHelp("The instant the ledgers are written at, as gridctl's --now.", valueName: "time"))
    var now: String?
    @Option(help: "Seed of the generator: the same seed writes the same ledgers.") var seed: UInt64 = 1
    @Option(help: "Findings per branch.") var findings: Int = 10
    @Option(help: "Measures per finding.") var measures: Int = 3
    @Option(help: ArgumentHelp("A branch left without a ledger (repeatable).", valueName: "branch"))
    var skip: [String] = []
    @Option(
        help: ArgumentHelp("Write this branch's ledger to a workbook (.xlsx, else a CSV folder).", valueName: "path"))
    var workbook: String?
    @Option(help: "The branch whose workbook --workbook writes.") var branch: String?

    func validate() throws {
        guard (1...999).contains(findings) else { throw ValidationError("--findings: expected 1 to 999") }
        guard (1...99).contains(measures) else { throw ValidationError("--measures: expected 1 to 99") }
        if workbook != nil {
            guard branch != nil else { throw ValidationError("--workbook needs --branch") }
        } else {
            guard databasePath != nil else { throw ValidationError("--db is needed to fill the ledgers") }
            guard branch == nil else { throw ValidationError("--branch is for --workbook only") }
        }
    }

    func run() throws {
        if let workbook, let branch {
            try writeWorkbook(branch: branch, to: workbook)
        } else if let databasePath {
            try fill(databasePath)
        }
    }

    private func writeWorkbook(branch id: String, to path: String) throws {
        // The generator's file of the branch alone, or the whole bank if it is elsewhere.
        var configuration = try load(branchFiles: ["\(id).yaml"])
        if configuration?.branch(id) == nil { configuration = try load(branchFiles: nil) }
        guard let branch = configuration?.branch(id) else { throw DevToolError("unknown branch '\(id)'") }
        let ledger = try synthetic(branch, at: instant(in: branch.calendar)).ledger()
        let writer = LedgerWorkbookWriter()
        let book = writer.workbook(for: ledger, person: LedgerPeople(branch: branch).written)
        do {
            if path.lowercased().hasSuffix(".xlsx") {
                try writer.writeXLSX(book, to: URL(fileURLWithPath: path))
            } else {
                try writer.writeCSV(book, toFolder: URL(fileURLWithPath: path))
            }
        } catch {
            throw DevToolError("cannot write \(path): \(error)")
        }
        print(
            "wrote the ledger of branch '\(id)' to \(path): \(ledger.findings.count) findings, \(ledger.measures.count) measures"
        )
    }

    private func fill(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DevToolError("\(path) does not exist; create and materialise the bank's database first")
        }
        let clock = ContinuousClock()
        let started = clock.now
        guard let configuration = try load(branchFiles: nil) else { return }
        let loaded = clock.now
        let catalog = configuration.catalog
        guard let measureDuty = catalog.duty(catalog.ledger.measureDuty),
            let milestoneDuty = catalog.duty(catalog.ledger.milestoneDuty)
        else {
            throw DevToolError("the catalog lacks the duties policy.yaml's ledger names")
        }
        let unknown = Set(skip).subtracting(configuration.branches.map(\.id))
        guard unknown.isEmpty else { throw DevToolError("--skip: unknown branch '\(unknown.sorted()[0])'") }
        let database = try GridDatabase(path: path, mode: .command)
        var totals = (ledgers: 0, findings: 0, measures: 0, done: 0, milestones: 0, rules: 0)
        for branch in configuration.branches where !skip.contains(branch.id) {
            let instant = try self.instant(in: branch.calendar)
            let generated = synthetic(branch, at: instant)
            let changes = generated.changes()
            let write = LedgerWrite(
                branch: branch.id, changes: changes, day: generated.today, at: instant, actor: nil,
                attribution: Attribution(login: "gridduty-dev", actor: nil, enteredAt: instant),
                items: LedgerItems(branch: branch, measureDuty: measureDuty, milestoneDuty: milestoneDuty),
                detail: "synthetic ledger")
            let ledger: Ledger
            do {
                ledger = try database.applyLedger(write)
            } catch {
                throw DevToolError("branch '\(branch.id)': \(error)")
            }
            totals.ledgers += 1
            totals.findings += ledger.findings.count
            totals.measures += ledger.measures.count
            totals.done += ledger.measures.filter { $0.done != nil }.count
            totals.milestones += ledger.measures.filter { !$0.milestones.isEmpty }.count
            totals.rules += ledger.measures.filter { $0.rule != nil }.count
        }
        let finished = clock.now
        func seconds(_ duration: Duration) -> String {
            String(
                format: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }
        let skipped = skip.isEmpty ? "" : " (left empty: \(skip.joined(separator: ", ")))"
        print(
            "filled \(totals.ledgers) ledgers\(skipped): \(totals.findings) findings, \(totals.measures) measures "
                + "(\(totals.done) done, \(totals.milestones) with a milestone, \(totals.rules) with a rule) "
                + "in \(seconds(finished - loaded)), after loading the configuration in \(seconds(loaded - started)); "
                + "seed \(seed)")
    }

    private func synthetic(_ branch: Branch, at instant: Date) -> SyntheticLedger {
        SyntheticLedger(
            branch: branch, seed: seed, today: branch.calendar.localDate(of: instant), findings: findings,
            measuresPerFinding: measures)
    }

    private func load(branchFiles: [String]?) throws -> Configuration? {
        do {
            return try ConfigLoader(directory: directory).load(branchFiles: branchFiles)
        } catch {
            if branchFiles != nil { return nil }
            throw DevToolError("invalid configuration in \(directory):\n\(error.description)")
        }
    }

    private func instant(in calendar: BusinessCalendar) throws -> Date {
        guard let now else { return Date() }
        guard let parsed = InstantText.parse(now) else { throw DevToolError("--now: '\(now)' is not a valid time") }
        return parsed.instant(in: calendar)
    }
}
