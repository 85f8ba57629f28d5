import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private let lin = LedgerFixtures.lin
private let zhou = LedgerFixtures.zhou

/// The figures of `LedgerFixtures` for one branch on a Monday–Friday calendar.
private func figuresOf(
    through date: String, asOf: String? = nil, inspection: String? = nil, branch: String = "b1"
) throws -> LedgerFigures {
    let ledger = try LedgerFixtures.ledger(through: date)
    return LedgerFigures(
        branches: [BranchLedger(branch: branch, ledger: ledger, calendar: Fixtures.businessCalendar())],
        asOf: day(asOf ?? date), inspection: inspection)
}

/// A ledger of one finding found on `found` with one measure due on `deadline`, not done.
private func oneMeasure(deadline: String, found: String = "2026-09-01") throws -> Ledger {
    var ledger = Ledger()
    try ledger.apply(.inspectionAdded(Inspection(name: "自查", kind: .selfCheck)), on: day(found))
    try ledger.apply(
        .findingAdded(Finding(number: "1", inspection: "自查", text: "t", leader: lin, found: day(found))), on: day(found)
    )
    try ledger.apply(
        .measureAdded(
            Measure(id: MeasureID(finding: "1", number: "1"), text: "m", owner: zhou, deadline: day(deadline))),
        on: day(found))
    return ledger
}

