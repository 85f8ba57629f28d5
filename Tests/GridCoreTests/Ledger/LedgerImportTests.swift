import GridCore
import GridTestKit
import Testing

/// Planning an import: a workbook's draft checked against the roster, the calendar and the
/// ledger, and compared with it.
@Suite("Ledger import: every problem located, and re-import as a diff")
struct LedgerImportTests {
    let branch = Fixtures.branch()
    let today = Fixtures.date("2026-11-20")

    static let problems = "问题清单"
    static let tasks = "任务清单"
    static let findingColumns = [
        "问题编号": 1, "检查名称": 2, "检查类型": 3, "问题描述": 4, "问题类别": 5, "责任领导": 6, "责任部门": 7, "发现日期": 8,
    ]
    static let measureColumns = [
        "问题编号": 1, "措施编号": 2, "整改措施": 3, "责任人": 4, "完成时限": 5, "阶段目标": 6, "完成情况": 7, "完成日期": 8, "制度": 9,
    ]

    func finding(_ number: String, row: Int, leader: String = "林振华", found: String = "2026-11-10")
        -> LedgerDraft.Row<DraftFinding>
    {
        LedgerDraft.Row(
            value: DraftFinding(
                number: number, inspection: "四季度运营条线检查", kind: .lineCheck, text: "问题\(number)", category: "操作风险",
                leader: leader, department: "运营部", found: Fixtures.date(found), repeats: nil, extra: [:]),
            place: SheetPlace(sheet: Self.problems, row: row), columns: Self.findingColumns)
    }

    func measure(
        _ finding: String, _ number: String, row: Int, owner: String = "吴婷", due: String = "2026-11-30",
        milestones: [Milestone] = [], done: MeasureDone? = nil
    ) -> LedgerDraft.Row<DraftMeasure> {
        LedgerDraft.Row(
            value: DraftMeasure(
                id: MeasureID(finding: finding, number: number), text: "措施\(number)", owner: owner,
                deadline: Fixtures.date(due), milestones: milestones, done: done, rule: nil, extra: [:]),
            place: SheetPlace(sheet: Self.tasks, row: row), columns: Self.measureColumns)
    }

    var draft: LedgerDraft {
        LedgerDraft(
            findings: [finding("1", row: 3), finding("2", row: 4, leader: "B")],
            measures: [
                measure("1", "1", row: 3, done: MeasureDone(date: Fixtures.date("2026-11-18"), evidence: "签到表")),
                measure(
                    "1", "2", row: 4, owner: "H", milestones: [Milestone(date: Fixtures.date("2026-11-23"), text: "方案")]
                ),
                measure("2", "1", row: 5, owner: "何静", due: "2026-12-04"),
            ])
    }

    func imported(_ draft: LedgerDraft) throws -> Ledger {
        let plan = LedgerImport.plan(draft: draft, into: Ledger(), branch: branch, today: today)
        try #require(plan.issues.isEmpty, "\(plan.issues)")
        var ledger = Ledger()
        for change in plan.changes { try ledger.apply(change, on: today) }
        return ledger
    }

