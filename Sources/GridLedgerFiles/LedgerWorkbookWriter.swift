import Foundation
import GridCore
import GridSheets

/// Writes a ledger as the workbook banks keep: 问题清单, 任务清单 and 责任清单, in the
/// branch's own column order with the columns GridDuty does not read written back. Reading
/// what it writes gives the ledger's findings and measures again.
public struct LedgerWorkbookWriter: Sendable {
    /// Each sheet's header as last imported, extra columns included.
    public var headers: [String: [String]]

    public init(headers: [String: [String]] = [:]) {
        self.headers = headers
    }

    /// The ledger as a workbook; `person` gives what to write for a staff id (a name, when
    /// it names one person only).
    public func workbook(for ledger: Ledger, person: (String) -> String) -> Workbook {
        Workbook(sheets: [findingsSheet(ledger, person), measuresSheet(ledger, person), dutiesSheet(ledger, person)])
    }

    /// Writes the workbook as an `.xlsx` file, replacing it whole.
    public func writeXLSX(_ workbook: Workbook, to url: URL) throws {
        try XLSXWriter().write(workbook, to: url)
    }

    /// Writes each sheet as `<sheet>.csv` in the folder, UTF-8 with a byte order mark as
    /// Excel saves it; dates as `YYYY-MM-DD`, and text a spreadsheet would run as a formula
    /// after an apostrophe.
    public func writeCSV(_ workbook: Workbook, toFolder url: URL) throws {
        var csv = workbook
        for index in csv.sheets.indices {
            csv.sheets[index].rows = csv.sheets[index].rows.map { row in
                Row(
                    number: row.number,
                    cells: row.cells.map { cell in
                        switch cell.value {
                        case .text(let text): Cell(column: cell.column, value: .text(CSVFormulaGuard.guarded(text)))
                        default: Cell(column: cell.column, value: .text(cell.value.description))
                        }
                    })
            }
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try CSV.write(csv, toFolder: url)
    }

    private func findingsSheet(_ ledger: Ledger, _ person: (String) -> String) -> Sheet {
        typealias C = LedgerColumns
        var known = C.findingsRequired
        if ledger.findings.contains(where: { $0.finding.repeats != nil }) { known.append(C.repeats) }
        known += [C.state, C.closedOn]
        let records = ledger.findings.map { record -> [String: CellValue] in
            let finding = record.finding
            var cells: [String: CellValue] = finding.extra.mapValues { .text($0) }
            cells[C.number] = .text(finding.number)
            cells[C.inspection] = .text(finding.inspection)
            cells[C.kind] = ledger.inspection(finding.inspection).map { .text($0.kind.rawValue) }
            cells[C.text] = .text(finding.text)
            cells[C.category] = finding.category.map { .text($0) }
            cells[C.leader] = .text(person(finding.leader))
            cells[C.department] = finding.department.map { .text($0) }
            cells[C.found] = .date(LedgerDateText.instant(finding.found))
            cells[C.repeats] = finding.repeats.map { .text($0) }
            cells[C.state] = .text(record.state.chinese)
            cells[C.closedOn] = record.closedOn.map { .date(LedgerDateText.instant($0)) }
            return cells
        }
        let extra = ledger.findings.flatMap { $0.finding.extra.keys }
        return sheet(C.findingsSheet, known: known, extra: extra, records: records)
    }

    private func measuresSheet(_ ledger: Ledger, _ person: (String) -> String) -> Sheet {
        typealias C = LedgerColumns
        let records = ledger.measures.map { measure -> [String: CellValue] in
            var cells: [String: CellValue] = measure.extra.mapValues { .text($0) }
            cells[C.number] = .text(measure.id.finding)
            cells[C.measure] = .text(measure.id.number)
            cells[C.measureText] = .text(measure.text)
            cells[C.owner] = .text(person(measure.owner))
            cells[C.deadline] = .date(LedgerDateText.instant(measure.deadline))
            let milestones = measure.milestones.map { "\($0.date) \($0.text)" }.joined(separator: "\n")
            cells[C.milestones] = milestones.isEmpty ? nil : .text(milestones)
            cells[C.progress] = .text(measure.done == nil ? C.notDone : C.done)
            cells[C.doneOn] = measure.done.map { .date(LedgerDateText.instant($0.date)) }
            cells[C.rule] = measure.rule.map { .text($0.text) }
            if let done = measure.done { cells[C.evidence] = done.evidence.map { .text($0) } }
            return cells
        }
        let extra = ledger.measures.flatMap { $0.extra.keys }
        return sheet(C.measuresSheet, known: C.measuresKnown, extra: extra, records: records)
    }

    private func dutiesSheet(_ ledger: Ledger, _ person: (String) -> String) -> Sheet {
        typealias C = LedgerColumns
        // Grouped once: a branch's ledger runs to thousands of findings.
        let measuresByFinding = Dictionary(grouping: ledger.measures, by: \.id.finding)
        let records = ledger.findings.map { record -> [String: CellValue] in
            let finding = record.finding
            var owners: [String] = []
            for measure in measuresByFinding[finding.number] ?? [] where !owners.contains(person(measure.owner)) {
                owners.append(person(measure.owner))
            }
            var cells: [String: CellValue] = [:]
            cells[C.number] = .text(finding.number)
            cells[C.text] = .text(finding.text)
            cells[C.leader] = .text(person(finding.leader))
            cells[C.department] = finding.department.map { .text($0) }
            cells[C.owner] = owners.isEmpty ? nil : .text(owners.joined(separator: "、"))
            return cells
        }
        return sheet(C.dutiesSheet, known: C.dutiesKnown, extra: [], records: records)
    }

    /// A sheet whose columns are the remembered header, then the known columns it lacks, then
    /// extra columns no header remembers (by name); one row per record under the header.
    private func sheet(_ name: String, known: [String], extra: [String], records: [[String: CellValue]]) -> Sheet {
        var columns = headers[name] ?? []
        for header in known + Set(extra).sorted() where !columns.contains(header) { columns.append(header) }
        var rows = [Row(number: 1, cells: columns.enumerated().map { Cell(column: $0 + 1, value: .text($1)) })]
        for (index, record) in records.enumerated() {
            let cells = columns.enumerated().compactMap { column, header in
                record[header].map { Cell(column: column + 1, value: $0) }
            }
            rows.append(Row(number: index + 2, cells: cells))
        }
        return Sheet(name: name, rows: rows)
    }
}
