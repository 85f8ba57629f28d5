import Foundation
import GridSheets
import GridTestKit
import Testing

/// Workbooks that openpyxl (the Python library many banks' scripts use) wrote, read by GridSheets.
@Suite(
    "Reading workbooks written by openpyxl",
    .enabled(if: Tools.hasOpenpyxl, "python3 with openpyxl is not installed (pip install openpyxl)"))
struct OpenpyxlWorkbookTests {
    static let ledgerScript = """
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "问题清单"
        ws.append(["问题编号", "检查名称", "问题描述", "发现日期", "整改金额", "已整改", "备注"])
        ws.append(["W-001", "2026年条线检查", "柜面未按规定核对身份证件", datetime.date(2026, 3, 9), 1200.5, True, None])
        # Row 3 stays empty; row 4 has a gap in column C (description) and a date with a time.
        ws["A4"] = "W-002"
        ws["B4"] = "2026年条线检查"
        ws["D4"] = datetime.datetime(2026, 3, 10, 14, 30, 0)
        ws["E4"] = 3
        ws["F4"] = False
        ws["G4"] = CellRichText(["重点", TextBlock(InlineFont(b=True), "关注"), "：复查"])
        # A merged block: A6:C7 holds one value at its top-left.
        ws["A6"] = "合并说明"
        ws.merge_cells("A6:C7")
        ws["E9"] = "=SUM(E2:E4)"
        tasks = wb.create_sheet("任务清单")
        tasks.append(["措施编号", "问题编号", "完成时限"])
        tasks.append(["M-1", "W-001", datetime.date(2026, 4, 30)])
        tasks["D20"] = "远处的单元格"
        wb.save(sys.argv[1])
        """

    @Test("text, numbers, booleans, dates, rich text and gaps come back cell for cell at their A1 places")
    func cellsAtTheirPlaces() throws {
        // Given a workbook that openpyxl saved with shared strings, dates as serial numbers and gaps
        let scratch = try Scratch()
        let file = scratch.file("ledger.xlsx")
        try Tools.openpyxl(Self.ledgerScript, [file.path])

        // When GridSheets reads it
        let workbook = try XLSXReader().read(contentsOf: file)

        // Then every sheet, row and cell is where openpyxl put it, with its type
        #expect(workbook.sheets.map(\.name) == ["问题清单", "任务清单"])
        let findings = try #require(workbook[sheetNamed: "问题清单"])
        #expect(findings.rows.map(\.number) == [1, 2, 4, 6])
        #expect(findings[CellReference("C2")!] == .text("柜面未按规定核对身份证件"))
        #expect(findings[CellReference("D2")!] == .date(day(2026, 3, 9)))
        #expect(findings[CellReference("E2")!] == .number(1200.5))
        #expect(findings[CellReference("F2")!] == .bool(true))
        #expect(findings[CellReference("G2")!] == nil)
        #expect(findings[CellReference("C4")!] == nil)
        #expect(findings[CellReference("D4")!] == .date(day(2026, 3, 10, 14, 30)))
        #expect(findings[CellReference("F4")!] == .bool(false))
        #expect(findings[CellReference("G4")!] == .text("重点关注：复查"))
        #expect(findings.rows.first { $0.number == 4 }?.cells.map(\.column) == [1, 2, 4, 5, 6, 7])
        let tasks = try #require(workbook[sheetNamed: "任务清单"])
        #expect(tasks[CellReference("C2")!] == .date(day(2026, 4, 30)))
        #expect(tasks[CellReference("D20")!] == .text("远处的单元格"))
    }

    @Test("a merged range is reported with its value at the top-left, and filling copies it into the range")
    func mergedCells() throws {
        let scratch = try Scratch()
        let file = scratch.file("ledger.xlsx")
        try Tools.openpyxl(Self.ledgerScript, [file.path])

        let sheet = try #require(try XLSXReader().read(contentsOf: file)[sheetNamed: "问题清单"])

        #expect(sheet.mergedRanges == [CellRange("A6:C7")!])
        #expect(sheet[CellReference("A6")!] == .text("合并说明"))
        #expect(sheet[CellReference("B7")!] == nil)
        let filled = sheet.fillingMergedRanges()
        #expect(filled[CellReference("B7")!] == .text("合并说明"))
        #expect(filled[CellReference("C6")!] == .text("合并说明"))
        #expect(filled[CellReference("D6")!] == nil)
    }

    @Test("a formula openpyxl saved without calculating it is listed, not invented")
    func uncalculatedFormula() throws {
        let scratch = try Scratch()
        let file = scratch.file("ledger.xlsx")
        try Tools.openpyxl(Self.ledgerScript, [file.path])

        let sheet = try #require(try XLSXReader().read(contentsOf: file)[sheetNamed: "问题清单"])

        #expect(sheet[CellReference("E9")!] == nil)
        #expect(sheet.formulasWithoutValue == [CellReference("E9")!])
    }

    @Test("columns are found by header name, in any order, and missing ones are named")
    func headerByName() throws {
        let scratch = try Scratch()
        let file = scratch.file("ledger.xlsx")
        try Tools.openpyxl(Self.ledgerScript, [file.path])
        let sheet = try #require(try XLSXReader().read(contentsOf: file)[sheetNamed: "问题清单"])

        let table = try sheet.table(file: "ledger.xlsx")

        #expect(table.headerRow == 1)
        #expect(table.records.map(\.row) == [2, 4, 6, 7])
        #expect(table.records[3]["检查名称"] == .text("合并说明"))
        #expect(table.records[0]["问题编号"] == .text("W-001"))
        #expect(table.records[0]["发现日期"] == .date(day(2026, 3, 9)))
        #expect(table.records[1]["问题描述"] == nil)
        #expect(table.columns(notIn: ["问题编号", "检查名称", "问题描述", "发现日期"]) == ["整改金额", "已整改", "备注"])
        let error = #expect(throws: SheetsError.self) {
            try table.require(["问题编号", "责任部门", "责任领导"], file: "ledger.xlsx")
        }
        #expect(error?.description == "ledger.xlsx: sheet '问题清单' row 1: the header lacks the columns '责任部门', '责任领导'")
    }

    @Test("a workbook in the 1904 date system reads its dates on the right day")
    func dateSystem1904() throws {
        let scratch = try Scratch()
        let file = scratch.file("mac.xlsx")
        try Tools.openpyxl(
            """
            from openpyxl.utils.datetime import CALENDAR_MAC_1904
            wb = openpyxl.Workbook()
            wb.epoch = CALENDAR_MAC_1904
            ws = wb.active
            ws["A1"] = datetime.date(2026, 12, 4)
            ws["A2"] = datetime.date(1904, 1, 2)
            wb.save(sys.argv[1])
            """, [file.path])

        let sheet = try #require(try XLSXReader().read(contentsOf: file).sheets.first)

        #expect(sheet[CellReference("A1")!] == .date(day(2026, 12, 4)))
        #expect(sheet[CellReference("A2")!] == .date(day(1904, 1, 2)))
    }

    @Test("only the sheets asked for are read")
    func selectedSheets() throws {
        let scratch = try Scratch()
        let file = scratch.file("ledger.xlsx")
        try Tools.openpyxl(Self.ledgerScript, [file.path])

        let workbook = try XLSXReader().read(contentsOf: file, sheetsNamed: ["任务清单", "责任清单"])

        #expect(workbook.sheets.map(\.name) == ["任务清单"])
    }
}
