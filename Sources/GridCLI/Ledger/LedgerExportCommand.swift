import ArgumentParser
import Foundation
import GridCore
import GridLedgerFiles
import GridStore

/// `gridctl ledger export`: the ledger as the branch files it, with the current state.
struct LedgerExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the ledger as the branch's workbook (.xlsx) or a folder of CSV files for Excel.",
        discussion: """
            The three lists with the current state: 问题状态 and 销号日期 on 问题清单, 完成情况 and 完成日期 on 任务清单, \
            in the columns and order of the last workbook imported, its other columns written back. People by name, \
            or by staff id where two share a name. Importing the export changes nothing.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case xlsx, csv
    }

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The workbook (.xlsx) or the folder to write CSV files into.") var path: String
    @Option(help: "xlsx or csv (default: xlsx for a path ending in .xlsx, else csv).") var format: Format?

    func run() throws {
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let format = self.format ?? (path.lowercased().hasSuffix(".xlsx") ? .xlsx : .csv)
        let people = LedgerPeople(branch: ledger.branch)
        let writer = LedgerWorkbookWriter(headers: try ledger.database.ledgerLayout(branch: ledger.branch.id))
        let workbook = writer.workbook(for: ledger.ledger, person: people.written)
        let url = URL(fileURLWithPath: path)
        do {
            switch format {
            case .xlsx: try writer.writeXLSX(workbook, to: url)
            case .csv: try writer.writeCSV(workbook, toFolder: url)
            }
        } catch {
            throw CLIError("\(path): \(error)")
        }
        Output.line(
            "wrote the ledger of branch '\(ledger.branch.id)' to \(path): \(ledger.ledger.findings.count) findings, \(ledger.ledger.measures.count) measures"
        )
    }
}
