import Foundation
import GridCore
import GridLedgerFiles
import GridTestKit
import Testing

/// Every problem a workbook can have is reported at its cell, and all of them at once.
@Suite("Problems in an imported ledger workbook")
struct LedgerIssueTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var findings: [String] = [SmallLedger.finding1]
        var measures: [String] = [SmallLedger.measure1]
        var duties: String? = nil
        var expected: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a required cell left empty",
            findings: ["1,2026年运营检查,条线检查,,印章管理,林振华,运营部,2026-11-09\r\n"],
            expected: "问题清单:2:D (问题描述): the cell is empty; it is required"),
        Case(
            name: "a deadline that is no date",
            measures: ["1,1,补登记录,吴婷,2026-13-01,,未完成,,\r\n"],
            expected: "任务清单:2:E (完成时限): '2026-13-01' is not a date"),
        Case(
            name: "a found date in words",
            findings: ["1,2026年运营检查,条线检查,印章登记不全,,林振华,,十一月九日\r\n"],
            expected: "问题清单:2:H (发现日期): '十一月九日' is not a date"),
        Case(
            name: "an unknown kind of inspection",
            findings: ["1,2026年运营检查,检查,印章登记不全,,林振华,,2026-11-09\r\n"],
            expected: "问题清单:2:C (检查类型): '检查' is not a kind of inspection (巡视, 巡察, 审计, 条线检查, 自查)"),
        Case(
            name: "one inspection given two kinds",
            findings: [
                SmallLedger.finding1, "2,2026年运营检查,审计,尾箱超限,,林振华,,2026-11-10\r\n",
            ],
            expected:
                "问题清单:3:C (检查类型): the inspection '2026年运营检查' is 审计 here but 条线检查 at row 2; an inspection has one kind"
        ),
        Case(
            name: "a finding listed twice",
            findings: [SmallLedger.finding1, "\r\n", "1,2026年运营检查,条线检查,尾箱超限,,赵刚,,2026-11-10\r\n"],
            expected: "问题清单:4:A (问题编号): finding 1 is listed twice: also at row 2"),
        Case(
            name: "a measure listed twice",
            measures: [SmallLedger.measure1, "1,1,再次登记,何静,2026-11-30,,,,\r\n"],
            expected: "任务清单:3:B (措施编号): measure 1/1 is listed twice: also at row 2"),
        Case(
            name: "a measure of a finding the problem list lacks",
            measures: ["7,1,补登记录,吴婷,2026-11-30,,未完成,,\r\n"],
            expected: "任务清单:2:A (问题编号): finding 7 is not in 问题清单"),
        Case(
            name: "a stage target without a date",
            measures: ["1,1,补登记录,吴婷,2026-11-30,\"2026-11-20 初稿\n年底前完成\",未完成,,\r\n"],
            expected: "任务清单:2:F (阶段目标): the stage target '年底前完成' does not start with a date (YYYY-MM-DD 目标)"),
        Case(
            name: "a stage target without its text",
            measures: ["1,1,补登记录,吴婷,2026-11-30,2026-11-20；2026-11-25 复核,未完成,,\r\n"],
            expected: "任务清单:2:F (阶段目标): the stage target of 2026-11-20 says nothing to reach (YYYY-MM-DD 目标)"),
        Case(
            name: "a measure done without the day",
            measures: ["1,1,补登记录,吴婷,2026-11-30,,已完成,,\r\n"],
            expected: "任务清单:2:H (完成日期): the measure is 已完成 but the day it was done is missing"),
        Case(
            name: "a day done on a measure not done",
            measures: ["1,1,补登记录,吴婷,2026-11-30,,整改中,2026-11-20,\r\n"],
            expected: "任务清单:2:H (完成日期): a day is given but 完成情况 is '整改中', not 已完成"),
        Case(
            name: "a rule that is not a rule change",
            measures: ["1,1,补登记录,吴婷,2026-11-30,,未完成,,印章管理办法\r\n"],
            expected: "任务清单:2:I (制度): '印章管理办法' is not a rule change: write 新建《制度名称》 or 修订《制度名称》"),
        Case(
            name: "a control character in a cell",
            findings: ["1,2026年运营检查,条线检查,印章\u{1B}[31m登记,,林振华,,2026-11-09\r\n"],
            expected:
                "问题清单:2:D (问题描述): the text holds the control character U+001B, which no ledger text may hold"),
        Case(
            name: "a text that turns its direction around",
            measures: ["1,1,补登\u{202E}记录,吴婷,2026-11-30,,,,\r\n"],
            expected:
                "任务清单:2:C (整改措施): the text holds the control character U+202E, which no ledger text may hold"),
        Case(
            name: "a cell over 4,000 characters",
            findings: ["1,2026年运营检查,条线检查,\(String(repeating: "很", count: 4_001)),,林振华,,2026-11-09\r\n"],
            expected: "问题清单:2:D (问题描述): the text is 4001 characters long, over the limit of 4000"),
        Case(
            name: "a duty list naming a finding the problem list lacks",
            duties: "问题编号,责任领导,责任部门\r\n9,林振华,运营部\r\n",
            expected: "责任清单:2:A (问题编号): finding 9 is not in 问题清单"),
        Case(
            name: "a duty list naming another leader",
            duties: "问题编号,责任领导,责任部门\r\n1,赵刚,运营部\r\n",
            expected: "责任清单:2:B (责任领导): '赵刚' differs from 问题清单 row 2, whose 责任领导 is '林振华'"),
        Case(
            name: "a duty list naming another department",
            duties: "问题编号,责任领导,责任部门\r\n1,林振华,个人金融部\r\n",
            expected: "责任清单:2:C (责任部门): '个人金融部' differs from 问题清单 row 2, whose 责任部门 is '运营部'"),
        Case(
            name: "a duty list naming a person who owns no measure of the finding",
            duties: "问题编号,责任领导,责任部门,责任人\r\n1,林振华,运营部,吴婷、何静\r\n",
            expected: "责任清单:2:D (责任人): '何静' owns no measure of finding 1 in 任务清单"),
    ]

    @Test("each problem is reported once, at its sheet, row and column", arguments: cases)
    func oneProblem(_ example: Case) throws {
        // Given a CSV ledger with one problem
        let scratch = try Scratch()
        let folder = try scratch.csvFolder(
            SmallLedger.files(findings: example.findings, measures: example.measures, duties: example.duties))

        // When it is read
        let found = issues(reading: folder)

        // Then exactly that problem is reported, located
        #expect(found == [example.expected])
    }

    @Test("every problem of a workbook is reported at once, in sheet and row order")
    func manyProblems() throws {
        // Given a ledger with problems on several rows of both sheets and in the duty list
        let scratch = try Scratch()
        let folder = try scratch.csvFolder(
            SmallLedger.files(
                findings: [
                    "1,2026年运营检查,检查,,印章管理,林振华,运营部,2026-11-09\r\n",
                    "2,2026年运营检查,条线检查,尾箱超限,,,,2026/11/31\r\n",
                ],
                measures: [
                    "1,1,补登记录,吴婷,2026-13-01,,已完成,,印章办法\r\n",
                    "1,1,,何静,2026-11-30,,,,\r\n",
                ],
                duties: "问题编号,责任领导,责任部门\r\n1,赵刚,运营部\r\n"))

        // When it is read
        let found = issues(reading: folder)

        // Then every problem is listed, each at its cell
        #expect(
            found == [
                "问题清单:2:C (检查类型): '检查' is not a kind of inspection (巡视, 巡察, 审计, 条线检查, 自查)",
                "问题清单:2:D (问题描述): the cell is empty; it is required",
                "问题清单:3:F (责任领导): the cell is empty; it is required",
                "问题清单:3:H (发现日期): '2026/11/31' is not a date",
                "任务清单:2:E (完成时限): '2026-13-01' is not a date",
                "任务清单:2:I (制度): '印章办法' is not a rule change: write 新建《制度名称》 or 修订《制度名称》",
                "任务清单:2:H (完成日期): the measure is 已完成 but the day it was done is missing",
                "任务清单:3:C (整改措施): the cell is empty; it is required",
                "任务清单:3:B (措施编号): measure 1/1 is listed twice: also at row 2",
                "责任清单:2:B (责任领导): '赵刚' differs from 问题清单 row 2, whose 责任领导 is '林振华'",
            ])
    }

    @Test("a folder lacking a sheet, a header lacking columns and a sheet without a header are problems of the file")
    func fileProblems() throws {
        // Given a folder without 任务清单.csv whose 问题清单 lacks two columns, and one with a headerless 任务清单
        let scratch = try Scratch()
        let lacking = try scratch.csvFolder(
            ["问题清单": "问题编号,检查名称,检查类型,问题描述,问题类别,责任领导\r\n"], named: "lacking")
        let headerless = try scratch.csvFolder(
            [
                "问题清单": SmallLedger.findingsHeader + SmallLedger.finding1,
                "任务清单": String(repeating: "标题\r\n", count: 10) + SmallLedger.measuresHeader,
            ], named: "headerless")

        // When they are read
        // Then each names the file and what is missing
        #expect(
            issues(reading: lacking) == [
                "lacking: 问题清单:1: the header lacks the columns '责任部门', '发现日期'",
                "lacking: the file '任务清单.csv' is missing",
            ])
        #expect(
            issues(reading: headerless) == [
                "headerless: 任务清单:1: no header row: none of the first 10 rows names the column '问题编号'"
            ])
    }

    @Test("a file that is not a workbook, or is not there, is refused with its name")
    func notAWorkbook() throws {
        // Given a text file named like a workbook, and a path with nothing
        let scratch = try Scratch()
        let text = scratch.file("台账.xlsx")
        try Data("问题编号,检查名称\n".utf8).write(to: text)

        // When they are read
        // Then each is one problem of the file
        #expect(
            issues(reading: text) == [
                "台账.xlsx: not a readable .xlsx workbook: the zip container is damaged or truncated"
            ])
        #expect(issues(reading: scratch.file("无.xlsx")) == ["无.xlsx: does not exist"])
    }

    @Test("a CSV file that is not UTF-8, or whose quote never closes, is refused naming the file and the row")
    func unreadableCSV() throws {
        // Given a 问题清单.csv saved as GBK, and a 任务清单.csv whose quoted field never closes
        let scratch = try Scratch()
        let gbk = scratch.file("gbk")
        try FileManager.default.createDirectory(at: gbk, withIntermediateDirectories: true)
        try Data(SmallLedger.findingsHeader.utf8 + [0xD3, 0xA1, 0xD5, 0xC2]).write(
            to: gbk.appendingPathComponent("问题清单.csv"))
        let unclosed = try scratch.csvFolder(
            SmallLedger.files(measures: ["1,1,\"补登记录,吴婷,2026-11-30,,未完成,,\r\n"]), named: "unclosed")

        // When they are read
        // Then each names the file, the sheet and the row
        #expect(
            issues(reading: gbk) == [
                "问题清单.csv: 问题清单:2: is not UTF-8 (perhaps GBK, as Excel's plain \"CSV\" saves on Chinese Windows); save it as \"CSV UTF-8\""
            ])
        #expect(
            issues(reading: unclosed) == ["任务清单.csv: 任务清单:2:C: a quoted field opened on line 2 is never closed"])
    }

    @Test(
        "in a workbook, a number that is no plausible day, an error value and an uncalculated formula are problems",
        .enabled(if: Tools.hasOpenpyxl, "python3 with openpyxl is not installed"))
    func workbookCells() throws {
        // Given a workbook whose found date is the number 12, whose deadline is #N/A and whose text is a formula
        let scratch = try Scratch()
        let file = scratch.file("台账.xlsx")
        try Tools.openpyxl(
            """
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "问题清单"
            ws.append(["问题编号", "检查名称", "检查类型", "问题描述", "问题类别", "责任领导", "责任部门", "发现日期"])
            ws.append([1, "2026年运营检查", "条线检查", "=CONCAT(\\"a\\",\\"b\\")", None, "林振华", None, 12])
            ts = wb.create_sheet("任务清单")
            ts.append(["问题编号", "措施编号", "整改措施", "责任人", "完成时限", "阶段目标", "完成情况", "完成日期", "制度"])
            ts.append([1, 1, "补登记录", "吴婷", "#N/A"])
            ts["E2"].data_type = "e"
            wb.save(sys.argv[1])
            """, [file.path])

        // When it is read
        let found = issues(reading: file)

        // Then each cell's problem is reported
        #expect(
            found == [
                "问题清单:2:D (问题描述): the cell holds a formula no program calculated; open and save the workbook in Excel",
                "问题清单:2:H (发现日期): '12' is a number, not a date",
                "任务清单:2:E (完成时限): the cell holds the error #N/A",
            ])
    }
}
