/// Why a workbook or CSV folder could not be read or written, and where: the file, then the sheet,
/// row and column (as `B7`) when the problem has a place.
public struct SheetsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var sheet: String?
    public var row: Int?
    public var column: Int?
    public var problem: String

    public init(file: String, sheet: String? = nil, row: Int? = nil, column: Int? = nil, problem: String) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.problem = problem
    }

    /// The place as `sheet 'Name' B7`, `sheet 'Name' row 7`, or `sheet 'Name'`; empty without a sheet.
    public var place: String {
        var parts: [String] = []
        if let sheet { parts.append("sheet '\(escapedForDisplay(sheet))'") }
        switch (row, column) {
        case let (row?, column?): parts.append(CellReference(column: column, row: row).description)
        case let (row?, nil): parts.append("row \(row)")
        case let (nil, column?): parts.append("column \(CellReference.columnName(column))")
        case (nil, nil): break
        }
        return parts.joined(separator: " ")
    }

    public var description: String {
        let place = place
        return escapedForDisplay(file) + (place.isEmpty ? "" : ": " + place) + ": " + problem
    }
}

/// Text from a file made safe to print on one line of a terminal or a log: control characters,
/// line breaks and bidirectional overrides are shown as `\u{…}` escapes.
public func escapedForDisplay(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        default:
            if scalar == "\\" { out += "\\\\" } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out
}
