import Foundation
import GridSheets
import Testing

/// Which numbers are dates is decided by the cell's number format, as Excel on a Chinese PC sets it.
@Suite("Dates recognised by their number format")
struct NumberFormatTests {
    static let styles = #"""
        <numFmts count="5">
        <numFmt numFmtId="176" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
        <numFmt numFmtId="177" formatCode="#,##0.00&quot; 元&quot;"/>
        <numFmt numFmtId="178" formatCode="0.00_);[Red]\(0.00\)"/>
        <numFmt numFmtId="179" formatCode="[h]:mm"/>
        <numFmt numFmtId="180" formatCode="General"/>
        </numFmts>
        <cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="58"/><xf numFmtId="176"/>
        <xf numFmtId="177"/><xf numFmtId="178"/><xf numFmtId="179"/><xf numFmtId="180"/></cellXfs>
        """#

    @Test(
        "built-in, Chinese and custom date formats make dates; currency, accounting and General stay numbers",
        arguments: [
            (0, CellValue.number(46_090)), (1, .date(day(2026, 3, 9))), (2, .date(day(2026, 3, 9))),
            (3, .date(day(2026, 3, 9))), (4, .number(46_090)), (5, .number(46_090)), (6, .date(day(2026, 3, 9))),
            (7, .number(46_090)), (99, .number(46_090)),
        ])
    func styleDecides(style: Int, expected: CellValue) throws {
        let scratch = try Scratch()
        let file = scratch.file("formats.xlsx")
        try makeZip(
            at: file,
            parts: minimalWorkbookParts(
                sheetData: #"<row r="1"><c r="A1" s="\#(style)"><v>46090</v></c></row>"#, styles: Self.styles))

        let sheet = try #require(try XLSXReader().read(contentsOf: file).sheets.first)

        #expect(sheet[CellReference("A1")!] == expected)
    }

    @Test("a workbook whose XML puts every element under a namespace prefix reads the same")
    func prefixedElements() throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
        let scratch = try Scratch()
        let file = scratch.file("sdk.xlsx")
        try makeZip(
            at: file,
            parts: [
                (
                    "_rels/.rels",
                    #"<Relationships xmlns="\#(pkg)"><Relationship Id="R1" Type="\#(rel)/officeDocument" Target="/xl/workbook.xml"/></Relationships>"#
                ),
                (
                    "xl/workbook.xml",
                    #"<x:workbook xmlns:x="\#(main)" xmlns:r="\#(rel)"><x:workbookPr date1904="true"/><x:sheets><x:sheet name="清单" sheetId="1" r:id="R2"/></x:sheets></x:workbook>"#
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    #"<Relationships xmlns="\#(pkg)"><Relationship Id="R2" Type="\#(rel)/worksheet" Target="/xl/worksheets/a.xml"/><Relationship Id="R3" Type="\#(rel)/sharedStrings" Target="strings.xml"/></Relationships>"#
                ),
                (
                    "xl/strings.xml",
                    #"<x:sst xmlns:x="\#(main)"><x:si><x:t>整改</x:t></x:si><x:si><x:r><x:t>复</x:t></x:r><x:r><x:t>查</x:t></x:r></x:si></x:sst>"#
                ),
                (
                    "xl/worksheets/a.xml",
                    #"<x:worksheet xmlns:x="\#(main)"><x:sheetData><x:row r="2"><x:c r="B2" t="s"><x:v>1</x:v></x:c><x:c r="C2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>"#
                ),
            ])

        let workbook = try XLSXReader().read(contentsOf: file)

        #expect(
            workbook.sheets == [
                Sheet(
                    name: "清单",
                    rows: [
                        Row(
                            number: 2,
                            cells: [Cell(column: 2, value: .text("复查")), Cell(column: 3, value: .text("整改"))])
                    ]
                )
            ])
    }
}
