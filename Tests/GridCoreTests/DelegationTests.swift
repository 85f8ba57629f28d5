import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private let today = day("2026-11-23")

/// A delegation of the fixture branch; F (a member of B's counter grid) to G by default.
private func delegation(
    _ id: Int64 = 1, from: String = Fixtures.f, to: String = Fixtures.g, _ start: String = "2026-11-23",
    _ end: String = "2026-11-27", roles: [String]? = nil, cancelledAfter: String? = nil
) -> Delegation {
    Delegation(
        id: id, branch: Fixtures.branchID, from: from, to: to, start: day(start), end: day(end), roles: roles,
        cancelledAfter: cancelledAfter.map(day))
}

/// An open item owned by `owner` under `role`, about `subject`.
private func item(owner: String, role: String = "lobby-manager", subject: String? = nil, scope: Scope = .branch)
    -> Occurrence
{
    Occurrence(
        id: 7,
        key: OccurrenceKey(
            branch: Fixtures.branchID, duty: Fixtures.DutyID.monthlySelfCheck, subject: subject ?? Fixtures.branchID,
            period: "2026-11"),
        line: Fixtures.LineID.operations, cadence: .monthly, scope: scope, owner: owner, ownerRole: role,
        periodStart: Fixtures.instant("2026-11-01T00:00:00+08:00"),
        remindAt: Fixtures.instant("2026-11-25T08:30:00+08:00"),
        deadline: Fixtures.instant("2026-11-30T17:00:00+08:00"), quota: 1, doneCount: 0, state: .open, closedAt: nil,
        late: false)
}

@Suite("Delegation: which may be entered")
struct DelegationRulesTests {
    let known: Set<String> = Set(Fixtures.roles.map(\.id)).union(["grid-leader", "self"])

    func rules(_ existing: [Delegation] = [], staff: [StaffMember] = Fixtures.staff) -> DelegationRules {
        DelegationRules(branch: Fixtures.branch(staff: staff), knownRoles: known, existing: existing)
    }

    func request(
        from: String = Fixtures.f, to: String = Fixtures.g, _ start: String = "2026-11-23",
        _ end: String = "2026-11-27",
        roles: [String]? = nil
    ) -> DelegationRules.Request {
        DelegationRules.Request(from: from, to: to, start: day(start), end: day(end), roles: roles)
    }

    @Test(
        "the person himself, a supervisor up his grid, or an administrator may delegate his work",
        arguments: [Fixtures.f as String?, Fixtures.b, Fixtures.a, nil])
    func whoMayEnter(enteredBy: String?) {
        #expect(rules().check(request(), enteredBy: enteredBy, today: today) == nil)
    }

