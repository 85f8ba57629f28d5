import Foundation
import GridSheets
import GridTestKit
import Testing

/// CSV files as Excel saves them ("CSV UTF-8" on a Chinese Windows PC) and as GridSheets writes them.
@Suite("Reading and writing CSV")
struct CSVTests {
    @Test(
        "the same table reads the same with or without a byte order mark, with CRLF or LF",
        arguments: [
            [0xEF, 0xBB, 0xBF] + Array("问题编号,问题描述\r\nW-001,核对\r\n".utf8),
            Array("问题编号,问题描述\nW-001,核对\n".utf8),
            Array("问题编号,问题描述\r\nW-001,核对".utf8),
            Array("问题编号,问题描述\rW-001,核对\r".utf8),
        ])
    func encodingsAndLineEnds(bytes: [UInt8]) throws {
        let sheet = try CSV.sheet(named: "问题清单", from: Data(bytes), file: "问题清单.csv")

        #expect(
            sheet.rows == [
                Row(number: 1, cells: [Cell(column: 1, value: .text("问题编号")), Cell(column: 2, value: .text("问题描述"))]),
                Row(number: 2, cells: [Cell(column: 1, value: .text("W-001")), Cell(column: 2, value: .text("核对"))]),
            ])
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks; empty fields and rows are gaps")
    func quotedFields() throws {
        let text =
            "\u{FEFF}编号,阶段目标,备注\r\n"
            + "M-1,\"2026-03-31 完成自查；\r\n2026-04-30 完成整改\",\"他说\"\"好\"\",行\"\r\n"
            + ",,\r\n"
            + "M-2,,末尾\r\n"
        let sheet = try CSV.sheet(named: "任务清单", from: Data(text.utf8), file: "任务清单.csv")

        #expect(sheet[CellReference("B2")!] == .text("2026-03-31 完成自查；\r\n2026-04-30 完成整改"))
        #expect(sheet[CellReference("C2")!] == .text("他说\"好\",行"))
        #expect(sheet.rows.map(\.number) == [1, 2, 4])
        #expect(sheet.rows.last?.cells == [Cell(column: 1, value: .text("M-2")), Cell(column: 3, value: .text("末尾"))])
    }

    @Test("a CSV saved as GBK is refused with the way to fix it, naming the line")
    func notUTF8() throws {
        // "问题" in GBK is CE CA CC E2; the first line is plain ASCII.
        let bytes: [UInt8] = Array("id,name\r\n1,".utf8) + [0xCE, 0xCA, 0xCC, 0xE2] + Array("\r\n".utf8)

        let error = #expect(throws: SheetsError.self) {
            try CSV.sheet(named: "问题清单", from: Data(bytes), file: "问题清单.csv")
        }