    @Test("A new workbook becomes the inspection, its findings, its measures and the done ones, people by name or id")
    func firstImport() throws {
        let plan = LedgerImport.plan(draft: draft, into: Ledger(), branch: branch, today: today)
        #expect(plan.issues.isEmpty, "\(plan.issues)")
        #expect(
            plan.changes.map(\.kind) == [
                "inspection-added", "finding-added", "finding-added", "measure-added", "measure-done", "measure-added",
                "measure-added",
            ])
        let ledger = try imported(draft)
        #expect(ledger.finding("1")?.finding.leader == Fixtures.a)
        #expect(ledger.finding("2")?.finding.leader == Fixtures.b)
        #expect(ledger.measure(.init(finding: "1", number: "1"))?.done?.evidence == "签到表")
        #expect(ledger.measure(.init(finding: "1", number: "2"))?.owner == Fixtures.h)
    }

    @Test("Importing the same workbook again changes nothing; a changed deadline or owner is a revision")
    func reimportIsADiff() throws {
        let ledger = try imported(draft)
        let again = LedgerImport.plan(draft: draft, into: ledger, branch: branch, today: today)
        #expect(again.issues.isEmpty && again.changes.isEmpty, "\(again.changes)")

        var edited = draft
        edited.measures[2].value.deadline = Fixtures.date("2026-12-11")
        edited.measures[1].value.owner = "何静"
        let diff = LedgerImport.plan(draft: edited, into: ledger, branch: branch, today: today)
        #expect(diff.issues.isEmpty, "\(diff.issues)")
        #expect(diff.changes.count == 2)
        guard case .measureRevised(let owner) = diff.changes.first,
            case .measureRevised(let deadline) = diff.changes.last
        else {
            Issue.record("expected two revisions, got \(diff.changes)")
            return
        }
        #expect(owner.id == .init(finding: "1", number: "2") && owner.owner == Fixtures.i)
        #expect(deadline.deadline == Fixtures.date("2026-12-11"))
    }

    @Test("Every problem is listed at its sheet, row and column, and nothing is planned")
    func everyProblemLocated() throws {
        let bad = LedgerDraft(
            findings: [finding("1", row: 3, leader: "张三"), finding("2", row: 4, found: "2026-11-25")],
            measures: [
                measure("1", "1", row: 3, due: "2026-11-21"),
                measure("9", "1", row: 4),
                measure("2", "1", row: 5, owner: "nobody"),
                measure("2", "2", row: 6, done: MeasureDone(date: Fixtures.date("2026-11-21"), evidence: nil)),
                measure("2", "3", row: 7, due: "2062-11-30"),
            ])
        let plan = LedgerImport.plan(draft: bad, into: Ledger(), branch: branch, today: today)
        let lines = plan.issues.map(\.description)
        #expect(lines.contains { $0.hasPrefix("问题清单:3:F (责任领导): '张三' is neither a staff id nor a name") }, "\(lines)")
        #expect(lines.contains("问题清单:4:H (发现日期): found on 2026-11-25, after today (2026-11-20)"), "\(lines)")
        #expect(
            lines.contains(
                "任务清单:3:E (完成时限): the deadline 2026-11-21 is not a business day of branch 'test-branch'; the next business day is 2026-11-23"
            ), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("任务清单:4:A (问题编号): measure 9/1 belongs to finding 9") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("任务清单:5:D (责任人): 'nobody'") }, "\(lines)")
        #expect(lines.contains("任务清单:6:H (完成日期): done on 2026-11-21, after today (2026-11-20)"), "\(lines)")
        #expect(
            lines.contains { $0.hasPrefix("任务清单:7:E (完成时限): the deadline 2062-11-30 is more than 1100 days") },
            "\(lines)")
        #expect(plan.issues.count == 7)
    }

    @Test("A name two staff share must be written as an id")
    func ambiguousName() {
        let twins = Fixtures.staff(replacing: Fixtures.h) {
            StaffMember(id: $0.id, name: "吴婷", roles: $0.roles, partyMember: $0.partyMember)
        }
        let plan = LedgerImport.plan(
            draft: draft, into: Ledger(), branch: Fixtures.branch(staff: twins), today: today)
        #expect(
            plan.issues.map(\.description) == [
                "任务清单:3:D (责任人): '吴婷' is the name of 2 staff (G, H); write the staff id"
            ])
    }

    @Test(
        "A done measure's row may not change; one the workbook calls open stays done; items missing from the workbook stay"
    )
    func doneIsFinalAndNothingIsRemoved() throws {
        let ledger = try imported(draft)
        var undone = draft
        undone.measures[0].value.done = nil
        undone.measures.removeLast()
        undone.findings.removeLast()
        undone.measures.removeLast()
        let plan = LedgerImport.plan(draft: undone, into: ledger, branch: branch, today: today)
        #expect(plan.issues.isEmpty && plan.changes.isEmpty)
        #expect(plan.notes.contains("measure 1/1 is done (2026-11-18) in the ledger; the workbook's 未完成 is ignored"))
        #expect(plan.notes.contains("finding 2 is in the ledger but not in the workbook; it is kept"))
        #expect(plan.notes.contains("measure 2/1 is in the ledger but not in the workbook; it is kept"))

        var moved = draft
        moved.measures[0].value.deadline = Fixtures.date("2026-12-01")
        let refused = LedgerImport.plan(draft: moved, into: ledger, branch: branch, today: today)
        #expect(
            refused.issues.map(\.description) == [
                "任务清单:3: measure 1/1 is done; its record is final; its row may not change"
            ])
    }

    @Test("Milestones fall on business days within the measure's span")
    func milestones() {
        var bad = draft
        bad.measures[1].value.milestones = [
            Milestone(date: Fixtures.date("2026-11-22"), text: "周日"),
            Milestone(date: Fixtures.date("2026-12-02"), text: "太晚"),
        ]
        let plan = LedgerImport.plan(draft: bad, into: Ledger(), branch: branch, today: today)
        let lines = plan.issues.map(\.description)
        #expect(
            lines.contains { $0.hasPrefix("任务清单:4:F (阶段目标): the milestone 2026-11-22 is not a business day") },
            "\(lines)")
        #expect(
            lines.contains(
                "任务清单:4:F (阶段目标): the milestone 2026-12-02 is outside the measure's span (2026-11-10 to 2026-11-30)"),
            "\(lines)")
    }
}
