import Foundation
import GridCore
import GridLedgerFiles
import GridSheets
import GridTestKit
import Testing

/// A ledger written as a bank's workbook, read back by GridDuty and by other programs.
@Suite("Writing a ledger as a workbook")
struct LedgerWriterTests {
    static let names = [
        "lin.zhenhua": "林振华", "zhao.gang": "赵刚", "wu.ting": "吴婷", "he.jing": "何静", "zheng.kai": "郑凯",
    ]
    static let ids = Dictionary(uniqueKeysWithValues: names.map { ($1, $0) })
    static func person(_ id: String) -> String { names[id] ?? id }

    /// A ledger with a closed finding and its repeat, stage targets, a rule, evidence, extra
    /// columns, line breaks and texts a spreadsheet would run as formulas.
    static let ledger = Ledger(
        inspections: [
            Inspection(name: "2025年内审", kind: .audit), Inspection(name: "2026年运营检查", kind: .lineCheck),
        ],
        findings: [
            FindingRecord(
                finding: Finding(
                    number: "1", inspection: "2025年内审", text: "印章登记不全", category: "印章管理", leader: "lin.zhenhua",
                    department: "运营部", found: date(2025, 6, 3)),
                state: .closed, closedOn: date(2025, 7, 1)),
            FindingRecord(
                finding: Finding(
                    number: "2", inspection: "2026年运营检查", text: "=cmd|' /C calc'!A0", leader: "zhao.gang",
                    found: date(2026, 11, 9), repeats: "1", extra: ["备注": "@SUM(1)", "督办": "-2+3"]),
                state: .rectifying),
            FindingRecord(
                finding: Finding(
                    number: "10", inspection: "2026年运营检查", text: "+多行\n文本，含\"引号\"与,逗号", leader: "lin.zhenhua",
                    found: date(2026, 11, 10))),
        ],
        measures: [
            Measure(
                id: MeasureID(finding: "1", number: "1"), text: "补登记录", owner: "wu.ting", deadline: date(2025, 6, 30),
                done: MeasureDone(date: date(2025, 6, 20), evidence: "登记簿")),
            Measure(
                id: MeasureID(finding: "2", number: "1"), text: "制定细则", owner: "he.jing", deadline: date(2026, 11, 30),
                milestones: [
                    Milestone(date: date(2026, 11, 20), text: "初稿"), Milestone(date: date(2026, 11, 25), text: "'=定稿"),
                ], rule: RuleChange(kind: .created, name: "印章细则"), extra: ["督办人": "'@周敏"]),
            Measure(
                id: MeasureID(finding: "2", number: "2"), text: "@培训", owner: "wu.ting", deadline: date(2026, 11, 27),
                done: MeasureDone(date: date(2026, 11, 27), evidence: "''@证据")),
            Measure(
                id: MeasureID(finding: "10", number: "1"), text: "复核", owner: "zheng.kai", deadline: date(2027, 1, 15),
                extra: ["佐证材料": "初稿"]),
        ])

    /// A draft's findings and measures as the ledger states them, names mapped back to ids.
    static func ledgerValues(_ draft: LedgerDraft) -> ([Finding], [Measure]) {
        let findings = draft.findings.map(\.value).map {
            Finding(
                number: $0.number, inspection: $0.inspection, text: $0.text, category: $0.category,
                leader: ids[$0.leader] ?? $0.leader, department: $0.department, found: $0.found, repeats: $0.repeats,
                extra: $0.extra)
        }
        let measures = draft.measures.map(\.value).map {
            Measure(
                id: $0.id, text: $0.text, owner: ids[$0.owner] ?? $0.owner, deadline: $0.deadline,
                milestones: $0.milestones, rule: $0.rule, done: $0.done, extra: $0.extra)
        }
        return (findings, measures)
    }

    @Test("a ledger written as a workbook and read back gives its findings and measures, hostile texts unchanged")
    func xlsxRoundTrip() throws {
        // Given the ledger written as an .xlsx workbook
        let scratch = try Scratch()
        let writer = LedgerWorkbookWriter()
        let file = scratch.file("台账.xlsx")
        try writer.writeXLSX(writer.workbook(for: Self.ledger, person: Self.person), to: file)

        // When GridDuty reads it
        let draft = try LedgerWorkbookReader().read(contentsOf: file)

        // Then its findings and measures are the ledger's, each finding of its inspection's kind
        let (findings, measures) = Self.ledgerValues(draft)
        #expect(findings == Self.ledger.findings.map(\.finding))
        #expect(measures == Self.ledger.measures)
        #expect(draft.findings.map(\.value.kind) == [.audit, .lineCheck, .lineCheck])
    }