    @Test("a peer or someone below may not delegate another's work", arguments: [Fixtures.g, Fixtures.h, Fixtures.c])
    func peerMayNot(person: String) {
        #expect(
            rules().check(request(), enteredBy: person, today: today)
                == .notPermitted(person: person, from: Fixtures.f))
    }

    @Test("a delegation to oneself is refused")
    func toOneself() {
        #expect(rules().check(request(to: Fixtures.f), enteredBy: nil, today: today) == .toOneself(Fixtures.f))
    }

    @Test("a range ending before it starts, or starting in the past, is refused")
    func badRanges() {
        #expect(
            rules().check(request("2026-11-27", "2026-11-23"), enteredBy: nil, today: today)
                == .endsBeforeStart(start: day("2026-11-27"), end: day("2026-11-23")))
        #expect(
            rules().check(request("2026-11-20", "2026-11-27"), enteredBy: nil, today: today)
                == .inThePast(start: day("2026-11-20"), today: today))
        // Today itself is not the past: someone falls ill in the morning.
        #expect(rules().check(request("2026-11-23", "2026-11-23"), enteredBy: nil, today: today) == nil)
    }

    @Test("roles must be known ones")
    func unknownRoles() {
        #expect(
            rules().check(request(roles: ["lobby-manager", "cashier"]), enteredBy: nil, today: today)
                == .unknownRoles(["cashier"]))
        #expect(rules().check(request(roles: ["lobby-manager", "grid-leader"]), enteredBy: nil, today: today) == nil)
    }

    @Test(
        "the delegate must be on the roster every day of the range",
        arguments: [
            (nil as String?, "2026-11-27" as String?, true),  // leaves during it
            (nil, "2026-11-28", false),  // leaves the day after
            ("2026-11-24", nil, true),  // joins during it
            ("2026-11-23", nil, false),
        ])
    func delegateOnRoster(joined: String?, left: String?, refused: Bool) {
        let staff = Fixtures.staff(replacing: Fixtures.g) {
            Fixtures.member($0, joined: joined.map(day), left: left.map(day))
        }
        let result = rules(staff: staff).check(request(), enteredBy: nil, today: today)
        #expect(
            result
                == (refused
                    ? .delegateNotOnRoster(person: Fixtures.g, start: day("2026-11-23"), end: day("2026-11-27")) : nil))
        #expect(
            rules().check(request(to: "stranger"), enteredBy: nil, today: today)
                == .delegateNotOnRoster(person: "stranger", start: day("2026-11-23"), end: day("2026-11-27")))
    }

    @Test("a delegation overlapping another of the same person's is refused; one after it, or after a cancel, is not")
    func overlapping() {
        let existing = [delegation(1, to: Fixtures.h, "2026-11-25", "2026-11-30")]
        #expect(
            rules(existing).check(request(), enteredBy: nil, today: today)
                == .overlapping(id: 1, to: Fixtures.h, days: day("2026-11-25")...day("2026-11-30")))
        #expect(rules(existing).check(request("2026-12-01", "2026-12-04"), enteredBy: nil, today: today) == nil)
        let cancelled = [delegation(1, to: Fixtures.h, "2026-11-25", "2026-11-30", cancelledAfter: "2026-11-22")]
        #expect(rules(cancelled).check(request(), enteredBy: nil, today: today) == nil)
    }

    @Test("a delegate who has handed their own work away for an overlapping range is refused")
    func delegateAway() {
        let existing = [delegation(1, from: Fixtures.g, to: Fixtures.h, "2026-11-27", "2026-12-02")]
        #expect(
            rules(existing).check(request(), enteredBy: nil, today: today)
                == .delegateAway(person: Fixtures.g, id: 1, days: day("2026-11-27")...day("2026-12-02")))
    }

    @Test("someone holding another's work for an overlapping range may not pass it on")
    func noChains() {
        let existing = [delegation(1, from: Fixtures.h, to: Fixtures.f, "2026-11-20", "2026-11-24")]
        #expect(
            rules(existing).check(request(), enteredBy: nil, today: today)
                == .holdsOthersWork(
                    person: Fixtures.f, id: 1, of: Fixtures.h, days: day("2026-11-20")...day("2026-11-24")))
    }

    @Test("a cancel is for the same people, and only of a delegation not yet over")
    func cancelling() {
        let existing = [
            delegation(1, "2026-11-16", "2026-11-27"), delegation(2, from: Fixtures.h, "2026-11-02", "2026-11-06"),
        ]
        #expect(rules(existing).checkCancel(1, enteredBy: Fixtures.f, today: today) == nil)
        #expect(rules(existing).checkCancel(1, enteredBy: Fixtures.b, today: today) == nil)
        #expect(
            rules(existing).checkCancel(1, enteredBy: Fixtures.g, today: today)
                == .notPermitted(person: Fixtures.g, from: Fixtures.f))
        #expect(
            rules(existing).checkCancel(2, enteredBy: nil, today: today)
                == .alreadyOver(id: 2, lastDay: day("2026-11-06")))
        #expect(rules(existing).checkCancel(9, enteredBy: nil, today: today) == .noSuchDelegation(9))
    }
}

