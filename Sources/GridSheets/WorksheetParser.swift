import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the shared strings part: each `<si>` is one string, plain (`<t>`) or rich text (the
/// `<t>` of every `<r>` run joined); phonetic guides (`<rPh>`) are not part of the text.
enum SharedStringsParser {
    static func parse(_ data: Data, file: String, limit: Int) throws(SheetsError) -> [String] {
        let delegate = Delegate(limit: limit)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        if !parser.parse() || delegate.malformed != nil {
            if delegate.overLimit {
                throw SheetsError(file: file, problem: "has more than \(limit) shared strings")
            }
            throw SheetsError(
                file: file,
                problem:
                    "the shared strings are not well-formed XML (\(delegate.malformed ?? "line \(parser.lineNumber)"))"
            )
        }
        return delegate.strings
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let limit: Int
        var strings: [String] = []
        var current = ""
        var inText = false
        var phoneticDepth = 0
        var overLimit = false
        var malformed: String?

        init(limit: Int) { self.limit = limit }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch localName(name) {
            case "si": current = ""
            case "t": inText = phoneticDepth == 0
            case "rPh": phoneticDepth += 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch localName(name) {
            case "si":
                guard strings.count < limit else {
                    overLimit = true
                    parser.abortParsing()
                    return
                }
                strings.append(decodeEscapes(current))
            case "t": inText = false
            case "rPh": phoneticDepth -= 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { current += string }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            malformed = "line \(parser.lineNumber): \(describe(parseError))"
            parser.abortParsing()
        }
    }
}

/// Reads one worksheet part as a stream of elements, keeping only its non-empty cells.
enum WorksheetParser {
    struct Context {
        var file: String
        var sheet: String
        var sharedStrings: [String]
        var dateStyles: [Bool]
        var dateSystem: DateSystem
        var maxCells: Int
    }

    static func parse(_ data: Data, context: Context) throws(SheetsError) -> Sheet {
        let delegate = Delegate(context: context)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            if let error = delegate.failure { throw error }
            throw SheetsError(
                file: context.file, sheet: context.sheet,
                problem: "the sheet is not well-formed XML (line \(parser.lineNumber)): \(describe(parser.parserError))"
            )
        }
        if let error = delegate.failure { throw error }
        return Sheet(
            name: context.sheet, rows: delegate.rows, mergedRanges: delegate.merged,
            formulasWithoutValue: delegate.uncalculated)
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let context: Context
        var rows: [Row] = []
        var merged: [CellRange] = []
        var uncalculated: [CellReference] = []
        var failure: SheetsError?
        var cellCount = 0
        var mergedArea = 0

        // The row being read.
        var rowNumber = 0
        var cells: [Cell] = []
        // The cell being read.
        var column = 0
        var type = "n"
        var style = 0
        var value: String?
        var inlineText: String?
        var hasFormula = false
        var text = ""
        var capturing = false
        var phoneticDepth = 0

        init(context: Context) { self.context = context }

        func fail(_ problem: String, row: Int? = nil, column: Int? = nil, _ parser: XMLParser) {
            guard failure == nil else { return }
            failure = SheetsError(
                file: context.file, sheet: context.sheet, row: row, column: column, problem: problem)
            parser.abortParsing()
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch localName(name) {
            case "row":
                let next = rowNumber + 1
                if let text = attributes["r"] {
                    guard let number = Int(text), (1...CellReference.maxRow).contains(number) else {
                        return fail(
                            "row number '\(escapedForDisplay(text))' is not a row of a sheet", row: next, parser)
                    }
                    guard number > rowNumber else {
                        return fail("row \(number) comes after row \(rowNumber); rows must ascend", row: number, parser)
                    }
                    rowNumber = number
                } else {
                    rowNumber = next
                }
                cells = []
                column = 0
            case "c":
                if let text = attributes["r"] {
                    guard let reference = CellReference(text) else {
                        return fail(
                            "cell reference '\(escapedForDisplay(text))' is not in A1 notation", row: rowNumber, parser)
                    }
                    guard reference.row == rowNumber else {
                        return fail(
                            "cell \(reference) is inside row \(rowNumber)", row: rowNumber, column: reference.column,
                            parser)
                    }
                    guard reference.column > column else {
                        return fail(
                            "cell \(reference) repeats or precedes an earlier cell of its row", row: rowNumber,
                            column: reference.column, parser)
                    }
                    column = reference.column
                } else {
                    column += 1
                    guard column <= CellReference.maxColumn else {
                        return fail("the row has more than \(CellReference.maxColumn) columns", row: rowNumber, parser)
                    }
                }
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap { Int($0) } ?? 0
                value = nil
                inlineText = nil
                hasFormula = false
            case "v":
                text = ""
                capturing = true
            case "f":
                hasFormula = true
            case "is":
                inlineText = ""
            case "t":
                if inlineText != nil, phoneticDepth == 0 {
                    text = ""
                    capturing = true
                }
            case "rPh":
                phoneticDepth += 1
            case "mergeCell":
                guard let ref = attributes["ref"], let range = CellRange(ref) else {
                    return fail(
                        "merged range '\(escapedForDisplay(attributes["ref"] ?? ""))' is not in A1:B2 notation", parser)
                }
                // Filling a merged range writes every cell of it, so the ranges count against the cell limit.
                mergedArea += (range.end.row - range.start.row + 1) * (range.end.column - range.start.column + 1)
                guard mergedArea <= context.maxCells else {
                    return fail(
                        "merged ranges up to \(range) cover more than \(context.maxCells) cells", row: range.start.row,
                        column: range.start.column, parser)
                }
                merged.append(range)
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch localName(name) {
            case "v":
                value = text
                capturing = false
            case "t":
                if capturing, inlineText != nil {
                    inlineText! += text
                    capturing = false
                }
            case "rPh":
                phoneticDepth -= 1
            case "c":
                finishCell(parser)
            case "row":
                if !cells.isEmpty { rows.append(Row(number: rowNumber, cells: cells)) }
                cells = []
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if capturing { text += string }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            fail(
                "the sheet is not well-formed XML (line \(parser.lineNumber)): \(describe(parseError))", row: nil,
                parser)
        }

        func finishCell(_ parser: XMLParser) {
            let here = CellReference(column: column, row: rowNumber)
            if value == nil, inlineText == nil {
                if hasFormula { uncalculated.append(here) }
                return
            }
            let cellValue: CellValue?
            switch type {
            case "s":
                guard let value else { return }
                guard let index = Int(value.trimmingCharacters(in: .whitespaces)),
                    context.sharedStrings.indices.contains(index)
                else {
                    return fail(
                        "shared string '\(escapedForDisplay(value))' does not exist (the workbook has \(context.sharedStrings.count))",
                        row: rowNumber, column: column, parser)
                }
                cellValue = .text(context.sharedStrings[index])
            case "inlineStr":
                cellValue = inlineText.map { .text(decodeEscapes($0)) } ?? value.map { .text(decodeEscapes($0)) }
            case "str":
                cellValue = value.map { .text(decodeEscapes($0)) }
            case "b":
                guard let value else { return }
                switch value.trimmingCharacters(in: .whitespaces) {
                case "1", "true": cellValue = .bool(true)
                case "0", "false": cellValue = .bool(false)
                default:
                    return fail(
                        "boolean '\(escapedForDisplay(value))' is neither 0 nor 1", row: rowNumber, column: column,
                        parser)
                }
            case "e":
                cellValue = value.map { .error($0) }
            case "d":
                guard let value else { return }
                guard let date = parseISODate(value) else {
                    return fail(
                        "date '\(escapedForDisplay(value))' is not an ISO 8601 date", row: rowNumber, column: column,
                        parser)
                }
                cellValue = .date(date)
            case "n":
                guard let value, !value.isEmpty else {
                    cellValue = nil
                    break
                }
                guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                    return fail(
                        "number '\(escapedForDisplay(value))' is not a number", row: rowNumber, column: column, parser)
                }
                if context.dateStyles.indices.contains(style), context.dateStyles[style] {
                    guard let date = context.dateSystem.date(fromSerial: number) else {
                        return fail(
                            "date serial \(formatNumber(number)) is outside the years 1900 to 9999", row: rowNumber,
                            column: column, parser)
                    }
                    cellValue = .date(date)
                } else {
                    cellValue = .number(number)
                }
            default:
                return fail(
                    "cell type '\(escapedForDisplay(type))' is unknown", row: rowNumber, column: column, parser)
            }
            guard let cellValue else {
                if hasFormula { uncalculated.append(here) }
                return
            }
            // Empty text (a formula that yields "", an empty shared string) is an empty cell, as in CSV.
            if case .text(let text) = cellValue, text.isEmpty { return }
            cellCount += 1
            guard cellCount <= context.maxCells else {
                return fail(
                    "the sheet has more than \(context.maxCells) non-empty cells", row: rowNumber, column: column,
                    parser)
            }
            cells.append(Cell(column: column, value: cellValue))
        }
    }
}

private func localName(_ name: String) -> Substring {
    name.split(separator: ":").last ?? Substring(name)
}

private func describe(_ error: (any Error)?) -> String {
    guard let error else { return "unknown error" }
    return escapedForDisplay((error as NSError).localizedDescription)
}

/// Spreadsheet text escapes characters XML cannot hold as `_xHHHH_`; `_x005F_` escapes the underscore.
func decodeEscapes(_ text: String) -> String {
    guard text.contains("_x") else { return text }
    var out = ""
    var rest = Substring(text)
    while let start = rest.range(of: "_x") {
        out += rest[..<start.lowerBound]
        let after = rest[start.upperBound...]
        let hex = after.prefix(4)
        if hex.count == 4, after.dropFirst(4).first == "_", let code = UInt32(hex, radix: 16),
            let scalar = Unicode.Scalar(code)
        {
            out.unicodeScalars.append(scalar)
            rest = after.dropFirst(5)
        } else {
            out += "_x"
            rest = after
        }
    }
    return out + rest
}

/// Escapes what XML 1.0 cannot hold (control characters other than tab and line breaks) and any
/// literal `_xHHHH_` as spreadsheet programs do.
func encodeEscapes(_ text: String) -> String {
    var out = ""
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
        let value = scalar.value
        if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0xFFFE || value == 0xFFFF {
            out += String(format: "_x%04X_", value)
        } else if scalar == "_", looksLikeEscape(scalars, at: index) {
            out += "_x005F_"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func looksLikeEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
    guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
    return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
}

func parseISODate(_ text: String) -> Date? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let formats = ["yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"]
    for format in formats {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        if let date = formatter.date(from: trimmed.replacingOccurrences(of: "Z", with: "")) { return date }
    }
    return nil
}
