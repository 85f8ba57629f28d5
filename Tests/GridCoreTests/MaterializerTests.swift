import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private typealias ID = Fixtures.DutyID

/// The plans of one catalog duty in one period, keyed by subject.
private func plans(
    _ dutyID: String, _ periodKey: String, asOf: String, branch: Branch = Fixtures.branch()
) -> [String: OccurrencePlan] {
    let duty = Fixtures.duty(dutyID)
    guard let period = duty.cadence.period(key: periodKey) else { preconditionFailure("no period \(periodKey)") }
    let result = Materializer(catalog: Fixtures.catalog, branch: branch).plans(for: duty, in: period, asOf: day(asOf))
    return Dictionary(result.map { ($0.key.subject, $0) }, uniquingKeysWith: { first, _ in first })
}

private func monthlyDuty(
    owner: OwnerRule = .role(Fixtures.RoleID.branchHead), deadline: DeadlineRule = .periodEnd, remindLead: Int? = nil,
    scope: Scope = .branch
) -> Duty {
    Duty(
        id: "test.monthly", title: "test", line: Fixtures.LineID.operations, owner: owner, cadence: .monthly,
        scope: scope, deadline: deadline, remindLead: remindLead)
}

/// A newcomer, J, who joins the counter grid's roster on 2026-11-16.
private let joiner = StaffMember(
    id: "J", name: "新员工", roles: [Fixtures.RoleID.counterManager], joined: day("2026-11-16"))

@Suite("Materializer")
struct MaterializerTests {
    // MARK: - Daily duties and the business calendar

    @Test("a daily duty has one occurrence per business day and none on closed days")
    func dailyDutyOnBusinessDaysOnly() {
        // Given a Monday–Friday branch and a daily branch-wide duty
        let materializer = Materializer(catalog: Fixtures.catalog(only: ID.dailyCashCheck), branch: Fixtures.branch())

        // When October 2026 is materialised (National Day 1–7, swapped workday Saturday the 10th)
        let result = materializer.plans(overlapping: Fixtures.days("2026-10-01", "2026-10-31"), asOf: day("2026-10-01"))

        // Then there is one occurrence for each of its 18 business days, none on holidays or weekends
        let expected = Fixtures.businessCalendar().businessDays(in: Fixtures.days("2026-10-01", "2026-10-31")).map(
            \.description)
        #expect(result.count == 18)
        #expect(result.map(\.key.period) == expected)
        #expect(!result.contains { $0.key.period == "2026-10-03" || $0.key.period == "2026-10-11" })
        #expect(result.contains { $0.key.period == "2026-10-10" })
        #expect(result.allSatisfy { $0.key.subject == Fixtures.branchID && $0.owner == Fixtures.b })
    }

    @Test(
        "a weekend-open branch owes daily duties on ordinary weekends but not on holiday weekends",
        arguments: [
            ("2026-03-07", true, false), ("2026-03-08", true, false), ("2026-02-21", false, false),
            ("2026-10-04", false, false),
            ("2026-10-10", true, true), ("2026-11-30", true, true),
        ])
    func dailyDutyOnWeekends(date: String, weekendBranch: Bool, weekdayBranch: Bool) {
        let span = day(date)...day(date)
        let catalog = Fixtures.catalog(only: ID.dailyCashCheck)
        let weekend = Materializer(catalog: catalog, branch: Fixtures.branch(openWeekdays: Fixtures.everyDay))
        let weekday = Materializer(catalog: catalog, branch: Fixtures.branch())
        #expect(weekend.plans(overlapping: span, asOf: day(date)).count == (weekendBranch ? 1 : 0))
        #expect(weekday.plans(overlapping: span, asOf: day(date)).count == (weekdayBranch ? 1 : 0))
    }

    @Test("a weekly duty owes nothing in a week the branch is closed throughout")
    func weeklyHolidayWeek() {
        // Given February 2026, whose week 8 is all Spring Festival
        let materializer = Materializer(catalog: Fixtures.catalog(only: ID.weeklyRiskReview), branch: Fixtures.branch())

        // When it is materialised
        let keys = materializer.plans(overlapping: Fixtures.days("2026-02-01", "2026-02-28"), asOf: day("2026-02-01"))
            .map(\.key.period)

        // Then week 8 is skipped and the weeks around it are there
        #expect(keys == ["2026-W05", "2026-W06", "2026-W07", "2026-W09"])
    }

    // MARK: - Scopes