@Suite("Delegation: what it does")
struct DelegationEffectTests {
    @Test(
        "a delegation is in force from its first day through its last, or the day before it was cancelled",
        arguments: [
            ("2026-11-22", nil as String?, false), ("2026-11-23", nil, true), ("2026-11-27", nil, true),
            ("2026-11-28", nil, false), ("2026-11-24", "2026-11-24", true), ("2026-11-25", "2026-11-24", false),
            ("2026-11-23", "2026-11-22", false),
        ])
    func inForce(date: String, cancelledAfter: String?, active: Bool) {
        #expect(delegation(cancelledAfter: cancelledAfter).isActive(on: day(date)) == active)
    }

    @Test("an alert aimed at someone away also reaches the delegate, right after them, once")
    func alertTargets() {
        let effect = DelegationEffect([delegation(), delegation(2, from: Fixtures.b, to: Fixtures.a)])
        #expect(
            effect.targets([Fixtures.f, Fixtures.b], ownerRole: "lobby-manager", on: today)
                == [Fixtures.f, Fixtures.g, Fixtures.b, Fixtures.a])
        #expect(effect.targets([Fixtures.f, Fixtures.g], ownerRole: "x", on: today) == [Fixtures.f, Fixtures.g])
        #expect(effect.targets([Fixtures.f], ownerRole: "x", on: day("2026-11-30")) == [Fixtures.f])
    }

    @Test("with roles, only items owned under one of them are handed over")
    func roles() {
        let effect = DelegationEffect([delegation(roles: ["lobby-manager"])])
        #expect(effect.delegates(of: Fixtures.f, ownerRole: "lobby-manager", on: today) == [Fixtures.g])
        #expect(effect.delegates(of: Fixtures.f, ownerRole: "grid-leader", on: today).isEmpty)
        #expect(effect.targets([Fixtures.f], ownerRole: "self", on: today) == [Fixtures.f])
    }

    @Test("the delegate acts for the delegator when the delegator's rights allow the act, and never on himself")
    func principal() {
        let effect = DelegationEffect([delegation()])
        let owned = item(owner: Fixtures.f)
        #expect(effect.principal(for: Fixtures.g, item: owned, on: today) { $0 == Fixtures.f } == Fixtures.f)
        #expect(effect.principal(for: Fixtures.g, item: owned, on: today) { _ in false } == nil)
        #expect(effect.principal(for: Fixtures.h, item: owned, on: today) { _ in true } == nil)
        #expect(effect.principal(for: Fixtures.g, item: owned, on: day("2026-11-28")) { _ in true } == nil)
        let aboutG = item(owner: Fixtures.f, subject: Fixtures.g, scope: .staff)
        #expect(effect.principal(for: Fixtures.g, item: aboutG, on: today) { _ in true } == nil)
    }

    @Test("the alert decider sends a reminder aimed at the owner to whoever holds their work that day")
    func deciderTargets() throws {
        let decider = AlertDecider(catalog: Fixtures.catalog)
        let owned = Fixtures.occurrence(owner: Fixtures.f)
        let now = Fixtures.instant("2026-11-25T09:00:00+08:00")
        let without = decider.decide(owned, lastAlertDueAt: nil, branch: Fixtures.branch(), now: now)
        let with = decider.decide(
            owned, lastAlertDueAt: nil, branch: Fixtures.branch(), now: now, delegations: [delegation()])
        let over = decider.decide(
            owned, lastAlertDueAt: nil, branch: Fixtures.branch(), now: now,
            delegations: [delegation(cancelledAfter: "2026-11-24")])
        #expect(try #require(without.instance).kind == .reminder)
        #expect(without.targets == [Fixtures.f])
        #expect(with.targets == [Fixtures.f, Fixtures.g])
        #expect(over.targets == [Fixtures.f])
    }
}