        #expect(
            error?.description
                == "问题清单.csv: sheet '问题清单' row 2: is not UTF-8 (perhaps GBK, as Excel's plain \"CSV\" saves on Chinese Windows); save it as \"CSV UTF-8\""
        )
    }

    @Test("a GBK character deep in a large file is found in one pass, naming its line")
    func notUTF8Late() throws {
        let bytes = Array(String(repeating: "W-001,整改\r\n", count: 49_999).utf8) + [0xD5, 0xFB] + Array("\r\n".utf8)

        let error = #expect(throws: SheetsError.self) { try CSV.sheet(named: "s", from: Data(bytes), file: "s.csv") }

        #expect(error?.row == 50_000)
    }

    @Test("an unclosed quote and text after a closing quote are refused, naming the place")
    func badQuotes() throws {
        let unclosed = #expect(throws: SheetsError.self) {
            try CSV.sheet(named: "s", from: Data("a,b\r\n1,\"open\r\n2,3\r\n".utf8), file: "s.csv")
        }
        #expect(unclosed?.description == "s.csv: sheet 's' B2: a quoted field opened on line 2 is never closed")

        let trailing = #expect(throws: SheetsError.self) {
            try CSV.sheet(named: "s", from: Data("a,\"b\"c\r\n".utf8), file: "s.csv")
        }
        #expect(trailing?.row == 1)
        #expect(trailing?.column == 2)
    }

    @Test("written CSV starts with a BOM, ends lines with CRLF, quotes what needs it and reads back the same")
    func writeAndReadBack() throws {
        let sheet = Sheet(
            name: "任务清单",
            rows: [
                Row(number: 1, cells: [Cell(column: 1, value: .text("措施编号")), Cell(column: 3, value: .text("备注"))]),
                Row(
                    number: 3,
                    cells: [
                        Cell(column: 1, value: .text("M-1")), Cell(column: 2, value: .date(day(2026, 4, 30))),
                        Cell(column: 3, value: .text("一,\"二\"\r\n三")),
                    ]),
            ])

        let data = CSV.data(for: sheet)

        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(
            String(decoding: data.dropFirst(3), as: UTF8.self)
                == "措施编号,,备注\r\n\r\nM-1,2026-04-30,\"一,\"\"二\"\"\r\n三\"\r\n")
        let read = try CSV.sheet(named: "任务清单", from: data, file: "任务清单.csv")
        #expect(read.rows.map(\.number) == [1, 3])
        #expect(read[CellReference("C3")!] == .text("一,\"二\"\r\n三"))
        #expect(read[CellReference("B3")!] == .text("2026-04-30"))
    }

    @Test("a folder of CSV files reads as a workbook whose sheets are named after the files")
    func folder() throws {
        let scratch = try Scratch()
        try Data("\u{FEFF}问题编号\r\nW-001\r\n".utf8).write(to: scratch.file("问题清单.csv"))
        try Data("措施编号\nM-1\n".utf8).write(to: scratch.file("任务清单.CSV"))
        try Data("ignored".utf8).write(to: scratch.file("说明.txt"))

        let workbook = try CSV.workbook(inFolder: scratch.url)

        #expect(Set(workbook.sheets.map(\.name)) == ["问题清单", "任务清单"])
        #expect(workbook[sheetNamed: "问题清单"]?[CellReference("A2")!] == .text("W-001"))
        #expect(workbook[sheetNamed: "任务清单"]?[CellReference("A2")!] == .text("M-1"))
    }

    @Test("writing a workbook as CSV files and reading the folder back gives the same text")
    func folderRoundTrip() throws {
        let scratch = try Scratch()
        let workbook = Workbook(sheets: [
            Sheet(name: "问题清单", rows: [Row(number: 1, cells: [Cell(column: 1, value: .text("问题编号"))])]),
            Sheet(name: "任务清单", rows: [Row(number: 1, cells: [Cell(column: 2, value: .number(12.5))])]),
        ])

        try CSV.write(workbook, toFolder: scratch.url)
        let read = try CSV.workbook(inFolder: scratch.url)

        #expect(read[sheetNamed: "问题清单"] == workbook.sheets[0])
        #expect(read[sheetNamed: "任务清单"]?.rows == [Row(number: 1, cells: [Cell(column: 2, value: .text("12.5"))])])
    }

    @Test(
        "a CSV that LibreOffice saved from a workbook reads with the same values",
        .enabled(if: Tools.soffice != nil, "LibreOffice (soffice) is not installed"))
    func libreOfficeCSV() throws {
        let scratch = try Scratch()
        let file = scratch.file("ledger.xlsx")
        try XLSXWriter().write(Workbook(sheets: [WriterRoundTripTests.workbook.sheets[1]]), to: file)

        try Tools.libreOfficeConvert(
            file, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true", in: scratch.url)
        let sheet = try CSV.sheet(named: "任务清单", from: Data(contentsOf: scratch.file("ledger.csv")), file: "ledger.csv")

        #expect(sheet[CellReference("B2")!] == .text("新建《柜面业务操作规程》"))
        #expect(sheet[CellReference("A1")!] == .text("措施编号"))
    }
}
