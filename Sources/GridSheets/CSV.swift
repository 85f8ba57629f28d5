import Foundation

/// Reads and writes sheets as CSV files the way Excel saves "CSV UTF-8": a byte order mark, commas,
/// CRLF line ends, and fields quoted when they hold a comma, a quote or a line break.
///
/// Every CSV value is text; a row with no value at all is skipped, as in a workbook.
public enum CSV {
    /// Reads one CSV document as a sheet. UTF-8 with or without a byte order mark; CRLF, LF or
    /// CR line ends; quoted fields may hold line breaks and doubled quotes.
    public static func sheet(named name: String, from data: Data, file: String) throws(SheetsError) -> Sheet {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw SheetsError(file: file, problem: "is UTF-16; save it as \"CSV UTF-8\"")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = lineOfFirstInvalidByte(bytes)
            throw SheetsError(
                file: file, sheet: name, row: line,
                problem:
                    "is not UTF-8 (perhaps GBK, as Excel's plain \"CSV\" saves on Chinese Windows); save it as \"CSV UTF-8\""
            )
        }
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var recordNumber = 1
        var line = 1
        var recordStartLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            field = ""
            let cells = fields.enumerated().compactMap { index, value in
                value.isEmpty ? nil : Cell(column: index + 1, value: .text(value))
            }
            if !cells.isEmpty { rows.append(Row(number: recordNumber, cells: cells)) }
            fields = []
            recordNumber += 1
            afterQuote = false
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                switch scalar {
                case "\"":
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        afterQuote = true
                        pending = next
                    }
                case "\r":
                    let next = iterator.next()
                    line += 1
                    field.unicodeScalars.append("\r")
                    if next == "\n" { field.unicodeScalars.append("\n") } else { pending = next }
                case "\n":
                    line += 1
                    field.unicodeScalars.append(scalar)
                default:
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r", "\n":
                if scalar == "\r" {
                    let next = iterator.next()
                    if next != "\n" { pending = next }
                }
                endRecord()
                line += 1
                recordStartLine = line
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            default:
                if afterQuote {
                    throw SheetsError(
                        file: file, sheet: name, row: recordNumber, column: fields.count + 1,
                        problem:
                            "text follows a closing quote (line \(line)); a quote inside a quoted field is written twice"
                    )
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted {
            throw SheetsError(
                file: file, sheet: name, row: recordNumber, column: fields.count + 1,
                problem: "a quoted field opened on line \(recordStartLine) is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        return Sheet(name: name, rows: rows)
    }

    /// Reads every `*.csv` file of a folder as a sheet named after the file (without `.csv`), in
    /// name order. Files larger than `maxFileBytes` are refused.
    public static func workbook(inFolder folder: URL, maxFileBytes: Int = 64 << 20) throws(SheetsError) -> Workbook {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw SheetsError(file: folder.lastPathComponent, problem: "is not a readable folder")
        }
        var sheets: [Sheet] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            let sheetName = String(name.dropLast(4))
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            guard size <= maxFileBytes else {
                throw SheetsError(file: name, problem: "is \(size) bytes, over the limit of \(maxFileBytes)")
            }
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw SheetsError(file: name, problem: "cannot be read")
            }
            sheets.append(try sheet(named: sheetName, from: data, file: name))
        }
        return Workbook(sheets: sheets)
    }

    /// The sheet as CSV: BOM, CRLF, empty cells as empty fields; rows missing from the sheet are
    /// written as empty lines so that row numbers stay those of the sheet.
    public static func data(for sheet: Sheet) -> Data {
        var out = "\u{FEFF}"
        var nextRow = 1
        for row in sheet.rows {
            while nextRow < row.number {
                out += "\r\n"
                nextRow += 1
            }
            var column = 1
            var fields: [String] = []
            for cell in row.cells {
                while column < cell.column {
                    fields.append("")
                    column += 1
                }
                fields.append(quote(cell.value.description))
                column += 1
            }
            out += fields.joined(separator: ",") + "\r\n"
            nextRow += 1
        }
        return Data(out.utf8)
    }

    /// Writes each sheet to `<folder>/<sheet name>.csv`; each file is replaced whole.
    public static func write(_ workbook: Workbook, toFolder folder: URL) throws(SheetsError) {
        for sheet in workbook.sheets {
            guard !sheet.name.isEmpty, !sheet.name.contains("/"), sheet.name != ".", sheet.name != ".." else {
                throw SheetsError(file: folder.lastPathComponent, sheet: sheet.name, problem: "cannot be a file name")
            }
            let url = folder.appendingPathComponent(sheet.name + ".csv")
            do {
                try data(for: sheet).write(to: url, options: .atomic)
            } catch {
                throw SheetsError(file: url.lastPathComponent, problem: "could not be written")
            }
        }
    }

    private static func quote(_ text: String) -> String {
        guard
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                || text.first == " " || text.last == " "
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The line holding the first byte that is not UTF-8, in one pass.
    private static func lineOfFirstInvalidByte(_ bytes: Data.SubSequence) -> Int {
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return line
            case .error: return line
            }
        }
    }
}
