import Foundation

/// A sheet read as a table: a header row naming the columns, then one record per non-empty row.
/// Columns are found by header name, whatever their order.
public struct Table: Sendable, Equatable {
    public var sheet: String
    public var headerRow: Int
    /// Header names in column order (leading and trailing spaces and line breaks removed).
    public var header: [String]
    /// The 1-based column of each header name.
    public var columns: [String: Int]
    public var records: [Record]

    /// The header names that `names` lacks, in column order: what a caller keeps and writes back.
    public func columns(notIn names: Set<String>) -> [String] {
        header.filter { !names.contains($0) }
    }

    /// Fails, naming the sheet and header row, when any of these columns is missing.
    public func require(_ names: [String], file: String) throws(SheetsError) {
        let missing = names.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw SheetsError(
                file: file, sheet: sheet, row: headerRow,
                problem: "the header lacks the column" + (missing.count == 1 ? " " : "s ")
                    + missing.map { "'\(escapedForDisplay($0))'" }.joined(separator: ", "))
        }
    }
}

/// One row under the header.
public struct Record: Sendable, Equatable {
    /// The row's 1-based number in the sheet, for messages.
    public var row: Int
    public var values: [Int: CellValue]
    var columns: [String: Int]

    /// The value under a header name, or `nil` when the cell is empty or there is no such column.
    public subscript(name: String) -> CellValue? {
        columns[name].flatMap { values[$0] }
    }

    /// The column (1-based) of a header name, to name a cell in a message.
    public func column(of name: String) -> Int? { columns[name] }
}

extension Sheet {
    /// Reads the sheet as a table whose header is `headerRow`, or the first non-empty row. Header
    /// cells that are empty are ignored with their column; two columns with one name are an error.
    /// Merged ranges are filled first, so a value merged down several rows belongs to each.
    public func table(headerRow: Int? = nil, file: String) throws(SheetsError) -> Table {
        let sheet = mergedRanges.isEmpty ? self : fillingMergedRanges()
        guard let header = headerRow.flatMap({ number in sheet.rows.first { $0.number == number } }) ?? sheet.rows.first
        else {
            throw SheetsError(file: file, sheet: name, row: headerRow, problem: "the sheet has no header row")
        }
        var names: [String] = []
        var columns: [String: Int] = [:]
        for cell in header.cells {
            let title = cell.value.description.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !title.isEmpty else { continue }
            if let earlier = columns[title] {
                throw SheetsError(
                    file: file, sheet: name, row: header.number, column: cell.column,
                    problem:
                        "column '\(escapedForDisplay(title))' is named twice (also \(CellReference(column: earlier, row: header.number)))"
                )
            }
            columns[title] = cell.column
            names.append(title)
        }
        let records = sheet.rows.filter { $0.number > header.number }.map { row in
            Record(
                row: row.number, values: Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value) }),
                columns: columns)
        }
        return Table(sheet: name, headerRow: header.number, header: names, columns: columns, records: records)
    }
}
