import Foundation
import GridCore
import GridSheets

/// Reads a bank's rectification ledger, an `.xlsx` workbook or a folder of CSV files
/// (问题清单.csv, 任务清单.csv, optionally 责任清单.csv), into a draft checked for form. Every
/// problem is reported, each at its cell; nothing is half read.
public struct LedgerWorkbookReader: Sendable {
    public var limits: ReadLimits

    public init(limits: ReadLimits = ReadLimits()) {
        self.limits = limits
    }

    /// How far down a bank's title rows may push the header (the row naming 问题编号).
    public static let headerSearchRows = 10

    public func read(contentsOf url: URL) throws(LedgerReadFailure) -> LedgerDraft {
        let file = url.lastPathComponent
        let (workbook, fromCSV) = try load(url)
        var issues: [LedgerIssue] = []
        func table(_ name: String, _ required: [String]) -> LoadedTable? {
            self.table(name, required, workbook, file: file, fromCSV: fromCSV, &issues)
        }
        let findingsSheet = table(LedgerColumns.findingsSheet, LedgerColumns.findingsRequired)
        let measuresSheet = table(LedgerColumns.measuresSheet, LedgerColumns.measuresRequired)
        var dutiesSheet: LoadedTable? = nil
        if workbook[sheetNamed: LedgerColumns.dutiesSheet] != nil {
            dutiesSheet = table(LedgerColumns.dutiesSheet, LedgerColumns.dutiesRequired)
        }
        var reading = SheetRowsReader(fromCSV: fromCSV)
        if let findingsSheet { reading.readFindings(findingsSheet) }
        if let measuresSheet { reading.readMeasures(measuresSheet, findingsKnown: findingsSheet != nil) }
        if let dutiesSheet, findingsSheet != nil, measuresSheet != nil { reading.checkDuties(dutiesSheet) }
        issues += reading.issues
        var headers: [String: [String]] = [:]
        for loaded in [findingsSheet, measuresSheet, dutiesSheet].compactMap({ $0 }) {
            headers[loaded.table.sheet] = loaded.table.header
        }
        let draft = LedgerDraft(
            findings: reading.findings, measures: reading.measures, headers: headers,
            listedFindings: reading.listedFindings)
        guard issues.isEmpty else {
            throw LedgerReadFailure(
                issues: issues, readable: findingsSheet != nil && measuresSheet != nil ? draft : nil)
        }
        return draft
    }

    /// The workbook or CSV folder, or why it cannot be read.
    private func load(_ url: URL) throws(LedgerReadFailure) -> (Workbook, fromCSV: Bool) {
        let file = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw LedgerReadFailure(issues: [LedgerIssue(file: file, problem: "does not exist")])
        }
        do {
            if isDirectory.boolValue { return (try CSV.workbook(inFolder: url), true) }
            let names: Set = [LedgerColumns.findingsSheet, LedgerColumns.measuresSheet, LedgerColumns.dutiesSheet]
            return (try XLSXReader(limits: limits).read(contentsOf: url, sheetsNamed: names), false)
        } catch {
            throw LedgerReadFailure(issues: [Self.issue(error)])
        }
    }

    /// A sheet's table under the first row (of the first ten) that names 问题编号, or nil with
    /// the issues that keep it from being read.
    private func table(
        _ name: String, _ required: [String], _ workbook: Workbook, file: String, fromCSV: Bool,
        _ issues: inout [LedgerIssue]
    ) -> LoadedTable? {
        guard let sheet = workbook[sheetNamed: name] else {
            let what = fromCSV ? "the file '\(name).csv'" : "the sheet '\(name)'"
            issues.append(LedgerIssue(file: file, problem: "\(what) is missing"))
            return nil
        }
        let header = sheet.rows.first { row in
            row.number <= Self.headerSearchRows
                && row.cells.contains {
                    $0.value.description.trimmingCharacters(in: .whitespacesAndNewlines) == LedgerColumns.number
                }
        }
        guard let header else {
            issues.append(
                LedgerIssue(
                    place: SheetPlace(sheet: name, row: 1), file: file,
                    problem:
                        "no header row: none of the first \(Self.headerSearchRows) rows names the column '\(LedgerColumns.number)'"
                ))
            return nil
        }
        do {
            let table = try sheet.table(headerRow: header.number, file: file)
            try table.require(required, file: file)
            return LoadedTable(table: table, uncalculated: Set(sheet.formulasWithoutValue))
        } catch {
            issues.append(Self.issue(error))
            return nil
        }
    }

    /// A GridSheets error as a ledger issue: at its cell when it has one, else of the file.
    static func issue(_ error: SheetsError) -> LedgerIssue {
        if let sheet = error.sheet, let row = error.row {
            return LedgerIssue(
                place: SheetPlace(sheet: sheet, row: row, column: error.column), file: error.file,
                problem: error.problem)
        }
        let place = error.place
        return LedgerIssue(file: error.file, problem: place.isEmpty ? error.problem : "\(place): \(error.problem)")
    }
}

/// A sheet read as a table, with the cells whose formula nobody calculated.
struct LoadedTable {
    var table: Table
    var uncalculated: Set<CellReference>
}
