import Foundation
import GridSheets
import GridTestKit
import Testing

/// Damaged, foreign and malicious files are refused with a message that says where and why.
@Suite("Refusing damaged and hostile workbooks")
struct HostileWorkbookTests {
    @Test("a truncated workbook is refused as damaged, naming the file")
    func truncated() throws {
        let scratch = try Scratch()
        let good = try XLSXWriter().data(for: WriterRoundTripTests.workbook)
        let file = scratch.file("cut.xlsx")
        try good.prefix(good.count / 2).write(to: file)

        let error = #expect(throws: SheetsError.self) { try XLSXReader().read(contentsOf: file) }

        #expect(
            error?.description == "cut.xlsx: not a readable .xlsx workbook: the zip container is damaged or truncated")
    }

    @Test("a file that is not a zip at all is refused the same way")
    func notAZip() throws {
        let scratch = try Scratch()
        let file = scratch.file("ledger.xlsx")
        try Data("问题编号,措施编号\r\n".utf8).write(to: file)

        #expect(throws: SheetsError.self) { try XLSXReader().read(contentsOf: file) }
    }

    @Test("a zip that holds no workbook is refused as not a workbook")
    func zipWithoutWorkbook() throws {
        let scratch = try Scratch()
        let file = scratch.file("photos.xlsx")
        try makeZip(at: file, parts: [("readme.txt", "not a spreadsheet"), ("img/a.txt", "x")])

        let error = #expect(throws: SheetsError.self) { try XLSXReader().read(contentsOf: file) }

        #expect(error?.description == "photos.xlsx: not an .xlsx workbook: it has no workbook part (xl/workbook.xml)")
    }

    @Test("an external entity is never resolved: a part with a DTD is refused before parsing")
    func externalEntity() throws {
        let scratch = try Scratch()
        let secret = scratch.file("secret.txt")
        try Data("机密".utf8).write(to: secret)
        let file = scratch.file("xxe.xlsx")
        var parts = minimalWorkbookParts(
            sheetData: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: "")
        parts.append(
            (
                "xl/sharedStrings.xml",
                #"<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file://\#(secret.path)">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>"#
            ))
        parts.removeAll { $0.0 == "xl/sharedStrings.xml" && !$0.1.contains("DOCTYPE") }
        try makeZip(at: file, parts: parts)

        let error = #expect(throws: SheetsError.self) { try XLSXReader().read(contentsOf: file) }

        #expect(
            error?.description
                == "xxe.xlsx: part xl/sharedStrings.xml declares a DTD or entities, which a workbook never needs; refused"
        )
        #expect(error?.description.contains("机密") == false)
    }

    @Test("a part whose declared size is over the limit is refused before it is decompressed")
    func declaredSizeOverLimit() throws {
        // Given a sheet part of 3 MB of spaces (a few kilobytes compressed) and a 1 MB part limit
        let scratch = try Scratch()
        let file = scratch.file("bomb.xlsx")
        let padding = String(repeating: " ", count: 3 << 20)
        try makeZip(at: file, parts: minimalWorkbookParts(sheetData: padding))
        let reader = XLSXReader(limits: ReadLimits(maxPartBytes: 1 << 20))

        // When it is read, then it is refused as a possible zip bomb, naming the sheet and the sizes
        let error = #expect(throws: SheetsError.self) { try reader.read(contentsOf: file) }

        #expect(
            error?.description
                == "bomb.xlsx: sheet 'Sheet1': part xl/worksheets/sheet1.xml declares 3145861 bytes uncompressed, over the limit of 1048576; refused as a possible zip bomb"
        )
    }

    @Test("a part that inflates past the limit while declaring less is stopped during decompression")
    func actualSizeOverLimit() throws {
        // Given a sheet part whose central-directory size is rewritten to claim 100 bytes
        let scratch = try Scratch()
        let file = scratch.file("liar.xlsx")
        let padding = String(repeating: " ", count: 3 << 20)
        try makeZip(at: file, parts: minimalWorkbookParts(sheetData: padding))
        var bytes = try Data(contentsOf: file)
        try rewriteDeclaredSize(of: "xl/worksheets/sheet1.xml", to: 100, in: &bytes)
        try bytes.write(to: file)

        let error = #expect(throws: SheetsError.self) {
            try XLSXReader(limits: ReadLimits(maxPartBytes: 1 << 20)).read(contentsOf: file)
        }

        #expect(error?.sheet == "Sheet1")
        #expect(
            error?.problem.contains("inflates past the limit") == true
                || error?.problem.contains("is damaged") == true)
    }

    @Test("a sheet with more cells than the limit is refused, naming the first cell over it")
    func tooManyCells() throws {
        let scratch = try Scratch()
        let file = scratch.file("wide.xlsx")
        try makeZip(
            at: file,
            parts: minimalWorkbookParts(
                sheetData:
                    #"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="C2"><v>3</v></c></row>"#
            ))

        let error = #expect(throws: SheetsError.self) {
            try XLSXReader(limits: ReadLimits(maxCellsPerSheet: 2)).read(contentsOf: file)
        }

        #expect(error?.description == "wide.xlsx: sheet 'Sheet1' C2: the sheet has more than 2 non-empty cells")
    }

    @Test(
        "a malformed cell is reported with its sheet and A1 place",
        arguments: [
            (
                #"<row r="3"><c r="B3" t="s"><v>7</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' B3: shared string '7' does not exist (the workbook has 1)"
            ),
            (
                #"<row r="3"><c r="B3"><v>12,5</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' B3: number '12,5' is not a number"
            ),
            (
                #"<row r="3"><c r="B3" t="b"><v>yes</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' B3: boolean 'yes' is neither 0 nor 1"
            ),
            (
                #"<row r="3"><c r="3B"><v>1</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' row 3: cell reference '3B' is not in A1 notation"
            ),
            (
                #"<row r="3"><c r="B4"><v>1</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' B3: cell B4 is inside row 3"
            ),
            (
                #"<row r="3"><c r="C3"><v>1</v></c><c r="B3"><v>1</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' B3: cell B3 repeats or precedes an earlier cell of its row"
            ),
            (
                #"<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' row 2: row 2 comes after row 3; rows must ascend"
            ),
            (
                #"<row r="3"><c r="A3" t="d"><v>2026-13-40</v></c></row>"#,
                "bad.xlsx: sheet 'Sheet1' A3: date '2026-13-40' is not an ISO 8601 date"
            ),
            (
                #"<row r="3"><c r="A3" t="s"><v>7&#10;&#x202E;</v></c></row>"#,
                #"bad.xlsx: sheet 'Sheet1' A3: shared string '7\u{a}\u{202e}' does not exist (the workbook has 1)"#
            ),
        ])
    func malformedCell(sheetData: String, message: String) throws {
        let scratch = try Scratch()
        let file = scratch.file("bad.xlsx")
        try makeZip(at: file, parts: minimalWorkbookParts(sheetData: sheetData, sharedStrings: "<si><t>一</t></si>"))

        let error = #expect(throws: SheetsError.self) { try XLSXReader().read(contentsOf: file) }

        #expect(error?.description == message)
    }

    @Test("merged ranges covering more cells than the limit are refused, so filling them cannot exhaust memory")
    func hugeMergedRange() throws {
        let scratch = try Scratch()
        let file = scratch.file("merged.xlsx")
        try makeZip(
            at: file,
            parts: minimalWorkbookParts(
                sheetData: #"<row r="1"><c r="A1"><v>1</v></c></row>"#,
                extraSheetXML: #"<mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>"#))

        let error = #expect(throws: SheetsError.self) { try XLSXReader().read(contentsOf: file) }

        #expect(
            error?.description
                == "merged.xlsx: sheet 'Sheet1' B2: merged ranges up to B2:XFD1048576 cover more than 5000000 cells")
    }

    @Test("a sheet that is not well-formed XML is refused, naming the sheet and the line")
    func brokenXML() throws {
        let scratch = try Scratch()
        let file = scratch.file("bad.xlsx")
        try makeZip(at: file, parts: minimalWorkbookParts(sheetData: #"<row r="1"><c r="A1"><v>1</c></row>"#))

        let error = #expect(throws: SheetsError.self) { try XLSXReader().read(contentsOf: file) }

        #expect(error?.sheet == "Sheet1")
        #expect(error?.problem.hasPrefix("the sheet is not well-formed XML (line 1)") == true)
    }

    @Test("cells and rows without references follow the previous ones, and inline strings are read")
    func implicitReferences() throws {
        let scratch = try Scratch()
        let file = scratch.file("plain.xlsx")
        try makeZip(
            at: file,
            parts: minimalWorkbookParts(
                sheetData:
                    #"<row><c t="inlineStr"><is><t>甲</t></is></c><c><v>2</v></c><c t="str"><f>""</f><v></v></c></row><row r="5"><c r="C5" t="inlineStr"><is><r><t>乙</t></r><r><t xml:space="preserve"> 丙</t></r><rPh><t>ヘイ</t></rPh></is></c><c t="str"><f>C5</f><v>乙 丙</v></c></row>"#
            ))

        let sheet = try #require(try XLSXReader().read(contentsOf: file).sheets.first)

        #expect(
            sheet.rows == [
                Row(number: 1, cells: [Cell(column: 1, value: .text("甲")), Cell(column: 2, value: .number(2))]),
                Row(number: 5, cells: [Cell(column: 3, value: .text("乙 丙")), Cell(column: 4, value: .text("乙 丙"))]),
            ])
    }
}

/// Rewrites the uncompressed size that the central directory declares for one entry.
private func rewriteDeclaredSize(of path: String, to size: UInt32, in bytes: inout Data) throws {
    let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
    var index = bytes.startIndex
    while let found = bytes[index...].firstRange(of: signature) {
        let start = found.lowerBound
        let nameLength = Int(bytes[start + 28]) | Int(bytes[start + 29]) << 8
        let name = String(decoding: bytes[(start + 46)..<(start + 46 + nameLength)], as: UTF8.self)
        if name == path {
            for offset in 0..<4 { bytes[start + 24 + offset] = UInt8((size >> (8 * UInt32(offset))) & 0xFF) }
            return
        }
        index = found.upperBound
    }
    throw ToolFailure(description: "entry \(path) not found")
}
