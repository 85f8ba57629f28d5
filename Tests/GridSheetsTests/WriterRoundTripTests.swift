import Foundation
import GridSheets
import GridTestKit
import Testing
import ZIPFoundation

/// What GridSheets writes, read back by openpyxl, by LibreOffice and by GridSheets itself.
@Suite("Writing workbooks that other programs read back")
struct WriterRoundTripTests {
    static let workbook = Workbook(sheets: [
        Sheet(
            name: "问题清单",
            rows: [
                Row(
                    number: 1,
                    cells: ["问题编号", "问题描述", "发现日期", "金额", "已整改", "备注"].enumerated().map {
                        Cell(column: $0.offset + 1, value: .text($0.element))
                    }),
                Row(
                    number: 2,
                    cells: [
                        Cell(column: 1, value: .text("W-001")),
                        Cell(column: 2, value: .text("柜面未按规定核对身份证件，\n第二行 & <标记> \"引号\"")),
                        Cell(column: 3, value: .date(day(2026, 3, 9))),
                        Cell(column: 4, value: .number(1200.5)),
                        Cell(column: 5, value: .bool(true)),
                        Cell(column: 6, value: .text("  前后空格  ")),
                    ]),
                Row(
                    number: 4,
                    cells: [
                        Cell(column: 1, value: .text("W-002")),
                        Cell(column: 3, value: .date(day(2026, 3, 10, 14, 30))),
                        Cell(column: 4, value: .number(-3)),
                        Cell(column: 5, value: .bool(false)),
                        Cell(column: 6, value: .text("W-001")),
                    ]),
            ], mergedRanges: [CellRange("B4:B5")!]),
        Sheet(
            name: "任务清单",
            rows: [
                Row(number: 1, cells: [Cell(column: 1, value: .text("措施编号")), Cell(column: 2, value: .text("制度"))]),
                Row(
                    number: 2,
                    cells: [Cell(column: 1, value: .text("M-1")), Cell(column: 2, value: .text("新建《柜面业务操作规程》"))]),
                Row(number: 3, cells: [Cell(column: 2, value: .text("控制字符\u{1}与 _x0041_ 原样"))]),
            ]),
    ])

    @Test("GridSheets reads back exactly the workbook it wrote")
    func ownRoundTrip() throws {
        let scratch = try Scratch()
        let file = scratch.file("out.xlsx")

        try XLSXWriter().write(Self.workbook, to: file)
        let read = try XLSXReader().read(contentsOf: file)

        #expect(read == Self.workbook)
    }

