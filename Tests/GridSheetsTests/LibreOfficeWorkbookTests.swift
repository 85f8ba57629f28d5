import Foundation
import GridSheets
import GridTestKit
import Testing

/// Workbooks that LibreOffice Calc saved, read by GridSheets: LibreOffice calculates formulas and
/// stores their results, writes every cell's style and keeps empty styled cells of merged ranges.
@Suite(
    "Reading workbooks written by LibreOffice",
    .enabled(if: Tools.soffice != nil && Tools.hasOpenpyxl, "LibreOffice (soffice) or python3 with openpyxl is missing")
)
struct LibreOfficeWorkbookTests {
    @Test("formulas read as the values LibreOffice calculated; dates, merged cells, gaps and Chinese text survive")
    func savedByLibreOffice() throws {
        // Given a workbook openpyxl drafted and LibreOffice calculated and saved
        let scratch = try Scratch()
        let draft = scratch.file("draft.xlsx")
        try Tools.openpyxl(
            """
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "问题清单"
            ws.append(["问题编号", "金额", "发现日期"])
            ws.append(["W-001", 2, datetime.date(2026, 3, 9)])
            ws["A4"] = "W-002"
            ws["B4"] = 3
            ws["B6"] = "=SUM(B2:B4)"
            ws["C6"] = '="合计"&B6'
            ws["D6"] = "=B4>B2"
            ws["E6"] = "=1/0"
            ws["A8"] = "合并说明"
            ws.merge_cells("A8:B9")
            wb.save(sys.argv[1])
            """, [draft.path])
        let saved = scratch.file("saved")
        try FileManager.default.createDirectory(at: saved, withIntermediateDirectories: true)
        try Tools.libreOfficeConvert(draft, to: "xlsx:Calc MS Excel 2007 XML", in: saved)

        // When GridSheets reads LibreOffice's file
        let sheet = try #require(
            try XLSXReader().read(contentsOf: saved.appendingPathComponent("draft.xlsx"))[sheetNamed: "问题清单"])

        // Then the values are LibreOffice's, in their places
        #expect(sheet.rows.map(\.number) == [1, 2, 4, 6, 8])
        #expect(sheet[CellReference("A1")!] == .text("问题编号"))
        #expect(sheet[CellReference("C2")!] == .date(day(2026, 3, 9)))
        #expect(sheet[CellReference("B6")!] == .number(5))
        #expect(sheet[CellReference("C6")!] == .text("合计5"))
        #expect(sheet[CellReference("D6")!] == .bool(true))
        #expect(sheet[CellReference("E6")!] == .error("#DIV/0!"))
        #expect(sheet.formulasWithoutValue.isEmpty)
        #expect(sheet.mergedRanges == [CellRange("A8:B9")!])
        #expect(sheet.fillingMergedRanges()[CellReference("B9")!] == .text("合并说明"))
    }
}
