import Foundation
import GridConfig
import GridCore
import GridLedgerFiles
import GridTestKit
import Testing

/// The example ledger shipped in `examples/ledger/`, as the example branch would import it.
@Suite("The example ledger workbook")
struct ExampleLedgerTests {
    static let workbook = repositoryRoot.appendingPathComponent("examples/ledger/example-line-check.xlsx")
    static let folder = repositoryRoot.appendingPathComponent("examples/ledger/example-line-check")

    @Test(
        "the example workbook reads as one line check of 5 findings and 12 measures, 5 done and 2 overdue on 2026-12-04"
    )
    func counts() throws {
        // Given the example workbook, a merged title row above each header
        // When it is read
        let draft = try LedgerWorkbookReader().read(contentsOf: Self.workbook)

        // Then its findings and measures are all there, as the branch would import them
        #expect(draft.findings.count == 5)
        #expect(draft.measures.count == 12)
        #expect(Set(draft.findings.map(\.value.inspection)) == ["2026年四季度运营条线检查"])
        #expect(Set(draft.findings.map(\.value.kind)) == [.lineCheck])
        #expect(draft.findings.map(\.value.number) == ["1", "2", "3", "4", "5"])
        #expect(draft.findings.map(\.place.row) == [3, 4, 5, 6, 7])
        #expect(draft.findings.map(\.value.found) == (9...13).map { date(2026, 11, $0) })
        let measures = draft.measures.map(\.value)
        #expect(measures.filter { $0.done != nil }.count == 5)
        #expect(measures.compactMap(\.done).allSatisfy { $0.date.month == 11 && $0.evidence != nil })
        #expect(
            measures.filter { $0.done == nil && $0.deadline < date(2026, 12, 4) }.map(\.id.description) == [
                "1/2", "3/2",
            ])
        #expect(measures.filter { !$0.milestones.isEmpty }.map(\.id.description) == ["2/2"])
        #expect(
            measures.first { $0.id.description == "2/2" }?.milestones == [
                Milestone(date: date(2026, 12, 18), text: "完成实施细则初稿"),
                Milestone(date: date(2027, 1, 8), text: "完成全员培训"),
            ])
        #expect(measures.compactMap(\.rule) == [RuleChange(kind: .created, name: "柜面业务印章管理实施细则")])
        #expect(draft.findings[2].value.extra == ["备注": "检查组现场清点发现"])
        #expect(draft.headers["问题清单"]?.last == "备注")
    }

    @Test("in the example, a second person can review every close-out: 周敏 leads and owns nothing, 林振华 leads some")
    func reviewersExist() throws {
        // Given the example workbook
        let draft = try LedgerWorkbookReader().read(contentsOf: Self.workbook)

        // When its leaders and owners are listed
        let leaders = draft.findings.map(\.value.leader)
        let owners = draft.measures.map(\.value.owner)

        // Then the discipline inspector is free to review every finding, and the branch head leads some
        #expect(!leaders.contains("周敏"))
        #expect(!owners.contains("周敏"))
        #expect(leaders.filter { $0 == "林振华" }.count == 3)
        for finding in draft.findings.map(\.value) {
            #expect(
                !draft.measures.filter { $0.value.id.finding == finding.number }.contains {
                    $0.value.owner == finding.leader
                })
        }
    }

    @Test(
        "every deadline and stage target of the example is a business day of the example branch, every person on its staff"
    )
    func deadlinesAreBusinessDays() throws {
        // Given the example workbook and the example branch of the shipped schedules
        let draft = try LedgerWorkbookReader().read(contentsOf: Self.workbook)
        let configuration = try ConfigLoader(directory: repositoryRoot.appendingPathComponent("schedules").path).load()
        let branch = try #require(configuration.branch("example"))

        // When its deadlines, stage targets and people are listed
        let days = draft.measures.flatMap { [$0.value.deadline] + $0.value.milestones.map(\.date) }
        let people = Set(draft.findings.map(\.value.leader) + draft.measures.map(\.value.owner))

        // Then each day is one the branch opens on (China's calendar, Monday to Saturday)
        #expect(days.count == 14)
        for day in days { #expect(branch.calendar.isBusinessDay(day), "\(day)") }
        // And each person is one member of its staff, by name
        for person in people { #expect(branch.staff.filter { $0.name == person }.count == 1, "\(person)") }
        #expect(branch.staff.first { $0.name == "周敏" }?.roles.contains("discipline-inspector") == true)
    }

    @Test("the example's CSV folder reads as the same ledger as its workbook")
    func csvFolderMatchesWorkbook() throws {
        // Given the example as a workbook and as a folder of CSV files with a BOM
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent("问题清单.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))

        // When both are read
        let fromWorkbook = try LedgerWorkbookReader().read(contentsOf: Self.workbook)
        let fromFolder = try LedgerWorkbookReader().read(contentsOf: Self.folder)

        // Then they give the same draft, row for row
        #expect(fromFolder == fromWorkbook)
    }

    @Test(
        "the script makes the committed example CSV files byte for byte, and a workbook that reads the same",
        .enabled(if: Tools.hasOpenpyxl, "python3 with openpyxl is not installed"))
    func scriptMakesTheExample() throws {
        // Given the example script run in an empty directory
        let scratch = try Scratch()
        try FileManager.default.createDirectory(
            at: scratch.file("examples/ledger"), withIntermediateDirectories: true)
        try Tools.run(
            Tools.python!, [repositoryRoot.appendingPathComponent("scripts/example-ledger.py").path], in: scratch.url)

        // When its outputs are compared with the committed ones
        // Then the CSV files are identical and the workbook reads as the committed one
        for name in ["问题清单", "任务清单", "责任清单"] {
            let made = try Data(contentsOf: scratch.file("examples/ledger/example-line-check/\(name).csv"))
            let committed = try Data(contentsOf: Self.folder.appendingPathComponent("\(name).csv"))
            #expect(made == committed, "\(name).csv")
        }
        let made = try LedgerWorkbookReader().read(
            contentsOf: scratch.file("examples/ledger/example-line-check.xlsx"))
        #expect(made == (try LedgerWorkbookReader().read(contentsOf: Self.workbook)))
    }
}
