import Foundation
import GridCore
import GridLedgerFiles
import GridTestKit
import Testing

/// Ledgers as banks keep them, saved by other programs: openpyxl, LibreOffice, Excel's CSV.
@Suite("Reading ledgers other programs wrote")
struct ForeignWorkbookTests {
    /// A bank's workbook: title rows merged above the header, columns in its own order, extra
    /// columns, empty rows, numbers for numbers, and dates as date cells, serial numbers and text.
    static let bankScript = """
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "问题清单"
        ws["A1"] = "示例支行2026年整改问题清单"
        ws.merge_cells("A1:L1")
        ws.append(["检查类型", "问题编号", "问题描述", "检查名称", "责任领导", "问题类别", "责任部门", "发现日期",
                   "问题状态", "销号日期", "督办意见", "屡查屡犯"])
        ws.append(["巡察", 3, "党费收缴不及时", "2026年巡察", "林振华", "党建", "综合部", datetime.date(2026, 11, 9),
                   "整改中", None, "本月内完成", None])
        ws["H3"].number_format = "yyyy-mm-dd"
        ws.append([])
        ws.append(["巡察", "4", "谈心谈话记录不全", "2026年巡察", "lin.zhenhua", None, None, "2026年11月10日"])
        ws.append(["巡察", 5.5, "  三会一课记录缺失  ", "2026年巡察", "赵刚", None, "综合部", "2026-11-11"])
        serial = (datetime.date(2026, 11, 12) - datetime.date(1899, 12, 30)).days
        ws.append(["审计", "A-6", "凭证装订不规范", "2026年内审", "赵刚", None, None, serial, None, None, None, "2"])
        ws.append(["审计", "A-7", "印章登记不全", "2026年内审", "赵刚", None, None, "2026/11/13"])
        ts = wb.create_sheet("任务清单")
        ts["A1"] = "整改任务清单"
        ts.merge_cells("A1:K1")
        ts["A2"] = "填报单位：示例支行"
        ts.append(["措施编号", "问题编号", "整改措施", "督办人", "责任人", "完成时限", "阶段目标", "完成情况", "完成日期",
                   "制度", "佐证材料"])
        ts.append([1, 3, "补缴党费", "周敏", "吴婷", datetime.date(2026, 11, 30), None, "已完成",
                   datetime.date(2026, 11, 20), None, "缴费凭证"])
        ts["F4"].number_format = "yyyy-mm-dd"
        ts["I4"].number_format = "yyyy\\"年\\"m\\"月\\"d\\"日\\""
        ts.append([1.5, 3, "建立党费收缴提醒", None, "何静", "2026.12.31", "2026.12.1 初稿；2026年12月15日定稿",
                   "整改中", None, "修订《党费收缴管理办法》", "初稿"])
        ts.append([None] * 5)
        ts.append([1, "A-6", "重新装订凭证", None, "郑凯", "2026-12-04", None, None, None, None, None])
        wb.save(sys.argv[1])
        """

    static let expectedFindings = [
        DraftFinding(
            number: "3", inspection: "2026年巡察", kind: .circuit, text: "党费收缴不及时", category: "党建", leader: "林振华",
            department: "综合部", found: date(2026, 11, 9), repeats: nil, extra: ["督办意见": "本月内完成"]),
        DraftFinding(
            number: "4", inspection: "2026年巡察", kind: .circuit, text: "谈心谈话记录不全", category: nil,
            leader: "lin.zhenhua", department: nil, found: date(2026, 11, 10), repeats: nil, extra: [:]),
        DraftFinding(
            number: "5.5", inspection: "2026年巡察", kind: .circuit, text: "三会一课记录缺失", category: nil, leader: "赵刚",
            department: "综合部", found: date(2026, 11, 11), repeats: nil, extra: [:]),
        DraftFinding(
            number: "A-6", inspection: "2026年内审", kind: .audit, text: "凭证装订不规范", category: nil, leader: "赵刚",
            department: nil, found: date(2026, 11, 12), repeats: "2", extra: [:]),
        DraftFinding(
            number: "A-7", inspection: "2026年内审", kind: .audit, text: "印章登记不全", category: nil, leader: "赵刚",
            department: nil, found: date(2026, 11, 13), repeats: nil, extra: [:]),
    ]

    static let expectedMeasures = [
        DraftMeasure(
            id: MeasureID(finding: "3", number: "1"), text: "补缴党费", owner: "吴婷", deadline: date(2026, 11, 30),
            milestones: [], done: MeasureDone(date: date(2026, 11, 20), evidence: "缴费凭证"), rule: nil,
            extra: ["督办人": "周敏"]),
        DraftMeasure(
            id: MeasureID(finding: "3", number: "1.5"), text: "建立党费收缴提醒", owner: "何静", deadline: date(2026, 12, 31),
            milestones: [
                Milestone(date: date(2026, 12, 1), text: "初稿"), Milestone(date: date(2026, 12, 15), text: "定稿"),
            ], done: nil, rule: RuleChange(kind: .revised, name: "党费收缴管理办法"), extra: ["佐证材料": "初稿"]),
        DraftMeasure(
            id: MeasureID(finding: "A-6", number: "1"), text: "重新装订凭证", owner: "郑凯", deadline: date(2026, 12, 4),
            milestones: [], done: nil, rule: nil, extra: [:]),
    ]

