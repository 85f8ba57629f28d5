import GridCore
import GridTestKit
import Testing

@Suite("Catalog, duties, owner rules and scopes")
struct CatalogTests {
    typealias ID = Fixtures.DutyID

    @Test("duties are found by id, in catalog order")
    func lookup() {
        let catalog = Fixtures.catalog
        #expect(catalog.duty(ID.monthlySelfCheck)?.title == "员工月度自查")
        #expect(catalog.duty("no.such-duty") == nil)
        #expect(catalog.position(of: ID.dailyCashCheck) == 0)
        #expect(catalog.position(of: ID.weeklyRiskReview) == 2)
        #expect(catalog.position(of: "no.such-duty") == Int.max)
        #expect(catalog.duties.map(\.id) == Fixtures.duties.map(\.id))
        #expect(catalog.roles[Fixtures.RoleID.branchHead]?.title == "网点负责人")
        #expect(catalog.lines[Fixtures.LineID.party]?.ownerRole == Fixtures.RoleID.partySecretary)
    }

    @Test("a duty of a disabled line, or of an unknown line, is inactive")
    func activeDuties() {
        let catalog = Fixtures.catalog
        let retired = Fixtures.duty(ID.retiredCampaign)
        let orphan = Duty(id: "orphan", title: "orphan", line: "no-such-line", owner: .subject, cadence: .monthly)
        #expect(!catalog.activeDuties.contains(retired))
        #expect(catalog.activeDuties.count == Fixtures.duties.count - 1)
        #expect(!catalog.isActive(retired))
        #expect(!catalog.isActive(orphan))
        #expect(catalog.isActive(Fixtures.duty(ID.monthlySelfCheck)))
    }

    @Test("the first of two duties with one id wins the lookup")
    func duplicateIDs() {
        let first = Duty(id: "dup", title: "first", line: Fixtures.LineID.party, owner: .subject, cadence: .monthly)
        let second = Duty(id: "dup", title: "second", line: Fixtures.LineID.party, owner: .subject, cadence: .weekly)
        let catalog = Fixtures.catalog([first, second])
        #expect(catalog.duty("dup")?.title == "first")
        #expect(catalog.position(of: "dup") == 0)
    }

    @Test("a catalog uses the standard escalation ladder unless told otherwise")
    func defaultEscalation() {
        #expect(Fixtures.catalog.escalation == .standard)
        let quiet = EscalationPolicy(steps: [], nagEveryBusinessDays: 0)
        #expect(Catalog(roles: [], lines: [], duties: [], escalation: quiet).escalation == quiet)
    }

    @Test("a duty's defaults: one completion, branch scope, period-end deadline, no lead, no escalation override")
    func dutyDefaults() {
        let duty = Duty(id: "d", title: "t", line: "l", owner: .gridLeader, cadence: .quarterly)
        #expect(duty.quota == 1 && duty.scope == .branch && duty.deadline == .periodEnd)
        #expect(duty.remindLead == nil && duty.escalation == nil && duty.note == nil && duty.clause.isEmpty)
        #expect(duty.effectiveRemindLead == 10)
    }

    @Test(
        "owner rules read from the catalog text and print back the same",
        arguments: [
            ("grid-leader", OwnerRule.gridLeader), ("self", .subject), ("branch-head", .role("branch-head")),
            ("party-secretary", .role("party-secretary")),
        ])
    func ownerRules(text: String, rule: OwnerRule) {
        #expect(OwnerRule(catalogText: text) == rule)
        #expect(rule.description == text)
    }

    @Test(
        "per-person scopes close with their subject; person and case are for triggered duties only",
        arguments: [
            (Scope.branch, false, false), (.staff, true, false), (.partyMember, true, false), (.grid, false, false),
            (.gridMember, true, false), (.pairing, false, false), (.person, true, true), (.case, false, true),
        ])
    func scopes(scope: Scope, perPerson: Bool, triggeredOnly: Bool) {
        #expect(scope.isPerPerson == perPerson)
        #expect(scope.isTriggeredOnly == triggeredOnly)
    }

    @Test("scopes are spelled as in the catalog")
    func scopeSpellings() {
        #expect(
            Scope.allCases.map(\.rawValue) == [
                "branch", "staff", "party-member", "grid", "grid-member", "pairing", "person", "case",
            ])
    }

    @Test("lines are enabled unless switched off")
    func lines() {
        #expect(Line(id: "x", title: "x", ownerRole: "r").enabled)
        #expect(!Line(id: "x", title: "x", ownerRole: "r", enabled: false).enabled)
    }
}

@Suite("EscalationPolicy")
struct EscalationPolicyTests {
    @Test("steps are kept in order of business days after the deadline")
    func sorted() {
        let policy = EscalationPolicy(
            steps: [
                .init(afterBusinessDays: 5, targets: [.branchHead]), .init(afterBusinessDays: 0, targets: [.owner]),
                .init(afterBusinessDays: 2, targets: [.gridLeader]),
            ], nagEveryBusinessDays: 2)
        #expect(policy.steps.map(\.afterBusinessDays) == [0, 2, 5])
        #expect(policy.nagEveryBusinessDays == 2)
    }

    @Test(
        "the standard ladder tells the owner at once, the grid leader after one business day, everyone after three, then daily"
    )
    func standard() {
        let standard = EscalationPolicy.standard
        #expect(standard.steps.map(\.afterBusinessDays) == [0, 1, 3])
        #expect(
            standard.steps.map(\.targets) == [
                [.owner], [.owner, .gridLeader], [.owner, .gridLeader, .lineOwner, .branchHead],
            ])
        #expect(standard.nagEveryBusinessDays == 1)
        #expect(
            EscalationPolicy.Target.allCases.map(\.rawValue) == ["owner", "grid-leader", "line-owner", "branch-head"])
    }
}
