import Foundation
import ZIPFoundation

/// Writes `.xlsx` workbooks that Excel, LibreOffice and openpyxl open: one worksheet per sheet,
/// text in the shared strings table, dates as serial numbers with a `yyyy-mm-dd` style (with the
/// time when there is one), and the first row frozen as the header.
public struct XLSXWriter: Sendable {
    /// The first row stays visible while scrolling.
    public var freezeHeaderRow: Bool

    public init(freezeHeaderRow: Bool = true) {
        self.freezeHeaderRow = freezeHeaderRow
    }

    /// The workbook as the bytes of an `.xlsx` file.
    public func data(for workbook: Workbook) throws(SheetsError) -> Data {
        let file = "workbook.xlsx"
        try validate(workbook, file: file)
        var strings = SharedStrings()
        var parts: [(String, Data)] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Data(worksheet(sheet, strings: &strings).utf8)))
        }
        parts.insert(
            contentsOf: [
                ("[Content_Types].xml", Data(contentTypes(count: workbook.sheets.count).utf8)),
                ("_rels/.rels", Data(rootRels.utf8)),
                ("xl/workbook.xml", Data(workbookXML(workbook).utf8)),
                ("xl/_rels/workbook.xml.rels", Data(workbookRels(count: workbook.sheets.count).utf8)),
                ("xl/styles.xml", Data(styles.utf8)),
                ("xl/sharedStrings.xml", Data(strings.xml.utf8)),
            ], at: 0)
        do {
            let archive = try Archive(accessMode: .create)
            // A fixed time keeps identical workbooks byte-identical.
            let stamp = Date(timeIntervalSince1970: 1_577_836_800)
            for (path, bytes) in parts {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: stamp,
                    compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
            return data
        } catch {
            throw SheetsError(file: file, problem: "could not be assembled: \(escapedForDisplay("\(error)"))")
        }
    }

    /// Writes the workbook to a file, replacing it whole: a failure leaves any earlier file intact.
    public func write(_ workbook: Workbook, to url: URL) throws(SheetsError) {
        var bytes: Data
        do {
            bytes = try data(for: workbook)
        } catch {
            throw SheetsError(
                file: url.lastPathComponent, sheet: error.sheet, row: error.row, column: error.column,
                problem: error.problem)
        }
        do {
            try bytes.write(to: url, options: .atomic)
        } catch {
            throw SheetsError(
                file: url.lastPathComponent,
                problem: "could not be written: \(escapedForDisplay(error.localizedDescription))")
        }
        bytes = Data()
    }

    private static let firstDate = DateSystem.from1900.date(fromSerial: 1)!
    private static let lastDate = DateSystem.from1900.date(fromSerial: 2_958_465.99999)!

    private func validate(_ workbook: Workbook, file: String) throws(SheetsError) {
        guard !workbook.sheets.isEmpty else {
            throw SheetsError(file: file, problem: "a workbook needs at least one sheet")
        }
        var seen: Set<String> = []
        for sheet in workbook.sheets {
            let name = sheet.name
            if name.isEmpty || name.count > 31 || name.contains(where: { "[]:*?/\\".contains($0) })
                || name.hasPrefix("'") || name.hasSuffix("'")
                || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            {
                throw SheetsError(
                    file: file, sheet: name,
                    problem:
                        "a sheet name must have 1 to 31 characters, none of [ ] : * ? / \\ or control characters, and not start or end with '"
                )
            }
            guard seen.insert(name.lowercased()).inserted else {
                throw SheetsError(file: file, sheet: name, problem: "two sheets have this name (case is ignored)")
            }
            var previous = 0
            for row in sheet.rows {
                guard row.number > previous, row.number <= CellReference.maxRow else {
                    throw SheetsError(
                        file: file, sheet: name, row: row.number,
                        problem: "rows must ascend within 1…\(CellReference.maxRow)")
                }
                previous = row.number
                var previousColumn = 0
                for cell in row.cells {
                    guard cell.column > previousColumn, cell.column <= CellReference.maxColumn else {
                        throw SheetsError(
                            file: file, sheet: name, row: row.number, column: cell.column,
                            problem: "cells must ascend within columns A…XFD")
                    }
                    previousColumn = cell.column
                    if case .number(let number) = cell.value, !number.isFinite {
                        throw SheetsError(
                            file: file, sheet: name, row: row.number, column: cell.column,
                            problem: "\(number) cannot be stored in a workbook")
                    }
                    if case .date(let date) = cell.value, !(Self.firstDate...Self.lastDate).contains(date) {
                        throw SheetsError(
                            file: file, sheet: name, row: row.number, column: cell.column,
                            problem: "a workbook holds dates from 1900-01-01 to 9999-12-31 only")
                    }
                    if case .text(let text) = cell.value, text.utf16.count > 32_767 {
                        throw SheetsError(
                            file: file, sheet: name, row: row.number, column: cell.column,
                            problem: "text longer than 32,767 characters does not fit in a cell")
                    }
                }
            }
        }
    }

    private func worksheet(_ sheet: Sheet, strings: inout SharedStrings) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        xml += #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        let last = sheet.rows.last.flatMap { row in
            row.cells.last.map { CellReference(column: $0.column, row: row.number) }
        }
        let width = sheet.rows.map { $0.cells.last?.column ?? 1 }.max() ?? 1
        if let last {
            xml += #"<dimension ref="A1:\#(CellReference(column: width, row: last.row))"/>"#
        }
        xml += "<sheetViews><sheetView workbookViewId=\"0\">"
        if freezeHeaderRow {
            xml += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            xml += #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#
        }
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><sheetData>"
        for row in sheet.rows {
            xml += "<row r=\"\(row.number)\">"
            // Empty text is an empty cell, as GridSheets reads it back.
            for cell in row.cells where cell.value != .text("") {
                let ref = CellReference(column: cell.column, row: row.number).description
                switch cell.value {
                case .text(let text):
                    xml += "<c r=\"\(ref)\" t=\"s\"><v>\(strings.index(of: text))</v></c>"
                case .number(let number):
                    xml += "<c r=\"\(ref)\"><v>\(formatNumber(number))</v></c>"
                case .bool(let flag):
                    xml += "<c r=\"\(ref)\" t=\"b\"><v>\(flag ? 1 : 0)</v></c>"
                case .date(let date):
                    let serial = DateSystem.from1900.serial(from: date)
                    let style = serial.rounded(.down) == serial ? 1 : 2
                    xml += "<c r=\"\(ref)\" s=\"\(style)\"><v>\(formatNumber(serial))</v></c>"
                case .error(let code):
                    xml += "<c r=\"\(ref)\" t=\"e\"><v>\(escapeXML(encodeEscapes(code)))</v></c>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.mergedRanges.isEmpty {
            xml += "<mergeCells count=\"\(sheet.mergedRanges.count)\">"
            for range in sheet.mergedRanges { xml += "<mergeCell ref=\"\(range)\"/>" }
            xml += "</mergeCells>"
        }
        xml += #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        return xml + "</worksheet>"
    }

    private func contentTypes(count: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml +=
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in 1...count {
            xml +=
                #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        xml +=
            #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        xml +=
            #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        return xml + "</Types>"
    }

    private var rootRels: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
            + "</Relationships>"
    }

    private func workbookXML(_ workbook: Workbook) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        xml += #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, sheet) in workbook.sheets.enumerated() {
            xml += "<sheet name=\"\(escapeXML(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    private func workbookRels(count: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...count {
            xml +=
                #"<Relationship Id="rId\#(index)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        xml +=
            #"<Relationship Id="rId\#(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        xml +=
            #"<Relationship Id="rId\#(count + 2)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        return xml + "</Relationships>"
    }

    /// Style 0 is the default, 1 a date (`yyyy-mm-dd`), 2 a date and time (`yyyy-mm-dd hh:mm:ss`).
    private var styles: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/>"#
            + #"<numFmt numFmtId="165" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/></numFmts>"#
            + #"<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>"#
            + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
            + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
            + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
            + "</styleSheet>"
    }
}

private struct SharedStrings {
    var indices: [String: Int] = [:]
    var ordered: [String] = []
    var uses = 0

    mutating func index(of text: String) -> Int {
        uses += 1
        if let index = indices[text] { return index }
        indices[text] = ordered.count
        ordered.append(text)
        return ordered.count - 1
    }

    var xml: String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        xml += "count=\"\(uses)\" uniqueCount=\"\(ordered.count)\">"
        for text in ordered {
            let escaped = escapeXML(encodeEscapes(text))
            let keepSpace = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.contains("\n")
            xml += keepSpace ? "<si><t xml:space=\"preserve\">\(escaped)</t></si>" : "<si><t>\(escaped)</t></si>"
        }
        return xml + "</sst>"
    }
}

func escapeXML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "\r": out += "&#13;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