    @Test(
        "a bank's workbook saved by openpyxl reads under its title rows, whatever its column order, dates and numbers",
        .enabled(if: Tools.hasOpenpyxl, "python3 with openpyxl is not installed"))
    func openpyxlWorkbook() throws {
        // Given the bank's workbook as openpyxl saves it (shared strings, merged title, gaps)
        let scratch = try Scratch()
        let file = scratch.file("台账.xlsx")
        try Tools.openpyxl(Self.bankScript, [file.path])

        // When it is read
        let draft = try LedgerWorkbookReader().read(contentsOf: file)

        // Then each record is read from its row, dates of every form as days, numbers as written
        #expect(draft.findings.map(\.value) == Self.expectedFindings)
        #expect(draft.measures.map(\.value) == Self.expectedMeasures)
        #expect(draft.findings.map(\.place.row) == [3, 5, 6, 7, 8])
        #expect(draft.measures.map(\.place.row) == [4, 5, 7])
        #expect(draft.findings[0].at("发现日期").description == "问题清单:3:H")
        #expect(draft.measures[1].at("阶段目标").description == "任务清单:5:G")
        // And the branch's header is remembered, in its order, with its extra columns
        #expect(draft.headers["问题清单"]?.first == "检查类型")
        #expect(draft.headers["任务清单"]?[3] == "督办人")
    }

    @Test(
        "the same workbook after LibreOffice opened and saved it reads the same",
        .enabled(if: Tools.hasOpenpyxl && Tools.soffice != nil, "openpyxl or LibreOffice is missing"))
    func libreOfficeWorkbook() throws {
        // Given the bank's workbook converted by LibreOffice, xlsx to xlsx
        let scratch = try Scratch()
        let file = scratch.file("台账.xlsx")
        try Tools.openpyxl(Self.bankScript, [file.path])
        let saved = scratch.file("saved")
        try FileManager.default.createDirectory(at: saved, withIntermediateDirectories: true)
        try Tools.libreOfficeConvert(file, to: "xlsx:Calc MS Excel 2007 XML", in: saved)

        // When LibreOffice's file is read
        let draft = try LedgerWorkbookReader().read(contentsOf: saved.appendingPathComponent("台账.xlsx"))

        // Then it gives the same records at the same rows
        #expect(draft.findings.map(\.value) == Self.expectedFindings)
        #expect(draft.measures.map(\.value) == Self.expectedMeasures)
        #expect(draft.measures.map(\.place.row) == [4, 5, 7])
    }

    static let csvFindings = """
        示例支行整改问题清单,,,,,,,,
        问题编号,检查名称,检查类型,问题描述,问题类别,责任领导,责任部门,发现日期,备注\r
        1,2026年运营检查,条线检查,"'=HYPERLINK(""http://x"")为何写入",,林振华,运营部,2026年11月9日,'@备注\r
        ,,,,,,,,\r
        2,2026年运营检查,条线检查,"尾箱超限，
        两次",,赵刚,,2026/11/10,\r

        """

    static let csvMeasures = """
        问题编号,措施编号,整改措施,责任人,完成时限,阶段目标,完成情况,完成日期,制度\r
        1,1,'-核查,吴婷,2026-11-30,"2026-11-20 初稿
        2026-11-25 定稿",未完成,,新建《印章管理细则》\r
        2,1,复核,何静,2026.12.4,,已完成,2026-11-27,\r

        """

    @Test("a CSV folder reads the same with and without a byte order mark, the formula guard's apostrophe taken off")
    func csvFolders() throws {
        // Given one ledger as CSV files saved with a BOM (Excel's "CSV UTF-8") and without
        let scratch = try Scratch()
        let withBOM = try scratch.csvFolder(
            ["问题清单": "\u{FEFF}" + Self.csvFindings, "任务清单": "\u{FEFF}" + Self.csvMeasures], named: "bom")
        let without = try scratch.csvFolder(["问题清单": Self.csvFindings, "任务清单": Self.csvMeasures], named: "plain")

        // When both are read
        let fromBOM = try LedgerWorkbookReader().read(contentsOf: withBOM)
        let fromPlain = try LedgerWorkbookReader().read(contentsOf: without)

        // Then they are the same draft, texts as written and dates as days
        #expect(fromBOM == fromPlain)
        #expect(fromBOM.findings.map(\.value.text) == ["=HYPERLINK(\"http://x\")为何写入", "尾箱超限，\n两次"])
        #expect(fromBOM.findings[0].value.extra == ["备注": "@备注"])
        #expect(fromBOM.findings.map(\.place.row) == [3, 5])
        #expect(fromBOM.findings.map(\.value.found) == [date(2026, 11, 9), date(2026, 11, 10)])
        #expect(fromBOM.measures.map(\.value.text) == ["-核查", "复核"])
        #expect(fromBOM.measures[0].value.milestones.map(\.date) == [date(2026, 11, 20), date(2026, 11, 25)])
        #expect(fromBOM.measures[1].value.done == MeasureDone(date: date(2026, 11, 27), evidence: nil))
        #expect(fromBOM.measures[1].value.deadline == date(2026, 12, 4))
    }
}
