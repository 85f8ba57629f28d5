import Foundation
import GridCore
import GridTestKit
import Testing

/// The fixture occurrence is reminded at 2026-11-25 08:30 and due at 2026-11-30 17:00,
/// Asia/Shanghai.
private let remindAt = Fixtures.instant("2026-11-25T08:30:00+08:00")
private let deadline = Fixtures.instant("2026-11-30T17:00:00+08:00")

@Suite("OccurrenceStatus")
struct OccurrenceStatusTests {
    @Test(
        "an open occurrence is upcoming before its reminder, due in its window, overdue from its deadline",
        arguments: [
            ("2026-11-01T00:00:00+08:00", OccurrenceStatus.upcoming),
            ("2026-11-25T08:29:59+08:00", .upcoming),
            ("2026-11-25T08:30:00+08:00", .due),
            ("2026-11-27T12:00:00+08:00", .due),
            ("2026-11-30T16:59:59+08:00", .due),
            ("2026-11-30T17:00:00+08:00", .overdue),
            ("2026-11-30T09:00:00Z", .overdue),
            ("2026-12-15T10:00:00+08:00", .overdue),
        ])
    func openStatus(at instant: String, status: OccurrenceStatus) {
        // Given an open occurrence
        let occurrence = Fixtures.occurrence(owner: Fixtures.f, remindAt: remindAt, deadline: deadline)

        // When its status is asked for at the instant
        // Then it follows the reminder and deadline
        #expect(occurrence.status(at: Fixtures.instant(instant)) == status)
    }

    @Test(
        "a closed occurrence keeps its closing status at any instant",
        arguments: [
            (OccurrenceState.done, false, OccurrenceStatus.done), (.done, true, .doneLate), (.waived, false, .waived),
            (.left, false, .left),
        ])
    func closedStatus(state: OccurrenceState, late: Bool, status: OccurrenceStatus) {
        // Given a closed occurrence
        let occurrence = Fixtures.occurrence(
            owner: Fixtures.f, remindAt: remindAt, deadline: deadline, state: state, late: late, closedAt: remindAt)

        // Then before the reminder, in the window and after the deadline its status is the same
        for instant in [
            "2026-11-01T00:00:00+08:00", "2026-11-26T10:00:00+08:00", "2026-11-30T17:00:00+08:00",
            "2027-01-01T00:00:00Z",
        ] {
            #expect(occurrence.status(at: Fixtures.instant(instant)) == status, "at \(instant)")
        }
    }

    @Test("only upcoming, due, awaiting confirmation and overdue are open", arguments: OccurrenceStatus.allCases)
    func isOpen(status: OccurrenceStatus) {
        #expect(status.isOpen == [.upcoming, .due, .awaitingConfirmation, .overdue].contains(status))
    }

    @Test("every status has its own Chinese label and stable spelling")
    func labels() {
        let labels = OccurrenceStatus.allCases.map(\.label)
        #expect(Set(labels).count == OccurrenceStatus.allCases.count)
        #expect(OccurrenceStatus.overdue.label == "逾期")
        #expect(OccurrenceStatus.doneLate.label == "逾期完成")
        #expect(OccurrenceStatus.doneLate.rawValue == "done-late")
        #expect(
            OccurrenceStatus.allCases.map(\.rawValue) == [
                "upcoming", "due", "done", "done-late", "awaiting-confirmation", "overdue", "waived", "left",
            ])
    }

    @Test("an occurrence without owner is unassigned")
    func unassigned() {
        #expect(Fixtures.occurrence(owner: nil).isUnassigned)
        #expect(!Fixtures.occurrence(owner: Fixtures.f).isUnassigned)
    }

    @Test(
        "progress shows completions against a quota of more than one",
        arguments: [(1, 0, ""), (2, 1, "1/2"), (3, 0, "0/3")])
    func progress(quota: Int, done: Int, text: String) {
        #expect(Fixtures.occurrence(owner: Fixtures.f, quota: quota, doneCount: done).progress == text)
    }

    @Test("a materialised plan's instants drive the status the same way")
    func fromPlan() throws {
        // Given the November 2026 self-check of F, materialised for a Monday–Friday branch
        let duty = Fixtures.duty(Fixtures.DutyID.monthlySelfCheck)
        let plan = try #require(
            Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
                .plans(for: duty, in: Cadence.monthly.period(key: "2026-11")!, asOf: Fixtures.date("2026-11-01"))
                .first { $0.key.subject == Fixtures.f })
        let occurrence = Fixtures.occurrence(owner: plan.owner, remindAt: plan.remindAt, deadline: plan.deadline)

        // Then it is upcoming at the start of the period, due three business days before the end, overdue after closing
        #expect(occurrence.status(at: plan.periodStart) == .upcoming)
        #expect(occurrence.status(at: Fixtures.instant("2026-11-24T17:00:00+08:00")) == .upcoming)
        #expect(occurrence.status(at: Fixtures.instant("2026-11-25T08:30:00+08:00")) == .due)
        #expect(occurrence.status(at: Fixtures.instant("2026-11-30T17:00:00+08:00")) == .overdue)
    }
}
