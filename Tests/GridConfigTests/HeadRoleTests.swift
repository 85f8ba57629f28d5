import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// The escalation ladder's last step reaches the head of the branch, whose role `policy.yaml`
/// names: a bank that calls the post differently must not silently lose that step.
@Suite("The head role of policy.yaml")
struct HeadRoleTests {
    /// The shipped schedules with the head's role renamed `wangdian-head` and held by 赵刚
    /// (zhao.gang), who leads no grid, so that only the named role can find him.
    func renamedHead(policy headRole: String?) throws -> EditableSchedules {
        let schedules = try EditableSchedules()
        try schedules.replace("id: branch-head,", with: "id: wangdian-head,", in: "roles.yaml")
        try schedules.replace(
            "roles: [branch-head, party-secretary]", with: "roles: [party-secretary]", in: "branches/example.yaml")
        try schedules.replace(
            "roles: [deputy-supervisor]", with: "roles: [deputy-supervisor, wangdian-head]", in: "branches/example.yaml"
        )
        for file in ["catalog/30-operations.yaml", "catalog/60-grid.yaml", "catalog/90-epidemic.yaml"] {
            let text = try schedules.text(of: file)
            try schedules.write(
                text.replacingOccurrences(of: "owner: branch-head", with: "owner: wangdian-head")
                    .replacingOccurrences(of: ", branch-head]", with: ", wangdian-head]"), to: file)
        }
        let integrity = try schedules.text(of: "integrity.yaml")
        try schedules.write(
            integrity.replacingOccurrences(of: "branch-head", with: "wangdian-head"), to: "integrity.yaml")
        if let headRole {
            try schedules.replace("head-role: branch-head", with: "head-role: \(headRole)", in: "policy.yaml")
        } else {
            try schedules.replace("head-role: branch-head\n", with: "", in: "policy.yaml")
        }
        return schedules
    }

    @Test(
        "a head role named in policy.yaml is the one the ladder's last step reaches, even when its holder leads no grid"
    )
    func lastStepReachesTheNamedHead() throws {
        // Given the head's post renamed and named in policy.yaml
        let configuration = try renamedHead(policy: "wangdian-head").load().get()
        let branch = configuration.branches[0]
        let decider = AlertDecider(catalog: configuration.catalog)
        let now = InstantText.parse("2026-12-04T10:00")!.instant(in: branch.calendar)
        let item = Occurrence(
            id: 1,
            key: OccurrenceKey(
                branch: branch.id, duty: "ops.account-reconciliation", subject: branch.id, period: "2026-11"),
            line: "operations", cadence: .monthly, scope: .branch, owner: "zhou.min", ownerRole: "operations-deputy",
            periodStart: InstantText.parse("2026-11-01T00:00")!.instant(in: branch.calendar),
            remindAt: InstantText.parse("2026-11-26T08:30")!.instant(in: branch.calendar),
            deadline: InstantText.parse("2026-11-30T17:00")!.instant(in: branch.calendar), quota: 1, doneCount: 0,
            state: .open, closedAt: nil, late: false)

        // When the pass decides at the third business day past the deadline
        let decision = decider.decide(item, lastAlertDueAt: nil, branch: branch, now: now)

        // Then the alert reaches the owner, her grid leader, the line owner and the named head
        #expect(configuration.catalog.headRole == "wangdian-head")
        #expect(decision.instance?.level == 2)
        #expect(decision.targets == ["zhou.min", "lin.zhenhua", "zhao.gang"])
        // And once raised, the same alert is not decided again
        let again = decider.decide(item, lastAlertDueAt: decision.instance?.dueAt, branch: branch, now: now)
        #expect(again.instance == nil && again.nextAlertAt == decision.nextAlertAt)
    }

    @Test(
        "a head role that is no role, or no head role where roles.yaml has no branch-head, is an error naming policy.yaml"
    )
    func unknownHeadRoleIsAnError() throws {
        let named = try renamedHead(policy: "branch-chief")
        let issue = try #require(try named.issues().first { $0.field == "head-role" })
        #expect(issue.file.hasSuffix("policy.yaml") && issue.line == 6)
        #expect(issue.message.contains("unknown role 'branch-chief'") && issue.message.contains("wangdian-head"))

        let unnamed = try renamedHead(policy: nil)
        let missing = try #require(try unnamed.issues().first { $0.field == "head-role" })
        #expect(missing.message.contains("no head-role given and no role 'branch-head'"))
    }
}
