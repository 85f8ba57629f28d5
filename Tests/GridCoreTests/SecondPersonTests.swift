import Foundation
import GridCore
import GridTestKit
import Testing

private let today = Fixtures.date("2026-11-27")
private let beforeDeadline = Fixtures.instant("2026-11-27T10:00:00+08:00")
private let afterDeadline = Fixtures.instant("2026-12-01T10:00:00+08:00")

/// Confirmed by the operations deputy (B) or the branch head (A), as the shipped catalog says.
private let rule = SecondPerson(roles: [Fixtures.RoleID.operationsDeputy, Fixtures.RoleID.branchHead])

/// A branch-wide two-person check with `doneCount` of its one completion recorded.
private func check(doneCount: Int = 1, state: OccurrenceState = .open, scope: Scope = .branch, subject: String? = nil)
    -> Occurrence
{
    Occurrence(
        id: 7,
        key: OccurrenceKey(
            branch: Fixtures.branchID, duty: "ops.account-reconciliation", subject: subject ?? Fixtures.branchID,
            period: "2026-11"),
        line: Fixtures.LineID.operations, cadence: .monthly, scope: scope, owner: Fixtures.b,
        ownerRole: Fixtures.RoleID.operationsDeputy,
        periodStart: Fixtures.instant("2026-11-01T00:00:00+08:00"),
        remindAt: Fixtures.instant("2026-11-25T08:30:00+08:00"),
        deadline: Fixtures.instant("2026-11-30T17:00:00+08:00"), quota: 1, doneCount: doneCount, state: state,
        closedAt: nil, late: false)
}

@Suite("Two-person checks (SecondPerson)")
struct SecondPersonTests {
    let branch = Fixtures.branch()

    @Test("a recorded two-person check awaits confirmation before its deadline and is overdue after it, still open")
    func status() {
        // Given a check whose one completion is recorded
        let item = check()

        // Then it awaits confirmation, is open, and past its deadline is overdue like any open item
        #expect(item.awaitsConfirmation)
        #expect(item.status(at: beforeDeadline) == .awaitingConfirmation)
        #expect(item.status(at: beforeDeadline).isOpen)
        #expect(item.status(at: afterDeadline) == .overdue)
        // And one not yet recorded, or closed, does not await anything
        #expect(!check(doneCount: 0).awaitsConfirmation)
        #expect(check(doneCount: 0).status(at: beforeDeadline) == .due)
        #expect(!check(state: .done).awaitsConfirmation)
    }

    @Test("a holder of a confirming role other than the recorder may confirm")
    func secondPersonConfirms() {
        // Given B recorded it: A (branch head) confirms
        #expect(
            rule.check(
                confirmer: Fixtures.a, of: check(), recorders: [Fixtures.b], branch: branch, on: today,
                at: beforeDeadline) == nil)
        // Given G (a teller) recorded it: B (operations deputy) confirms, after the deadline too
        #expect(
            rule.check(
                confirmer: Fixtures.b, of: check(), recorders: [Fixtures.g], branch: branch, on: today,
                at: afterDeadline) == nil)
    }

    @Test("whoever recorded it may not confirm it, though they hold a confirming role")
    func selfConfirmation() {
        // Given B performed it, and A entered it for B
        let recorders: Set = [Fixtures.b, Fixtures.a]

        // Then neither confirms it
        for person in [Fixtures.a, Fixtures.b] {
            #expect(
                rule.check(
                    confirmer: person, of: check(), recorders: recorders, branch: branch, on: today,
                    at: beforeDeadline) == .recorder(person: person))
        }
    }

    @Test("someone without a confirming role may not confirm", arguments: [Fixtures.c, Fixtures.e, Fixtures.h])
    func lacksRole(person: String) {
        #expect(
            rule.check(
                confirmer: person, of: check(), recorders: [Fixtures.b], branch: branch, on: today, at: beforeDeadline)
                == .lacksRole(person: person, roles: rule.roles))
    }

    @Test("the person a check is about may not confirm it, though they hold a confirming role")
    func subject() {
        // Given a per-person check about A, recorded by B
        let item = check(scope: .staff, subject: Fixtures.a)

        // Then A may not confirm it
        #expect(
            rule.check(
                confirmer: Fixtures.a, of: item, recorders: [Fixtures.b], branch: branch, on: today, at: beforeDeadline)
                == .subject(person: Fixtures.a))
    }

    @Test("an item not awaiting confirmation is refused: unrecorded, or already closed")
    func notAwaiting() {
        #expect(
            rule.check(
                confirmer: Fixtures.a, of: check(doneCount: 0), recorders: [], branch: branch, on: today,
                at: beforeDeadline) == .notAwaiting(id: 7, status: .due))
        #expect(
            rule.check(
                confirmer: Fixtures.a, of: check(state: .done), recorders: [Fixtures.b], branch: branch, on: today,
                at: beforeDeadline) == .notAwaiting(id: 7, status: .done))
    }

    @Test("someone off the roster may not confirm")
    func offRoster() {
        let gone = Fixtures.branch(
            staff: Fixtures.staff.map {
                $0.id == Fixtures.a ? Fixtures.member($0, left: Fixtures.date("2026-11-01")) : $0
            })
        #expect(
            rule.check(
                confirmer: Fixtures.a, of: check(), recorders: [Fixtures.b], branch: gone, on: today, at: beforeDeadline
            )
                == .notOnRoster(Fixtures.a))
        #expect(
            rule.check(
                confirmer: "nobody", of: check(), recorders: [Fixtures.b], branch: branch, on: today, at: beforeDeadline
            )
                == .unknownPerson("nobody"))
    }
}