@Suite("Ledger figures")
struct LedgerFiguresTests {
    @Test("the totals count findings by state, measures done, late, overdue and running, done rules and repeats")
    func totals() throws {
        // Given the fixture ledger as recorded through Friday 2026-10-16
        // When its figures are taken that day
        let figures = try figuresOf(through: "2026-10-16")

        // Then: findings 1 closed, 10 awaiting, 2 and 4 rectifying, 3 open (and a repeat of 1);
        // measures 1/1, 1/2 (late), 10/1 done; 2/1 and 4/1 overdue; 2/2 running, its revised
        // rule not counted as it is not done
        #expect(
            figures.totals
                == LedgerTotals(
                    findings: 5, open: 1, rectifying: 2, awaitingCloseOut: 1, closed: 1, measures: 6, done: 3,
                    doneLate: 1, overdue: 2, running: 1, rulesCreated: 1, rulesRevised: 1, recurrences: 1))
        #expect(figures.asOf == day("2026-10-16"))
        #expect(figures.inspection == nil)
    }

    @Test("the sentence states every total in the reports' wording")
    func sentence() throws {
        let figures = try figuresOf(through: "2026-10-16")
        #expect(
            figures.sentence
                == "共发现问题5项，已整改销号1项，待销号1项，整改中2项，未整改1项；提出整改措施6条，已完成3条，逾期2条；新建制度1项，修订制度1项；屡查屡犯问题1项。")
        #expect(
            LedgerFigures(branches: [], asOf: day("2026-10-16")).sentence
                == "共发现问题0项，已整改销号0项，待销号0项，整改中0项，未整改0项；提出整改措施0条，已完成0条，逾期0条；新建制度0项，修订制度0项；屡查屡犯问题0项。")
    }

    @Test("each responsible leader's row counts their findings and those findings' measures")
    func leaders() throws {
        let figures = try figuresOf(through: "2026-10-16")
        // lin leads 1, 2, 4: measures 1/1, 1/2, 2/1, 2/2, 4/1; zhou leads 3 and 10: measure 10/1
        #expect(
            figures.leaders == [
                LedgerResponsibility(
                    branch: "b1", responsible: lin, findings: 3, closed: 1, measures: 5, done: 2, overdue: 2),
                LedgerResponsibility(
                    branch: "b1", responsible: zhou, findings: 2, closed: 0, measures: 1, done: 1, overdue: 0),
            ])
    }

    @Test("each department's row counts its findings, an empty or missing department under 未填写")
    func departments() throws {
        let figures = try figuresOf(through: "2026-10-16")
        // 运营部: 1 and 2; 未填写: 3 (none) and 4 (""); 综合部: 10. Text in code-point order.
        #expect(
            figures.departments == [
                LedgerResponsibility(
                    branch: "b1", responsible: "未填写", findings: 2, closed: 0, measures: 1, done: 0, overdue: 1),
                LedgerResponsibility(
                    branch: "b1", responsible: "综合部", findings: 1, closed: 0, measures: 1, done: 1, overdue: 0),
                LedgerResponsibility(
                    branch: "b1", responsible: "运营部", findings: 2, closed: 1, measures: 4, done: 2, overdue: 1),
            ])
        #expect(LedgerFigures.noDepartment == "未填写")
    }

    @Test("overdue measures are listed most business days late first, counted on the branch's calendar")
    func overdueList() throws {
        let figures = try figuresOf(through: "2026-10-16")
        // 2/1 due 09-30: 10-08, 09, 10 (a swapped Saturday), 12–16 = 8; 4/1 due 10-09: 10-10, 12–16 = 6
        #expect(
            figures.overdue == [
                LedgerOverdueMeasure(
                    branch: "b1", measure: MeasureID(finding: "2", number: "1"), text: "措施2-1", owner: "zhao.gang",
                    deadline: day("2026-09-30"), businessDaysOverdue: 8),
                LedgerOverdueMeasure(
                    branch: "b1", measure: MeasureID(finding: "4", number: "1"), text: "措施4-1", owner: "zhao.gang",
                    deadline: day("2026-10-09"), businessDaysOverdue: 6),
            ])
    }

    @Test("an inspection filter keeps only its findings and their measures")
    func inspectionFilter() throws {
        let figures = try figuresOf(through: "2026-10-16", inspection: LedgerFixtures.audit)
        #expect(
            figures.totals
                == LedgerTotals(
                    findings: 1, awaitingCloseOut: 1, measures: 1, done: 1, rulesRevised: 1))
        #expect(figures.inspection == LedgerFixtures.audit)
        #expect(
            figures.leaders == [
                LedgerResponsibility(branch: "b1", responsible: zhou, findings: 1, measures: 1, done: 1)
            ])
        #expect(figures.departments.map(\.responsible) == ["综合部"])
        #expect(figures.overdue.isEmpty)

        let unknown = try figuresOf(through: "2026-10-16", inspection: "没有这个检查")
        #expect(unknown.totals == LedgerTotals())
        #expect(unknown.leaders.isEmpty && unknown.departments.isEmpty && unknown.overdue.isEmpty)
    }

    @Test(
        "a measure is running through its deadline day and overdue from the next day, by the business days since",
        arguments: [
            ("2026-10-08", 0, nil as Int?),  // before the deadline
            ("2026-10-09", 0, nil),  // on it
            ("2026-10-10", 1, 1),  // a swapped working Saturday
            ("2026-10-11", 1, 1),  // Sunday: overdue, no business day more
            ("2026-10-12", 1, 2),
        ])
    func deadlineDay(asOf: String, overdue: Int, days: Int?) throws {
        // Given a measure due Friday 2026-10-09
        let ledger = try oneMeasure(deadline: "2026-10-09")

        // When the figures are taken on `asOf`
        let figures = LedgerFigures(
            branches: [BranchLedger(branch: "b1", ledger: ledger, calendar: Fixtures.businessCalendar())],
            asOf: day(asOf))

        // Then it is running or overdue, by so many business days
        #expect(figures.totals.overdue == overdue)
        #expect(figures.totals.running == 1 - overdue)
        #expect(figures.overdue.first?.businessDaysOverdue == days)
    }

    @Test(
        "the days overdue skip the National Day holiday: due 09-30, one day late on 10-08",
        arguments: [("2026-10-01", 0), ("2026-10-07", 0), ("2026-10-08", 1), ("2026-10-09", 2)])
    func overHoliday(asOf: String, days: Int) throws {
        let ledger = try oneMeasure(deadline: "2026-09-30")
        let figures = LedgerFigures(
            branches: [BranchLedger(branch: "b1", ledger: ledger, calendar: Fixtures.businessCalendar())],
            asOf: day(asOf))
        #expect(figures.totals.overdue == 1)
        #expect(figures.overdue.map(\.businessDaysOverdue) == [days])
    }

    @Test("several branches add up, each counted on its own calendar, rows by branch in number order")
    func branches() throws {
        // Given the fixture as branch b10 on a Monday–Friday calendar and one measure due
        // 09-30 as branch b9, open every day of the week
        let fixture = try LedgerFixtures.ledger(through: "2026-10-16")
        let single = try oneMeasure(deadline: "2026-09-30")
        let figures = LedgerFigures(
            branches: [
                BranchLedger(branch: "b10", ledger: fixture, calendar: Fixtures.businessCalendar()),
                BranchLedger(
                    branch: "b9", ledger: single, calendar: Fixtures.businessCalendar(openWeekdays: Fixtures.everyDay)),
            ],
            asOf: day("2026-10-16"))

        // Then the totals are the sum
        #expect(figures.totals.findings == 6)
        #expect(figures.totals.open == 1)
        #expect(figures.totals.rectifying == 3)
        #expect(figures.totals.measures == 7)
        #expect(figures.totals.overdue == 3)
        // and the same leader of two branches has a row in each, b9 before b10
        #expect(
            figures.leaders.map { "\($0.branch) \($0.responsible) \($0.findings)" } == [
                "b9 \(lin) 1", "b10 \(lin) 3", "b10 \(zhou) 2",
            ])
        #expect(
            figures.departments.map { "\($0.branch) \($0.responsible)" } == ["b9 未填写", "b10 未填写", "b10 综合部", "b10 运营部"])
        // and b9, open at weekends, is 10-08 through 10-16 late: 9 days; b10's 2/1, on the
        // same deadline, 8; a tie in days goes to the earlier deadline
        #expect(
            figures.overdue.map { "\($0.branch) \($0.measure) \($0.businessDaysOverdue)" } == [
                "b9 1/1 9", "b10 2/1 8", "b10 4/1 6",
            ])
    }

    @Test("the change since an earlier report is each total's difference and what was closed and done since")
    func change() throws {
        // Given the figures of 2026-10-09 and of 2026-10-16
        let previous = try figuresOf(through: "2026-10-09")
        let current = try figuresOf(through: "2026-10-16")
        #expect(
            previous.totals
                == LedgerTotals(
                    findings: 4, rectifying: 3, awaitingCloseOut: 1, measures: 6, done: 3, doneLate: 1, overdue: 1,
                    running: 2, rulesCreated: 1, rulesRevised: 1))

        // When the change is taken
        let change = current.change(since: previous)

        // Then finding 1 was closed, 3 found (a repeat), 4/1 fell overdue, nothing done
        #expect(change.since == day("2026-10-09"))
        #expect(
            change.totals
                == LedgerTotals(
                    findings: 1, open: 1, rectifying: -1, awaitingCloseOut: 0, closed: 1, overdue: 1, running: -1,
                    recurrences: 1))
        #expect(change.newlyClosed == 1)
        #expect(change.newlyDone == 0)
        #expect(
            change.sentence
                == "较2026-10-09：新销号问题1项，新完成措施0条；问题+1，已销号+1，待销号0，整改中-1，未整改+1；措施0，已完成0，逾期+1。")

        // and since 2026-09-20, when only 1/1 was done, 1/2 and 10/1 are newly done
        let september = try figuresOf(through: "2026-09-20")
        #expect(current.change(since: september).newlyDone == 2)
        #expect(current.change(since: current).totals == LedgerTotals())
    }

    @Test("newly closed and newly done count by identity, not by the difference of the totals")
    func changeByIdentity() throws {
        // Given figures of the tour on 09-28 (1/1 and 1/2 done, finding 1 awaiting close-out)
        // and, as a later report restricted otherwise, of the audit on 10-16 (10/1 done)
        let before = try figuresOf(through: "2026-09-28", inspection: LedgerFixtures.tour)
        let after = try figuresOf(through: "2026-10-16", inspection: LedgerFixtures.audit)

        // When the change is taken
        let change = after.change(since: before)

        // Then done fell by one, yet one measure, 10/1, is newly done
        #expect(change.totals.done == -1)
        #expect(change.newlyDone == 1)
        #expect(change.newlyClosed == 0)
    }

    @Test("figures are Codable and come back equal")
    func codable() throws {
        let figures = try figuresOf(through: "2026-10-16")
        let data = try JSONEncoder().encode(figures)
        #expect(try JSONDecoder().decode(LedgerFigures.self, from: data) == figures)
    }
}
