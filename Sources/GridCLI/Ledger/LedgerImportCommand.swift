import ArgumentParser
import Foundation
import GridCore
import GridLedgerFiles

/// `gridctl ledger import`: a branch's workbook (问题清单, 任务清单, 责任清单) into its ledger,
/// all or nothing, as a diff against what the ledger already says.
struct LedgerImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the ledger from a workbook (.xlsx) or a folder of CSV files, all or nothing.",
        discussion: """
            Sheets 问题清单 and 任务清单 (and 责任清单, checked against them), columns by header name in any order. \
            Every problem is listed as sheet:row:column and nothing is written. Importing the same workbook again \
            changes nothing; a changed deadline, owner or text is recorded as a revision by whoever imported it. \
            Nothing is ever removed: a finding or measure the workbook lacks stays in the ledger.
            """)

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The workbook (.xlsx) or the folder of CSV files.") var path: String
    @Flag(help: "Check the workbook and say what would change, writing nothing.") var dryRun = false
    @Option(help: "Who imports it, on a simulation database.") var by: String?

    func run() throws {
        var problems: [LedgerIssue] = []
        let draft: LedgerDraft
        do {
            draft = try LedgerWorkbookReader().read(contentsOf: URL(fileURLWithPath: path))
        } catch {
            problems = error.issues
            guard let readable = error.readable else { throw failure(problems) }
            draft = readable
        }
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let action = "import the ledger of branch '\(ledger.branch.id)'"
        let (actor, attribution) = try ledger.acting(by: by, action: action)
        try ledger.requireKeeper(actor, login: attribution.login, action: action)
        // The rows that read are checked against the branch too, so one run lists every problem.
        let plan = LedgerImport.plan(draft: draft, into: ledger.ledger, branch: ledger.branch, today: ledger.today)
        let reported = Set(problems.compactMap { $0.place.map { "\($0.sheet):\($0.row)" } })
        problems += plan.issues.filter { issue in
            issue.place.map { !reported.contains("\($0.sheet):\($0.row)") } ?? true
        }
        guard problems.isEmpty else { throw failure(problems) }
        for note in plan.notes { Output.standardError("note: \(note)") }
        let summary = Self.summary(plan.changes)
        if dryRun {
            Output.line("\(path) would change the ledger of branch '\(ledger.branch.id)': \(summary) (nothing written)")
            return
        }
        try ledger.write(
            plan.changes, actor: actor, attribution: attribution, layout: draft.headers,
            detail: "import \((path as NSString).lastPathComponent)")
        Output.line(
            plan.changes.isEmpty
                ? "\(path): the ledger of branch '\(ledger.branch.id)' already says what the workbook says; nothing changed"
                : "imported \(path) into the ledger of branch '\(ledger.branch.id)': \(summary)")
    }

    /// Every problem on stderr, in sheet and row order, and the one-line refusal.
    private func failure(_ problems: [LedgerIssue]) -> CLIError {
        let sheets = ["问题清单", "任务清单", "责任清单"]
        let ordered = problems.enumerated().sorted { a, b in
            func key(_ issue: LedgerIssue) -> (Int, Int) {
                guard let place = issue.place else { return (-1, 0) }
                return (sheets.firstIndex(of: place.sheet) ?? sheets.count, place.row)
            }
            let (x, y) = (key(a.element), key(b.element))
            return (x.0, x.1, a.offset) < (y.0, y.1, b.offset)
        }
        for (_, issue) in ordered {
            Output.standardError(issue.file == nil ? "\(path): \(issue)" : issue.description)
        }
        return CLIError("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(path); nothing was imported")
    }

    /// `1 inspection, 5 findings and 12 measures added, 6 measures done, 2 revised`.
    static func summary(_ changes: [LedgerChange]) -> String {
        func count(_ kind: String) -> Int { changes.filter { $0.kind == kind }.count }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let parts = [
            plural(count("inspection-added"), "inspection") + " added",
            plural(count("finding-added"), "finding") + " added",
            plural(count("measure-added"), "measure") + " added",
            plural(count("measure-done"), "measure") + " done",
            plural(count("finding-revised"), "finding") + " revised",
            plural(count("measure-revised"), "measure") + " revised",
        ]
        return changes.isEmpty ? "no change" : parts.filter { !$0.hasPrefix("0 ") }.joined(separator: ", ")
    }
}
