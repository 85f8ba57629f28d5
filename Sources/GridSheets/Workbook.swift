import Foundation

/// A workbook: named sheets of rows of cells, as a spreadsheet program shows them.
public struct Workbook: Sendable, Equatable {
    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// The sheet with this name, compared exactly, or `nil`.
    public subscript(sheetNamed name: String) -> Sheet? {
        sheets.first { $0.name == name }
    }
}

/// One sheet: its rows in order (empty rows absent) and the ranges its author merged.
public struct Sheet: Sendable, Equatable {
    public var name: String
    public var rows: [Row]
    /// Merged ranges: the value sits at each range's top-left cell; the other cells are empty.
    public var mergedRanges: [CellRange]
    /// Cells holding a formula that the writing program did not calculate, so no value was stored.
    public var formulasWithoutValue: [CellReference]

    public init(
        name: String, rows: [Row], mergedRanges: [CellRange] = [], formulasWithoutValue: [CellReference] = []
    ) {
        self.name = name
        self.rows = rows
        self.mergedRanges = mergedRanges
        self.formulasWithoutValue = formulasWithoutValue
    }

    /// The value at a reference, or `nil` when that cell is empty.
    public subscript(reference: CellReference) -> CellValue? {
        guard let row = rows.first(where: { $0.number == reference.row }) else { return nil }
        return row[column: reference.column]
    }

    /// This sheet with every merged range's top-left value copied into the range's other cells,
    /// as a reader of the printed table would understand it.
    public func fillingMergedRanges() -> Sheet {
        var byRow: [Int: [Int: CellValue]] = [:]
        for row in rows {
            for cell in row.cells { byRow[row.number, default: [:]][cell.column] = cell.value }
        }
        for range in mergedRanges {
            guard let value = byRow[range.start.row]?[range.start.column] else { continue }
            for rowNumber in range.start.row...range.end.row {
                for column in range.start.column...range.end.column {
                    byRow[rowNumber, default: [:]][column] = value
                }
            }
        }
        let filled = byRow.keys.sorted().map { number in
            Row(
                number: number,
                cells: byRow[number, default: [:]].sorted { $0.key < $1.key }
                    .map { Cell(column: $0.key, value: $0.value) })
        }
        return Sheet(name: name, rows: filled, mergedRanges: mergedRanges, formulasWithoutValue: formulasWithoutValue)
    }
}

/// A row that holds at least one value. `number` is the row's 1-based number in the sheet.
public struct Row: Sendable, Equatable {
    public var number: Int
    /// Non-empty cells in column order.
    public var cells: [Cell]

    public init(number: Int, cells: [Cell]) {
        self.number = number
        self.cells = cells
    }

    /// The value in a 1-based column, or `nil` when that cell is empty.
    public subscript(column column: Int) -> CellValue? {
        cells.first { $0.column == column }?.value
    }
}

/// A non-empty cell: its 1-based column and its value.
public struct Cell: Sendable, Equatable {
    public var column: Int
    public var value: CellValue

    public init(column: Int, value: CellValue) {
        self.column = column
        self.value = value
    }
}

/// What a cell holds. Dates are instants in UTC: a date-only cell is that day's midnight UTC.
public enum CellValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case number(Double)
    case bool(Bool)
    case date(Date)
    /// An error value such as `#DIV/0!` that a formula left behind.
    case error(String)

    /// The value as a person would type it: numbers without a trailing `.0`, dates `YYYY-MM-DD`
    /// (with the time when it is not midnight), booleans `TRUE`/`FALSE`.
    public var description: String {
        switch self {
        case .text(let text): text
        case .number(let number): formatNumber(number)
        case .bool(let flag): flag ? "TRUE" : "FALSE"
        case .date(let date): formatDate(date)
        case .error(let code): code
        }
    }
}

func formatNumber(_ number: Double) -> String {
    if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
    return String(number)
}

func formatDate(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    if parts.hour == 0, parts.minute == 0, parts.second == 0 { return day }
    return day + String(format: " %02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
}

/// A cell position, 1-based, written in A1 notation (`B7` is column 2, row 7).
public struct CellReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The largest sheet Excel allows: 1,048,576 rows by 16,384 columns (XFD).
    public static let maxRow = 1_048_576
    public static let maxColumn = 16_384

    public var column: Int
    public var row: Int

    public init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }

    /// Parses `B7`, `$B$7` or `xfd1048576`; `nil` for anything else or outside Excel's grid.
    public init?(_ text: some StringProtocol) {
        var column = 0
        var row = 0
        var sawLetter = false
        var sawDigit = false
        for scalar in text.unicodeScalars where scalar != "$" {
            switch scalar.value {
            case 65...90, 97...122:
                guard !sawDigit else { return nil }
                column = column * 26 + Int((scalar.value & ~0x20) - 64)
                sawLetter = true
                guard column <= Self.maxColumn else { return nil }
            case 48...57:
                guard sawLetter else { return nil }
                row = row * 10 + Int(scalar.value - 48)
                sawDigit = true
                guard row <= Self.maxRow else { return nil }
            default:
                return nil
            }
        }
        guard sawLetter, sawDigit, row >= 1 else { return nil }
        self.init(column: column, row: row)
    }

    /// The column's letters: 1 → `A`, 27 → `AA`.
    public static func columnName(_ column: Int) -> String {
        var name = ""
        var rest = column
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    public var description: String { Self.columnName(column) + String(row) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }
}

/// A rectangle of cells such as `A1:C2`, from its top-left to its bottom-right cell.
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public var start: CellReference
    public var end: CellReference

    public init(start: CellReference, end: CellReference) {
        self.start = start
        self.end = end
    }

    /// Parses `A1:C2` (either corner order) or a single cell `B3`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let first = CellReference(parts[0]),
            let second = CellReference(parts[parts.count - 1])
        else { return nil }
        start = CellReference(column: min(first.column, second.column), row: min(first.row, second.row))
        end = CellReference(column: max(first.column, second.column), row: max(first.row, second.row))
    }

    public func contains(_ reference: CellReference) -> Bool {
        (start.row...end.row).contains(reference.row) && (start.column...end.column).contains(reference.column)
    }

    public var description: String { start == end ? "\(start)" : "\(start):\(end)" }
}