    @Test("a ledger written as CSV files and read back gives its findings and measures; a re-export changes nothing")
    func csvRoundTrip() throws {
        // Given the ledger written as a folder of CSV files
        let scratch = try Scratch()
        let writer = LedgerWorkbookWriter()
        let folder = scratch.file("台账")
        try writer.writeCSV(writer.workbook(for: Self.ledger, person: Self.person), toFolder: folder)

        // When GridDuty reads it, and writes it again with the header it read
        let draft = try LedgerWorkbookReader().read(contentsOf: folder)
        let again = scratch.file("again")
        let rewriter = LedgerWorkbookWriter(headers: draft.headers)
        try rewriter.writeCSV(rewriter.workbook(for: Self.ledger, person: Self.person), toFolder: again)

        // Then the findings and measures are the ledger's, and the second export is the first byte for byte
        let (findings, measures) = Self.ledgerValues(draft)
        #expect(findings == Self.ledger.findings.map(\.finding))
        #expect(measures == Self.ledger.measures)
        for name in ["问题清单", "任务清单", "责任清单"] {
            let first = try Data(contentsOf: folder.appendingPathComponent("\(name).csv"))
            #expect(first.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(first == (try Data(contentsOf: again.appendingPathComponent("\(name).csv"))), "\(name)")
        }
    }

    @Test("in CSV, text a spreadsheet would run as a formula is written after an apostrophe, dates as YYYY-MM-DD")
    func csvFormulaGuard() throws {
        // Given the ledger written as CSV files
        let scratch = try Scratch()
        let writer = LedgerWorkbookWriter()
        let folder = scratch.file("台账")
        try writer.writeCSV(writer.workbook(for: Self.ledger, person: Self.person), toFolder: folder)

        // When the files are read as plain text
        let findings = try String(contentsOf: folder.appendingPathComponent("问题清单.csv"), encoding: .utf8)
        let measures = try String(contentsOf: folder.appendingPathComponent("任务清单.csv"), encoding: .utf8)

        // Then no field starts with a formula character, and apostrophes already there survive
        #expect(findings.contains(",'=cmd|' /C calc'!A0,"))
        #expect(findings.contains(",'@SUM(1)"))
        #expect(findings.contains(",'-2+3"))
        #expect(findings.contains("\"'+多行\n文本，含\"\"引号\"\"与,逗号\""))
        #expect(findings.contains(",2026-11-09,"))
        #expect(measures.contains(",'@培训,"))
        #expect(measures.contains(",'''@证据"))
        #expect(measures.contains("\"2026-11-20 初稿\n2026-11-25 '=定稿\""))
    }

