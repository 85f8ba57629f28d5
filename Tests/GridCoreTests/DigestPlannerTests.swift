import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }
private func at(_ text: String) -> Date { Fixtures.instant(text) }

/// An overdue item of the fixture branch, its latest alert at `level` reaching `targets`.
private func item(
    _ id: Int64, owner: String?, deadline: String = "2026-11-30T17:00:00+08:00", level: Int = 0,
    targets: [String]? = nil
) -> OverdueItem {
    OverdueItem(
        occurrenceID: id, duty: "ops.check-\(id)", period: "2026-11", owner: owner, deadline: at(deadline),
        level: level, targets: targets ?? owner.map { [$0] } ?? [])
}

@Suite("The digest planner: one message per person per business day with their overdue items")
struct DigestPlannerTests {
    let branch = Fixtures.branch()
    let planner = DigestPlanner(policy: DigestPolicy(at: Fixtures.time("09:00")))

    @Test("an owner gets their own items; the grid leader an item escalated to them gets it marked as escalated")
    func ownAndEscalated() {
        // Given F's item escalated to F's grid leader B, and G's item still with G alone
        let items = [
            item(1, owner: Fixtures.f, level: 1, targets: [Fixtures.f, Fixtures.b]),
            item(2, owner: Fixtures.g),
        ]
        // When the planner runs at Wednesday's digest time
        let digests = planner.due(
            branch: branch, now: at("2026-12-02T09:00:00+08:00"), items: items, lastDigestDays: [:])
        // Then B, F and G each get one, B's item flagged as escalated to B
        #expect(digests.map(\.person) == [Fixtures.b, Fixtures.f, Fixtures.g])
        let leader = digests[0]
        #expect(leader.items.map(\.occurrenceID) == [1])
        #expect(leader.items[0].escalated)
        #expect(leader.items[0].owner == Fixtures.f)
        #expect(leader.items[0].level == 1)
        #expect(digests[1].items.map(\.escalated) == [false])
        #expect(digests.allSatisfy { $0.day == day("2026-12-02") && $0.branch == Fixtures.branchID })
    }

    @Test("a digest counts its items, gives the oldest deadline and lists the three most overdue first")
    func mostOverdue() throws {
        // Given four items of F's, overdue 1, 3, 2 and 3 business days on Thursday 3 December
        let items = [
            item(1, owner: Fixtures.f, deadline: "2026-12-02T17:00:00+08:00"),
            item(2, owner: Fixtures.f, deadline: "2026-11-30T17:00:00+08:00"),
            item(3, owner: Fixtures.f, deadline: "2026-12-01T17:00:00+08:00"),
            item(4, owner: Fixtures.f, deadline: "2026-11-30T12:00:00+08:00"),
        ]
        let digest = try #require(
            planner.due(branch: branch, now: at("2026-12-03T10:00:00+08:00"), items: items, lastDigestDays: [:]).first)
        #expect(digest.count == 4)
        #expect(digest.oldestDeadline == at("2026-11-30T12:00:00+08:00"))
        #expect(digest.mostOverdue.map(\.occurrenceID) == [4, 2, 3])
        #expect(digest.items.map(\.businessDaysOverdue) == [3, 3, 2, 1])
    }

    @Test("no digest before the digest time, nor on a day the branch is closed")
    func onlyOnBusinessDaysAfterTheTime() {
        let items = [item(1, owner: Fixtures.f)]
        // 08:59 on a Wednesday: not yet
        #expect(
            planner.due(branch: branch, now: at("2026-12-02T08:59:59+08:00"), items: items, lastDigestDays: [:])
                .isEmpty)
        // Saturday: closed
        #expect(
            planner.due(branch: branch, now: at("2026-12-05T10:00:00+08:00"), items: items, lastDigestDays: [:])
                .isEmpty)
        // Without a time, the branch's opening
        let atOpening = DigestPlanner(policy: .standard)
        #expect(
            atOpening.due(branch: branch, now: at("2026-12-02T08:30:00+08:00"), items: items, lastDigestDays: [:])
                .count == 1)
        // Folding nothing: no digest at all
        #expect(
            DigestPlanner(policy: .none).due(
                branch: branch, now: at("2026-12-02T10:00:00+08:00"), items: items, lastDigestDays: [:]
            ).isEmpty)
    }

    @Test("a person's digest comes once a day, and with every N not again until N business days after the last")
    func everyN() {
        let items = [item(1, owner: Fixtures.f)]
        let now = at("2026-12-07T09:00:00+08:00")  // Monday
        // Already had today's: nothing
        #expect(
            planner.due(branch: branch, now: now, items: items, lastDigestDays: [Fixtures.f: day("2026-12-07")]).isEmpty
        )
        // Last on Friday, one business day ago: due
        #expect(
            planner.due(branch: branch, now: now, items: items, lastDigestDays: [Fixtures.f: day("2026-12-04")]).count
                == 1)
        // Every 2 business days: Friday's is one business day back, Thursday's two
        let everyTwo = DigestPlanner(policy: DigestPolicy(at: Fixtures.time("09:00"), everyBusinessDays: 2))
        #expect(
            everyTwo.due(branch: branch, now: now, items: items, lastDigestDays: [Fixtures.f: day("2026-12-04")])
                .isEmpty)
        #expect(
            everyTwo.due(branch: branch, now: now, items: items, lastDigestDays: [Fixtures.f: day("2026-12-03")]).count
                == 1)
    }

    @Test("a vacant owner's item reaches the line owner and the head, escalated to both; an item not yet late nobody")
    func vacantOwner() {
        let items = [
            item(1, owner: nil, targets: [Fixtures.d, Fixtures.a]),
            item(2, owner: Fixtures.f, deadline: "2026-12-02T17:00:00+08:00"),
        ]
        let digests = planner.due(
            branch: branch, now: at("2026-12-02T09:00:00+08:00"), items: items, lastDigestDays: [:])
        #expect(digests.map(\.person) == [Fixtures.a, Fixtures.d])
        #expect(digests.allSatisfy { $0.items.map(\.occurrenceID) == [1] && $0.items[0].escalated })
    }

    @Test("with the nag folded into digests the ladder ends at its last step: nothing more is scheduled")
    func noNagScheduled() {
        let occurrence = Fixtures.occurrence(owner: Fixtures.f)
        let now = at("2026-12-04T09:00:00+08:00")
        let folded = AlertDecider(catalog: Fixtures.catalog).decide(
            occurrence, lastAlertDueAt: at("2026-12-03T08:30:00+08:00"), branch: branch, now: now)
        #expect(folded.instance == nil)
        #expect(folded.nextAlertAt == nil)
        // A duty's own ladder the same
        let own = AlertSchedule(
            policy: EscalationPolicy(steps: [.init(afterBusinessDays: 1, targets: [.owner])], nagEveryBusinessDays: 1),
            calendar: branch.calendar, repeats: false)
        #expect(own.alerts(for: occurrence, at: now).next == nil)
        #expect(own.alerts(for: occurrence, at: now).latestDue?.kind == .escalation)
        // Folding nothing keeps the daily repeat
        let nags = Catalog(
            roles: Fixtures.roles, lines: Fixtures.lines, duties: Fixtures.duties, digest: .none)
        let repeated = AlertDecider(catalog: nags).decide(
            occurrence, lastAlertDueAt: at("2026-12-03T08:30:00+08:00"), branch: branch, now: now)
        #expect(repeated.instance?.kind == .nag)
        #expect(repeated.nextAlertAt == at("2026-12-07T08:30:00+08:00"))
    }
}