    @Test(
        "openpyxl reads back every cell, its type, the merged range and the frozen header",
        .enabled(if: Tools.hasOpenpyxl, "python3 with openpyxl is not installed (pip install openpyxl)"))
    func openpyxlReadsBack() throws {
        // Given a workbook GridSheets wrote
        let scratch = try Scratch()
        let file = scratch.file("out.xlsx")
        try XLSXWriter().write(Self.workbook, to: file)

        // When openpyxl opens it and lists every cell
        let listing = try Tools.openpyxl(
            """
            wb = openpyxl.load_workbook(sys.argv[1])
            out = []
            for ws in wb.worksheets:
                out.append(f"sheet {ws.title} freeze={ws.freeze_panes} merged={sorted(str(r) for r in ws.merged_cells.ranges)}")
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is None: continue
                        v = c.value.isoformat() if isinstance(c.value, datetime.datetime) else repr(c.value)
                        out.append(f"{c.coordinate} {type(c.value).__name__} {v}")
            print(json.dumps(out, ensure_ascii=False))
            """, [file.path])

        // Then it sees what was written, cell for cell
        let lines = try JSONDecoder().decode([String].self, from: Data(listing.utf8))
        #expect(
            lines == [
                "sheet 问题清单 freeze=A2 merged=['B4:B5']",
                "A1 str '问题编号'", "B1 str '问题描述'", "C1 str '发现日期'", "D1 str '金额'", "E1 str '已整改'",
                "F1 str '备注'",
                "A2 str 'W-001'", "B2 str '柜面未按规定核对身份证件，\\n第二行 & <标记> \"引号\"'",
                "C2 datetime 2026-03-09T00:00:00", "D2 float 1200.5", "E2 bool True", "F2 str '  前后空格  '",
                "A4 str 'W-002'", "C4 datetime 2026-03-10T14:30:00", "D4 int -3", "E4 bool False", "F4 str 'W-001'",
                "sheet 任务清单 freeze=A2 merged=[]",
                "A1 str '措施编号'", "B1 str '制度'", "A2 str 'M-1'", "B2 str '新建《柜面业务操作规程》'",
                // openpyxl cannot hold a control character, so it shows Excel's escape for it as text.
                "B3 str '控制字符_x0001_与 _x0041_ 原样'",
            ])
    }

    @Test(
        "LibreOffice opens what GridSheets wrote and saves the same values as CSV",
        .enabled(if: Tools.soffice != nil, "LibreOffice (soffice) is not installed"))
    func libreOfficeReadsBack() throws {
        let scratch = try Scratch()
        let file = scratch.file("out.xlsx")
        try XLSXWriter().write(Workbook(sheets: [Self.workbook.sheets[0]]), to: file)

        // LibreOffice converts the first sheet to CSV (UTF-8 is filter option 76).
        try Tools.libreOfficeConvert(file, to: "csv:Text - txt - csv (StarCalc):44,34,76", in: scratch.url)
        let csv = try CSV.sheet(
            named: "问题清单", from: Data(contentsOf: scratch.file("out.csv")), file: "out.csv")

        #expect(csv[CellReference("B2")!] == .text("柜面未按规定核对身份证件，\n第二行 & <标记> \"引号\""))
        #expect(csv[CellReference("C2")!] == .text("2026-03-09"))
        #expect(csv[CellReference("C4")!] == .text("2026-03-10 14:30:00"))
        #expect(csv[CellReference("D2")!] == .text("1200.5"))
        #expect(csv[CellReference("E2")!] == .text("TRUE"))
        #expect(csv[CellReference("F4")!] == .text("W-001"))
    }

    @Test("the same workbook is written to the same bytes, so exporting twice changes no file")
    func deterministic() throws {
        #expect(try XLSXWriter().data(for: Self.workbook) == XLSXWriter().data(for: Self.workbook))
    }

    @Test("text is stored once in the shared strings, however often it appears")
    func sharedStringsAreShared() throws {
        let data = try XLSXWriter().data(for: Self.workbook)

        let archive = try Archive(data: data, accessMode: .read)
        var bytes = Data()
        _ = try archive.extract(try #require(archive["xl/sharedStrings.xml"])) { bytes.append($0) }
        let listing = String(decoding: bytes, as: UTF8.self)

        #expect(listing.components(separatedBy: "<t>W-001</t>").count == 2)
        #expect(listing.contains(#"count="16" uniqueCount="15""#))
    }

    @Test("sheet names Excel refuses are refused before anything is written")
    func badSheetNames() throws {
        let scratch = try Scratch()
        let file = scratch.file("out.xlsx")
        for name in ["", "a/b", "问题[1]", "清单\u{7}", String(repeating: "长", count: 32)] {
            let error = #expect(throws: SheetsError.self) {
                try XLSXWriter().write(Workbook(sheets: [Sheet(name: name, rows: [])]), to: file)
            }
            #expect(error?.problem.contains("1 to 31 characters") == true)
        }
        let twice = #expect(throws: SheetsError.self) {
            try XLSXWriter().write(
                Workbook(sheets: [Sheet(name: "清单", rows: []), Sheet(name: "清单", rows: [])]), to: file)
        }
        #expect(twice?.description == "out.xlsx: sheet '清单': two sheets have this name (case is ignored)")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a date a workbook cannot hold is refused, naming its cell, and nothing is written")
    func dateOutOfRange() throws {
        let scratch = try Scratch()
        let file = scratch.file("out.xlsx")
        let sheet = Sheet(name: "清单", rows: [Row(number: 3, cells: [Cell(column: 2, value: .date(day(1899, 12, 1)))])])

        let error = #expect(throws: SheetsError.self) { try XLSXWriter().write(Workbook(sheets: [sheet]), to: file) }

        #expect(
            error?.description == "out.xlsx: sheet '清单' B3: a workbook holds dates from 1900-01-01 to 9999-12-31 only")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