    @Test("the sheets hold the known columns, 屡查屡犯 only when a finding repeats, state and owners in words")
    func sheetsAndColumns() throws {
        // Given the ledger, and one without a repeat
        let writer = LedgerWorkbookWriter()
        let workbook = writer.workbook(for: Self.ledger, person: Self.person)
        var plain = Self.ledger.findings
        plain[1].finding.repeats = nil
        let noRepeat = writer.workbook(
            for: Ledger(inspections: Self.ledger.inspections, findings: plain, measures: Self.ledger.measures),
            person: Self.person)

        // When their sheets are read
        let findings = try #require(workbook[sheetNamed: "问题清单"])
        let duties = try #require(workbook[sheetNamed: "责任清单"])

        // Then the headers are the import's columns, the state's, then the extra columns by name
        #expect(workbook.sheets.map(\.name) == ["问题清单", "任务清单", "责任清单"])
        #expect(
            Self.header(findings) == [
                "问题编号", "检查名称", "检查类型", "问题描述", "问题类别", "责任领导", "责任部门", "发现日期", "屡查屡犯", "问题状态", "销号日期", "备注",
                "督办",
            ])
        #expect(!Self.header(try #require(noRepeat[sheetNamed: "问题清单"])).contains("屡查屡犯"))
        #expect(
            Self.header(try #require(workbook[sheetNamed: "任务清单"])) == [
                "问题编号", "措施编号", "整改措施", "责任人", "完成时限", "阶段目标", "完成情况", "完成日期", "制度", "佐证材料", "督办人",
            ])
        #expect(findings[CellReference("J2")!] == .text("已销号"))
        #expect(findings[CellReference("K2")!] == .date(Date(timeIntervalSince1970: 1_751_328_000)))
        #expect(findings[CellReference("J3")!] == .text("整改中"))
        #expect(findings[CellReference("J4")!] == .text("未整改"))
        #expect(Self.header(duties) == ["问题编号", "问题描述", "责任领导", "责任部门", "责任人"])
        #expect(duties[CellReference("E3")!] == .text("何静、吴婷"))
        #expect(duties[CellReference("C4")!] == .text("林振华"))
    }

    @Test("a remembered header keeps the branch's column order, and known columns it lacks follow it")
    func rememberedOrder() throws {
        // Given a header as a branch's workbook had it, in its own order, lacking 问题状态 and 销号日期
        let writer = LedgerWorkbookWriter(headers: [
            "问题清单": ["督办", "检查类型", "问题编号", "检查名称", "问题描述", "问题类别", "责任领导", "责任部门", "发现日期", "备注", "屡查屡犯"]
        ])

        // When the ledger is written
        let findings = try #require(writer.workbook(for: Self.ledger, person: Self.person)[sheetNamed: "问题清单"])

        // Then the columns follow that order, then the missing ones, each value under its header
        #expect(
            Self.header(findings) == [
                "督办", "检查类型", "问题编号", "检查名称", "问题描述", "问题类别", "责任领导", "责任部门", "发现日期", "备注", "屡查屡犯", "问题状态",
                "销号日期",
            ])
        #expect(findings[CellReference("A3")!] == .text("-2+3"))
        #expect(findings[CellReference("C3")!] == .text("2"))
        #expect(findings[CellReference("K3")!] == .text("1"))
    }

    @Test(
        "openpyxl reads the written workbook cell for cell, dates as date cells",
        .enabled(if: Tools.hasOpenpyxl, "python3 with openpyxl is not installed"))
    func readByOpenpyxl() throws {
        // Given the ledger written as an .xlsx workbook
        let scratch = try Scratch()
        let writer = LedgerWorkbookWriter()
        let workbook = writer.workbook(for: Self.ledger, person: Self.person)
        let file = scratch.file("台账.xlsx")
        try writer.writeXLSX(workbook, to: file)

        // When openpyxl lists every cell of every sheet
        let json = try Tools.openpyxl(
            """
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                out[ws.title] = [[None if c.value is None else ("date:" + c.value.date().isoformat()) if c.is_date
                                  else str(c.value) for c in row] for row in ws.iter_rows()]
            print(json.dumps(out, ensure_ascii=False))
            """, [file.path])
        let read = try JSONDecoder().decode([String: [[String?]]].self, from: Data(json.utf8))

        // Then each sheet holds what GridDuty wrote, at the same cells
        for sheet in workbook.sheets {
            #expect(
                read[sheet.name]
                    == Self.grid(sheet) { value in
                        if case .date = value { return "date:\(value.description)" }
                        return value.description
                    }, "\(sheet.name)")
        }
    }

    @Test(
        "LibreOffice reads the written workbook as the same cells, every sheet converted to CSV",
        .enabled(if: Tools.soffice != nil, "LibreOffice is missing"))
    func readByLibreOffice() throws {
        // Given the ledger written as an .xlsx workbook
        let scratch = try Scratch()
        let writer = LedgerWorkbookWriter()
        let workbook = writer.workbook(for: Self.ledger, person: Self.person)
        let file = scratch.file("ledger.xlsx")
        try writer.writeXLSX(workbook, to: file)

        // When LibreOffice converts each of its sheets to a CSV file
        let out = scratch.file("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Tools.libreOfficeConvert(
            file, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", in: out)

        // Then each sheet's cells are GridDuty's, dates as YYYY-MM-DD
        for sheet in workbook.sheets {
            let data = try Data(contentsOf: out.appendingPathComponent("ledger-\(sheet.name).csv"))
            let converted = try CSV.sheet(named: sheet.name, from: data, file: sheet.name)
            let expected = sheet.rows.map { row in
                Row(
                    number: row.number,
                    cells: row.cells.map { Cell(column: $0.column, value: .text($0.value.description)) })
            }
            #expect(converted.rows == expected, "\(sheet.name)")
        }
    }

    static func header(_ sheet: Sheet) -> [String] {
        sheet.rows.first?.cells.map(\.value.description) ?? []
    }

    /// The sheet as a rectangle of cells, as openpyxl lists it.
    static func grid(_ sheet: Sheet, _ show: (CellValue) -> String) -> [[String?]] {
        let width = sheet.rows.flatMap(\.cells).map(\.column).max() ?? 0
        return sheet.rows.map { row in (1...width).map { column in row[column: column].map(show) } }
    }
}
