import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// A two-person check recorded by its owner waits for the second person: its overdue alerts
/// must reach who can confirm it, or the check stalls unseen by the one person who can end it.
@Suite("Alerts of a two-person check awaiting confirmation")
struct ConfirmationAlertTests {
    let configuration: GridConfig.Configuration
    var branch: Branch { configuration.branches[0] }

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    func at(_ text: String) -> Date { InstantText.parse(text)!.instant(in: branch.calendar) }

    /// November's account reconciliation (owner 周敏, operations-deputy; confirmed by the
    /// operations deputy or the branch head), with `done` of its one completion recorded.
    func reconciliation(done: Int) -> Occurrence {
        Occurrence(
            id: 1,
            key: OccurrenceKey(
                branch: branch.id, duty: "ops.account-reconciliation", subject: branch.id, period: "2026-11"),
            line: "operations", cadence: .monthly, scope: .branch, owner: "zhou.min", ownerRole: "operations-deputy",
            periodStart: at("2026-11-01T00:00"), remindAt: at("2026-11-26T08:30"), deadline: at("2026-11-30T17:00"),
            quota: 1, doneCount: done, state: .open, closedAt: nil, late: false)
    }

    @Test("past its deadline, a recorded but unconfirmed check alerts its owner and then the head, who can confirm it")
    func confirmersAreAlerted() throws {
        let decider = AlertDecider(catalog: configuration.catalog)
        let now = at("2026-11-30T17:00")
        let awaiting = decider.decide(reconciliation(done: 1), lastAlertDueAt: nil, branch: branch, now: now)
        #expect(awaiting.instance?.kind == .overdue)
        #expect(awaiting.targets == ["zhou.min", "lin.zhenhua"])

        // An unrecorded one reaches its owner alone on the day: nobody has anything to confirm yet.
        let open = decider.decide(reconciliation(done: 0), lastAlertDueAt: nil, branch: branch, now: now)
        #expect(open.targets == ["zhou.min"])
    }

    @Test("escalated, the confirmers come right after the owner and nobody is named twice")
    func escalatedWithoutRepeats() throws {
        let decider = AlertDecider(catalog: configuration.catalog)
        let decision = decider.decide(
            reconciliation(done: 1), lastAlertDueAt: nil, branch: branch, now: at("2026-12-03T17:00"))
        #expect(decision.instance?.level == 2)
        #expect(decision.targets.first == "zhou.min" && decision.targets.dropFirst().first == "lin.zhenhua")
        #expect(Set(decision.targets).count == decision.targets.count)
    }
}