    @Test(
        "per-scope duties expand over the roster: one per branch, staff, party member, grid, grid member or pairing",
        arguments: [
            (ID.weeklyRiskReview, "2026-W48", 1), (ID.monthlySelfCheck, "2026-11", 9),
            (ID.quarterlyPartyReport, "2026-Q4", 6),
            (ID.monthlyGridMeeting, "2026-11", 2), (ID.monthlyGridTalk, "2026-11", 8),
            (ID.quarterlyPairingVisit, "2026-Q4", 3),
            (ID.dailyOwnCheck, "2026-11-23", 9),
        ])
    func scopeExpansion(dutyID: String, periodKey: String, count: Int) {
        // When one period of the duty is materialised
        let result = plans(dutyID, periodKey, asOf: "2026-11-01")

        // Then there is one occurrence per subject
        #expect(result.count == count)
    }

    @Test("the subjects of each scope are the expected people, grids and pairings")
    func scopeSubjects() {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let november = Fixtures.days("2026-11-01", "2026-11-30")
        #expect(m.subjects(of: .branch, during: november).map { $0.0 } == [Fixtures.branchID])
        #expect(m.subjects(of: .staff, during: november).map { $0.0 } == ["A", "B", "C", "D", "E", "F", "G", "H", "I"])
        #expect(m.subjects(of: .partyMember, during: november).map { $0.0 } == ["A", "B", "C", "D", "E", "G"])
        #expect(m.subjects(of: .grid, during: november).map { $0.0 } == ["branch-grid", "counter-grid"])
        #expect(m.subjects(of: .gridMember, during: november).map { $0.0 } == ["B", "C", "D", "E", "F", "G", "H", "I"])
        #expect(
            m.subjects(of: .gridMember, during: november).map { $0.1?.id ?? "-" } == Array(
                repeating: "branch-grid", count: 4) + Array(repeating: "counter-grid", count: 4))
        #expect(m.subjects(of: .pairing, during: november).map { $0.0 } == ["pair.a-c", "pair.b-f", "pair.office"])
        #expect(m.subjects(of: .person, during: november).isEmpty)
        #expect(m.subjects(of: .case, during: november).isEmpty)
    }

    @Test("someone joining mid-period is owed the current period's per-person duties, not the previous period's")
    func joinerMidPeriod() throws {
        // Given J joins on 16 November 2026
        let branch = Fixtures.branch(staff: Fixtures.staff + [joiner])

        // When October and November are materialised for a staff-wide, self-owned duty
        let october = plans(ID.monthlySelfCheck, "2026-10", asOf: "2026-11-20", branch: branch)
        let november = plans(ID.monthlySelfCheck, "2026-11", asOf: "2026-11-20", branch: branch)

        // Then J is in November's, owning it, and not in October's
        #expect(october["J"] == nil && october.count == 9)
        #expect(november.count == 10)
        #expect(try #require(november["J"]).owner == "J")
    }

    @Test(
        "someone who left is not owed the periods after their departure",
        arguments: [
            ("2026-11-16", true), ("2026-12-01", true), ("2026-11-01", false), ("2026-11-30", true),
        ])
    func leaver(left: String, inNovember: Bool) {
        // Given H leaves, `left` being the first day off the roster
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.h) { Fixtures.member($0, left: day(left)) })

        // When November and December are materialised
        let november = plans(ID.monthlySelfCheck, "2026-11", asOf: "2026-11-10", branch: branch)
        let december = plans(ID.monthlySelfCheck, "2026-12", asOf: "2026-12-10", branch: branch)
        let decemberGrid = plans(ID.monthlyGridTalk, "2026-12", asOf: "2026-12-10", branch: branch)

        // Then H is owed November only if still there on its first day, and never December
        #expect((november["H"] != nil) == inNovember)
        #expect(december["H"] == nil && december.count == 8)
        #expect(decemberGrid["H"] == nil && decemberGrid.count == 7)
    }

    @Test("a party member who left before a quarter began is not owed that quarter's report")
    func partyMemberLeft() {
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.g) { Fixtures.member($0, left: day("2026-10-01")) })
        #expect(plans(ID.quarterlyPartyReport, "2026-Q4", asOf: "2026-10-01", branch: branch).count == 5)
        #expect(plans(ID.quarterlyPartyReport, "2026-Q3", asOf: "2026-09-01", branch: branch)["G"]?.owner == "G")
    }

    // MARK: - Owners

    @Test("a role-owned duty goes to the role's holder")
    func roleOwner() {
        #expect(plans(ID.quarterlyWarningTalk, "2026-Q4", asOf: "2026-11-01")[Fixtures.branchID]?.owner == Fixtures.b)
        #expect(
            plans(ID.quarterlyPairingVisit, "2026-Q4", asOf: "2026-11-01").values.allSatisfy { $0.owner == Fixtures.a })
        #expect(
            plans(ID.biennialSecurityAssessment, "2026-2027", asOf: "2026-11-01")[Fixtures.branchID]?.owner
                == Fixtures.a)
    }

    @Test("a vacant role leaves the occurrence unassigned, naming the role")
    func vacantRole() throws {
        // Given nobody holds discipline-inspector
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.b) {
                StaffMember(id: $0.id, name: $0.name, roles: [Fixtures.RoleID.operationsDeputy], partyMember: true)
            })

        // When its quarterly duty is materialised
        let plan = try #require(
            plans(ID.quarterlyWarningTalk, "2026-Q4", asOf: "2026-11-01", branch: branch)[Fixtures.branchID])

        // Then the occurrence exists, with no owner and the role as written
        #expect(plan.owner == nil)
        #expect(plan.ownerRole == Fixtures.RoleID.disciplineInspector)
    }

    @Test("a role whose holder has left is vacant once they are gone")
    func holderLeft() {
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.a) { Fixtures.member($0, left: day("2026-11-16")) })
        #expect(
            plans(ID.biennialSecurityAssessment, "2026-2027", asOf: "2026-11-20", branch: branch)[Fixtures.branchID]?
                .owner == nil)
        #expect(
            plans(ID.biennialSecurityAssessment, "2026-2027", asOf: "2026-11-10", branch: branch)[Fixtures.branchID]?
                .owner == Fixtures.a)
    }

    @Test(
        "owners are resolved as of the given day, clamped into the period",
        arguments: [
            ("2026-11", "2026-11-10", "A"), ("2026-11", "2026-11-20", "J"), ("2026-11", "2027-01-10", "J"),
            ("2026-11", "2026-10-01", "A"), ("2026-10", "2026-11-20", "A"), ("2026-12", "2026-11-10", "J"),
        ])
    func ownerResolvedAsOf(periodKey: String, asOf: String, owner: String) {
        // Given A hands branch-head to J on 16 November 2026
        let successor = StaffMember(
            id: "J", name: "继任者", roles: [Fixtures.RoleID.branchHead], joined: day("2026-11-16"))
        let staff = Fixtures.staff(replacing: Fixtures.a) { Fixtures.member($0, left: day("2026-11-16")) } + [successor]
        let branch = Fixtures.branch(staff: staff)
        let duty = monthlyDuty()

        // When the period is materialised as of a day, perhaps outside it
        let result = Materializer(catalog: Fixtures.catalog([duty]), branch: branch)
            .plans(for: duty, in: Cadence.monthly.period(key: periodKey)!, asOf: day(asOf))

        // Then the owner is the holder on that day, clamped into the period
        #expect(result.map(\.owner) == [owner])
    }

    @Test("a self-owned duty goes to its subject")
    func selfOwner() {
        let result = plans(ID.monthlySelfCheck, "2026-11", asOf: "2026-11-01")
        #expect(result.allSatisfy { $0.key == $0.value.owner })
        #expect(result.values.allSatisfy { $0.ownerRole == "self" })
        #expect(plans(ID.quarterlyPartyReport, "2026-Q4", asOf: "2026-11-01").allSatisfy { $0.key == $0.value.owner })
    }

    @Test("a self-owned duty of a scope that is no person has no owner")
    func selfOwnerWithoutPerson() {
        let duty = monthlyDuty(owner: .subject, scope: .branch)
        let m = Materializer(catalog: Fixtures.catalog([duty]), branch: Fixtures.branch())
        #expect(m.owner(of: duty, subject: Fixtures.branchID, grid: nil, on: day("2026-11-02")) == nil)
    }

    @Test(
        "a grid-leader duty about a grid member goes to the leader of the member's grid",
        arguments: [
            ("F", "B"), ("G", "B"), ("I", "B"), ("B", "A"), ("C", "A"), ("E", "A"),
        ])
    func gridLeaderOfGridMember(member: String, leader: String) {
        let result = plans(ID.monthlyGridTalk, "2026-11", asOf: "2026-11-02")
        #expect(result[member]?.owner == leader)
        #expect(result[member]?.ownerRole == "grid-leader")
    }

    @Test("a grid-leader duty about a grid goes to that grid's leader")
    func gridLeaderOfGrid() {
        let result = plans(ID.monthlyGridMeeting, "2026-11", asOf: "2026-11-02")
        #expect(result["branch-grid"]?.owner == Fixtures.a)
        #expect(result["counter-grid"]?.owner == Fixtures.b)
    }

    @Test(
        "a grid-leader duty about a staff member goes to the person who supervises them",
        arguments: [
            ("F", "B"), ("H", "B"), ("B", "A"), ("C", "A"), ("D", "A"),
        ])
    func gridLeaderOfStaff(member: String, leader: String) {
        #expect(plans(ID.monthlyLeaderCheck, "2026-11", asOf: "2026-11-02")[member]?.owner == leader)
    }

    @Test(
        "a grid-leader duty about the top grid leader, who has nobody above, passes to the first other line's holder: nobody checks himself"
    )
    func gridLeaderOfTop() {
        // Given the staff-wide duty "格长月度排查员工行为" of the discipline line, owned by grid-leader,
        // about A, who leads the branch grid and holds the party line
        // Then the item about A goes to B, who holds the operations line, and everyone has one
        let result = plans(ID.monthlyLeaderCheck, "2026-11", asOf: "2026-11-02")
        #expect(result[Fixtures.a]?.owner == Fixtures.b)
        #expect(result.count == 9)
        #expect(result.values.allSatisfy { $0.owner != $0.key.subject })
    }

    @Test("a duty that says owner-is-subject: skip leaves out the item about its own owner")
    func skipLeavesOutTheOwnersOwnItem() {
        // Given the same duty, written to skip
        let base = Fixtures.duty(ID.monthlyLeaderCheck)
        let duty = Duty(
            id: base.id, title: base.title, line: base.line, owner: base.owner, ownerIsSubject: .skip,
            cadence: base.cadence, scope: base.scope)
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())

        // When November is planned
        let result = m.plans(for: duty, in: duty.cadence.period(key: "2026-11")!, asOf: day("2026-11-02"))

        // Then A, who has nobody above, has no item; the other 8 do
        #expect(!result.contains { $0.key.subject == Fixtures.a })
        #expect(result.count == 8)
        #expect(m.assignment(of: duty, subject: Fixtures.a, grid: nil, on: day("2026-11-02")) == .skipped)
    }

    @Test("a grid-leader duty whose leader has left is unassigned")
    func gridLeaderLeft() {
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.b) { Fixtures.member($0, left: day("2026-11-01")) })
        let result = plans(ID.monthlyGridTalk, "2026-11", asOf: "2026-11-02", branch: branch)
        #expect(result["F"] != nil && result["F"]?.owner == nil)
        #expect(result["B"] == nil)
        #expect(result["C"]?.owner == Fixtures.a)
    }

    // MARK: - Catalog filtering

    @Test("only enabled, recurring duties are materialised")
    func onlyActiveRecurring() {
        // When the whole catalog is materialised over November 2026
        let result = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
            .plans(overlapping: Fixtures.days("2026-11-01", "2026-11-30"), asOf: day("2026-11-01"))
        let duties = Set(result.map(\.key.duty))

        // Then the disabled line's duty and the triggered duties are absent, every other duty present
        #expect(!duties.contains(ID.retiredCampaign))
        #expect(!duties.contains(ID.triggeredCaseReport) && !duties.contains(ID.triggeredNewHire))
        #expect(!duties.contains(ID.triggeredFindingRectify))
        let expected = Set(
            Fixtures.duties.filter { $0.cadence.isRecurring && $0.line != Fixtures.LineID.retired }.map(\.id))
        #expect(duties == expected)
        #expect(result.allSatisfy { $0.key.branch == Fixtures.branchID })
    }

    @Test("plans carry the duty's line, cadence, scope, quota and owner rule")
    func planFields() throws {
        let plan = try #require(plans(ID.quarterlyWarningTalk, "2026-Q4", asOf: "2026-11-01")[Fixtures.branchID])
        #expect(
            plan.key
                == OccurrenceKey(
                    branch: Fixtures.branchID, duty: ID.quarterlyWarningTalk, subject: Fixtures.branchID,
                    period: "2026-Q4"))
        #expect(plan.key.description == "test-branch/discipline.quarterly-warning-talk/test-branch/2026-Q4")
        #expect(plan.line == Fixtures.LineID.discipline)
        #expect(plan.cadence == .quarterly)
        #expect(plan.scope == .branch)
        #expect(plan.quota == 2)
        #expect(plan.ownerRole == "discipline-inspector")
    }

    // MARK: - Idempotence

    @Test("the same inputs always give the same plans, with unique keys")
    func idempotent() {
        // Given the whole catalog and a span across a year end
        let span = Fixtures.days("2026-10-01", "2027-01-31")

        // When it is materialised twice, the second time from freshly built values
        let first = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch()).plans(
            overlapping: span, asOf: day("2026-11-15"))
        let second = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch()).plans(
            overlapping: span, asOf: day("2026-11-15"))

        // Then the plans are identical and no key repeats
        #expect(first == second)
        #expect(Set(first.map(\.key)).count == first.count)
        #expect(!first.isEmpty)
    }

    @Test("materialising a span piece by piece owes the same occurrences as all at once")
    func piecewise() {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let asOf = day("2026-11-15")
        let whole = Set(m.plans(overlapping: Fixtures.days("2026-11-01", "2026-12-31"), asOf: asOf))
        let pieces = Set(
            m.plans(overlapping: Fixtures.days("2026-11-01", "2026-11-30"), asOf: asOf)
                + m.plans(overlapping: Fixtures.days("2026-12-01", "2026-12-31"), asOf: asOf))
        #expect(whole == pieces)
    }

    @Test(
        "a pass after one from the same files plans only the periods that begin after it, and owes with it all a full plan owes",
        arguments: [
            ("2026-11-30", "2026-12-01"), ("2026-12-31", "2027-01-04"), ("2026-02-27", "2026-03-02"),
            ("2028-02-28", "2028-02-29"), ("2026-09-30", "2026-10-08"),
        ])
    func incrementalPass(last: String, today: String) {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let (through, now) = (day(last), day(today))
        // What the pass through `last` stored for the periods current then, and what a pass
        // re-planning every current period today would write.
        let stored = Set(m.plans(overlapping: through...through, asOf: through))
        let full = Set(m.plans(overlapping: through.adding(days: 1)...now, asOf: now))

        let incremental = Set(m.plans(after: through, through: now))

        #expect(full.isSubset(of: stored.union(incremental)))
        #expect(incremental.isSubset(of: full))
        #expect(incremental.isDisjoint(with: stored))
        #expect(incremental.count < full.count)
        #expect(incremental.contains { $0.cadence == .daily && $0.key.period == today })
    }

    @Test("a pass after someone left plans the current periods again, so the role's item loses its owner")
    func incrementalPassAfterLeaving() {
        let leaving = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.a) { Fixtures.member($0, left: day("2026-11-16")) })
        let biennial = { (plan: OccurrencePlan) in
            plan.key.duty == ID.biennialSecurityAssessment && plan.key.period == "2026-2027"
        }

        let afterLeaving = Materializer(catalog: Fixtures.catalog, branch: leaving)
            .plans(after: day("2026-11-13"), through: day("2026-11-16"))
        let unchanged = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
            .plans(after: day("2026-11-13"), through: day("2026-11-16"))

        #expect(afterLeaving.filter(biennial).map(\.owner) == [nil])
        #expect(!unchanged.contains(where: biennial))
        #expect(
            Materializer(catalog: Fixtures.catalog, branch: leaving).plans(
                after: day("2026-11-16"), through: day("2026-11-16")
            ).isEmpty)
    }

    // MARK: - Reminder and deadline instants

    @Test(
        "every plan's reminder falls between its period start and its deadline, at opening on a business day",
        arguments: [false, true])
    func remindOrdering(weekendOpen: Bool) {
        // Given the whole catalog over 2024–2026
        let branch = Fixtures.branch(openWeekdays: weekendOpen ? Fixtures.everyDay : Weekday.workweek)
        let calendar = branch.calendar
        let result = Materializer(catalog: Fixtures.catalog, branch: branch)
            .plans(overlapping: Fixtures.days("2024-01-01", "2026-12-31"), asOf: day("2025-06-01"))
        var wrong: [String] = []

        // Then each plan's instants are in order, at the branch's hours, on business days of its period
        for plan in result {
            let period = plan.cadence.period(key: plan.key.period)!
            let remindDay = calendar.localDate(of: plan.remindAt)
            let deadlineDay = calendar.localDate(of: plan.deadline)
            let ok =
                plan.periodStart <= plan.remindAt && plan.remindAt < plan.deadline
                && plan.periodStart == calendar.instant(period.days.lowerBound, secondsSinceMidnight: 0)
                && calendar.secondsSinceLocalMidnight(of: plan.remindAt) == Fixtures.opening.secondsSinceMidnight
                && calendar.secondsSinceLocalMidnight(of: plan.deadline) == Fixtures.closing.secondsSinceMidnight
                && calendar.isBusinessDay(remindDay) && calendar.isBusinessDay(deadlineDay)
                && period.contains(remindDay) && period.contains(deadlineDay)
            if !ok && wrong.count < 10 { wrong.append(plan.key.description) }
        }
        #expect(wrong.isEmpty)
        #expect(result.count > 5000)
    }

    @Test(
        "reminders go out the cadence's default lead of business days before the deadline, at opening",
        arguments: [
            (ID.dailyCashCheck, "2026-11-23", "2026-11-23T08:30:00+08:00", "2026-11-23T17:00:00+08:00"),
            (ID.weeklyRiskReview, "2026-W48", "2026-11-26T08:30:00+08:00", "2026-11-27T17:00:00+08:00"),
            (ID.weeklyRiskReview, "2026-W09", "2026-02-27T08:30:00+08:00", "2026-02-28T17:00:00+08:00"),
            (ID.monthlySelfCheck, "2026-11", "2026-11-25T08:30:00+08:00", "2026-11-30T17:00:00+08:00"),
            (ID.monthlyAccountReview, "2026-10", "2026-10-09T08:30:00+08:00", "2026-10-13T17:00:00+08:00"),
            (ID.quarterlyWarningTalk, "2026-Q4", "2026-12-17T08:30:00+08:00", "2026-12-31T17:00:00+08:00"),
            (ID.yearlyFirstQuarterTraining, "2026", "2026-03-17T08:30:00+08:00", "2026-03-31T17:00:00+08:00"),
        ])
    func remindInstants(dutyID: String, periodKey: String, remindAt: String, deadline: String) throws {
        let plan = try #require(plans(dutyID, periodKey, asOf: "2026-01-01").values.first)
        #expect(plan.remindAt == Fixtures.instant(remindAt))
        #expect(plan.deadline == Fixtures.instant(deadline))
    }

    @Test("the period starts at local midnight of its first day, even when that day is a holiday")
    func periodStart() throws {
        let weekly = try #require(plans(ID.weeklyRiskReview, "2026-W09", asOf: "2026-02-23").values.first)
        #expect(weekly.periodStart == Fixtures.instant("2026-02-22T16:00:00Z"))
        let monthly = try #require(plans(ID.monthlySelfCheck, "2026-11", asOf: "2026-11-01")["F"])
        #expect(monthly.periodStart == Fixtures.instant("2026-11-01T00:00:00+08:00"))
    }

    @Test("a reminder lead reaching before the period is clamped to the period's first business day")
    func remindClamped() throws {
        // Given a monthly duty due on business day 2 with a ten-day reminder lead
        let duty = monthlyDuty(deadline: .businessDay(2), remindLead: 10)
        let m = Materializer(catalog: Fixtures.catalog([duty]), branch: Fixtures.branch())

        // When November 2026 is materialised
        let plan = try #require(
            m.plans(for: duty, in: Cadence.monthly.period(key: "2026-11")!, asOf: day("2026-11-01")).first)

        // Then the reminder goes out at opening on 2 November, the first business day, not in October
        #expect(plan.remindAt == Fixtures.instant("2026-11-02T08:30:00+08:00"))
        #expect(plan.deadline == Fixtures.instant("2026-11-03T17:00:00+08:00"))
    }

    @Test("a reminder lead of zero reminds at opening on the deadline day")
    func remindLeadZero() throws {
        let duty = monthlyDuty(remindLead: 0)
        let m = Materializer(catalog: Fixtures.catalog([duty]), branch: Fixtures.branch())
        let plan = try #require(
            m.plans(for: duty, in: Cadence.monthly.period(key: "2026-10")!, asOf: day("2026-10-01")).first)
        #expect(plan.remindAt == Fixtures.instant("2026-10-30T08:30:00+08:00"))
        #expect(plan.deadline == Fixtures.instant("2026-10-30T17:00:00+08:00"))
    }

    @Test(
        "default reminder leads: daily and triggered 0, weekly 1, monthly 3, longer cadences 10",
        arguments: [
            (Cadence.daily, 0), (.triggered, 0), (.weekly, 1), (.monthly, 3), (.quarterly, 10), (.halfYearly, 10),
            (.yearly, 10),
            (.biennial, 10),
        ])
    func defaultLeads(cadence: Cadence, lead: Int) {
        let duty = Duty(id: "x", title: "x", line: "l", owner: .subject, cadence: cadence)
        #expect(duty.effectiveRemindLead == lead)
        let explicit = Duty(id: "x", title: "x", line: "l", owner: .subject, cadence: cadence, remindLead: 4)
        #expect(explicit.effectiveRemindLead == 4)
    }

    @Test("timing gives the period start, reminder and deadline of a duty in a period, or nil when nothing is owed")
    func timing() throws {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let duty = Fixtures.duty(ID.monthlySelfCheck)
        let timing = try #require(m.timing(of: duty, in: Cadence.monthly.period(key: "2026-11")!))
        #expect(timing.periodStart == Fixtures.instant("2026-11-01T00:00:00+08:00"))
        #expect(timing.remindAt == Fixtures.instant("2026-11-25T08:30:00+08:00"))
        #expect(timing.deadline == Fixtures.instant("2026-11-30T17:00:00+08:00"))
        #expect(
            m.timing(of: Fixtures.duty(ID.weeklyRiskReview), in: Cadence.weekly.period(key: "2026-W08")!)?.deadline
                == nil)
    }

    // MARK: - Tracking start

    @Test("nothing that fell due before the branch's tracking start is owed")
    func sinceDropsEarlierDeadlines() {
        // Given a branch tracked since Sunday 1 November 2026
        let branch = Fixtures.branch(since: day("2026-11-01"))
        let m = Materializer(catalog: Fixtures.catalog, branch: branch)

        // When a span reaching back into October is materialised
        let result = m.plans(overlapping: Fixtures.days("2026-10-01", "2026-11-30"), asOf: day("2026-11-01"))
        let keys = Set(result.map { "\($0.key.duty)/\($0.key.period)" })

        // Then October's monthly occurrences and week 44 (due Friday 30 October) are not owed; November's are
        #expect(!keys.contains("\(ID.monthlySelfCheck)/2026-10"))
        #expect(!keys.contains("\(ID.weeklyRiskReview)/2026-W44"))
        #expect(!keys.contains("\(ID.dailyCashCheck)/2026-10-30"))
        #expect(keys.contains("\(ID.weeklyRiskReview)/2026-W45"))
        #expect(keys.contains("\(ID.monthlySelfCheck)/2026-11"))
        #expect(keys.contains("\(ID.quarterlyWarningTalk)/2026-Q4"))
        #expect(result.allSatisfy { $0.deadline >= Fixtures.instant("2026-11-01T00:00:00+08:00") })
    }

    @Test(
        "the days a pass must cover run from the day after the last one materialised, or the tracking start, through today",
        arguments: [
            (nil as String?, nil as String?, "2026-11-20", "2026-11-20", "2026-11-20"),
            (nil, "2026-11-01", "2026-11-20", "2026-11-01", "2026-11-20"),
            ("2026-11-18", "2026-11-01", "2026-11-20", "2026-11-19", "2026-11-20"),
            ("2026-11-20", nil, "2026-11-20", "2026-11-20", "2026-11-20"),
            ("2026-11-25", nil, "2026-11-20", "2026-11-20", "2026-11-20"),
        ])
    func daysToMaterialize(through: String?, since: String?, today: String, first: String, last: String) {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch(since: since.map(day)))
        #expect(m.daysToMaterialize(materializedThrough: through.map(day), today: day(today)) == day(first)...day(last))
    }

    @Test("before tracking starts there is nothing to materialise")
    func beforeSince() {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch(since: day("2026-11-01")))
        #expect(m.daysToMaterialize(materializedThrough: nil, today: day("2026-10-31")) == nil)
    }

    // MARK: - Triggered duties

    @Test(
        "a triggered deadline is N business days after the day it is raised; raised at or after closing, counting starts the next day",
        arguments: [
            (ID.triggeredFindingRectify, "2026-11-23T10:00:00+08:00", "2026-11-26T17:00:00+08:00"),
            (ID.triggeredFindingRectify, "2026-11-23T16:59:59+08:00", "2026-11-26T17:00:00+08:00"),
            (ID.triggeredFindingRectify, "2026-11-23T17:00:00+08:00", "2026-11-27T17:00:00+08:00"),
            (ID.triggeredFindingRectify, "2026-11-23T18:00:00+08:00", "2026-11-27T17:00:00+08:00"),
            (ID.triggeredFindingRectify, "2026-11-23T07:00:00+08:00", "2026-11-26T17:00:00+08:00"),
            (ID.triggeredFindingRectify, "2026-11-28T10:00:00+08:00", "2026-12-03T17:00:00+08:00"),
            (ID.triggeredFindingRectify, "2026-09-30T18:00:00+08:00", "2026-10-12T17:00:00+08:00"),
            (ID.triggeredFindingRectify, "2026-11-23T16:30:00Z", "2026-11-27T17:00:00+08:00"),  // 00:30 on the 24th
            (ID.triggeredCaseReport, "2026-11-23T10:00:00+08:00", "2026-11-23T17:00:00+08:00"),
            (ID.triggeredCaseReport, "2026-11-23T18:00:00+08:00", "2026-11-24T17:00:00+08:00"),
            (ID.triggeredCaseReport, "2026-11-27T18:00:00+08:00", "2026-11-30T17:00:00+08:00"),
            (ID.triggeredCaseReport, "2026-10-01T10:00:00+08:00", "2026-10-08T17:00:00+08:00"),
            (ID.triggeredNewHire, "2026-02-13T09:00:00+08:00", "2026-02-27T17:00:00+08:00"),
        ])
    func triggeredDeadline(dutyID: String, raisedAt: String, deadline: String) throws {
        // Given a Monday–Friday branch
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let instant = Fixtures.instant(raisedAt)

        // When the duty is raised at the instant
        let plan = try #require(
            m.triggeredPlan(for: Fixtures.duty(dutyID), subject: Fixtures.f, sequence: 1, at: instant))

        // Then it falls due at closing on the expected day, and is due at once
        #expect(plan.deadline == Fixtures.instant(deadline))
        #expect(plan.periodStart == instant && plan.remindAt == instant)
        #expect(plan.cadence == .triggered)
    }

    @Test("a triggered plan is keyed by the local raise date and a sequence number")
    func triggeredKey() throws {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let duty = Fixtures.duty(ID.triggeredFindingRectify)
        let first = try #require(
            m.triggeredPlan(for: duty, subject: "F", sequence: 1, at: Fixtures.instant("2026-11-23T16:30:00Z")))
        let second = try #require(
            m.triggeredPlan(for: duty, subject: "F", sequence: 2, at: Fixtures.instant("2026-11-23T16:30:00Z")))
        #expect(
            first.key == OccurrenceKey(branch: Fixtures.branchID, duty: duty.id, subject: "F", period: "2026-11-24#1"))
        #expect(second.key.period == "2026-11-24#2")
        #expect(first.scope == .person && first.line == Fixtures.LineID.discipline)
    }

    @Test(
        "a triggered plan's owner follows its owner rule",
        arguments: [
            (ID.triggeredFindingRectify, "F", "F"), (ID.triggeredNewHire, "F", "B"), (ID.triggeredNewHire, "C", "A"),
            (ID.triggeredNewHire, "A", "B"), (ID.triggeredCaseReport, "case-2026-17", "A"),
        ])
    func triggeredOwner(dutyID: String, subject: String, owner: String) throws {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let plan = try #require(
            m.triggeredPlan(
                for: Fixtures.duty(dutyID), subject: subject, sequence: 1,
                at: Fixtures.instant("2026-11-23T10:00:00+08:00")))
        #expect(plan.owner == owner)
    }

    @Test(
        "a triggered grid-leader duty whose leader has left is unassigned, as a recurring one is",
        arguments: [
            ("B", "F"), ("A", "C"), ("A", "A"),
        ])
    func triggeredLeaderLeft(leaver: String, subject: String) throws {
        // Given the leader above `subject` (B for F, A for C and, as the top, for A) left on 1 November 2026
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: leaver) { Fixtures.member($0, left: day("2026-11-01")) })
        let raisedAt = Fixtures.instant("2026-11-23T10:00:00+08:00")

        // When a grid-leader duty about `subject` is raised on 23 November
        let plan = try #require(
            Materializer(catalog: Fixtures.catalog, branch: branch).triggeredPlan(
                for: Fixtures.duty(ID.triggeredNewHire), subject: subject, sequence: 1, at: raisedAt))

        // Then it is not assigned to someone no longer on the roster
        #expect(plan.owner == nil)
    }

    @Test("a triggered plan raised for a vacant role is unassigned")
    func triggeredVacant() throws {
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.a) { Fixtures.member($0, left: day("2026-11-01")) })
        let plan = try #require(
            Materializer(catalog: Fixtures.catalog, branch: branch).triggeredPlan(
                for: Fixtures.duty(ID.triggeredCaseReport), subject: "case-1", sequence: 1,
                at: Fixtures.instant("2026-11-23T10:00:00+08:00")))
        #expect(plan.owner == nil)
        #expect(plan.ownerRole == "branch-head")
    }

    @Test("a recurring duty cannot be raised as a triggered one")
    func recurringIsNotTriggered() {
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        #expect(
            m.triggeredPlan(
                for: Fixtures.duty(ID.monthlySelfCheck), subject: "F", sequence: 1,
                at: Fixtures.instant("2026-11-23T10:00:00+08:00")) == nil)
    }

    @Test("a same-day triggered duty raised at any moment falls due at a later closing time on a business day")
    func triggeredAlwaysInFuture() {
        // Given every half hour across National Day 2026
        let m = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let calendar = m.branch.calendar
        let duty = Fixtures.duty(ID.triggeredCaseReport)
        let start = Fixtures.instant("2026-09-26T00:00:00+08:00")
        var wrong: [Date] = []

        for step in 0..<(16 * 48) {
            let instant = start.addingTimeInterval(TimeInterval(step * 1800))
            // When it is raised then
            guard let plan = m.triggeredPlan(for: duty, subject: "case", sequence: step, at: instant) else {
                wrong.append(instant)
                continue
            }
            // Then its deadline is a later closing time on a business day
            let deadlineDay = calendar.localDate(of: plan.deadline)
            if plan.deadline <= instant || !calendar.isBusinessDay(deadlineDay)
                || plan.deadline != calendar.closing(on: deadlineDay)
            {
                wrong.append(instant)
            }
        }
        #expect(wrong.isEmpty)
    }
}
