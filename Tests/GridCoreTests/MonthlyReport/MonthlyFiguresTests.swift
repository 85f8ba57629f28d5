import Foundation
import GridCore
import GridTestKit
import Testing

/// `2026-11-10T17:00` in Shanghai.
private func at(_ local: String) -> Date { Fixtures.instant(local + ":00+08:00") }

/// An item of the fixture branch due at `deadline` (Shanghai time).
private func item(
    _ id: Int64, line: String = "ops", owner: String? = Fixtures.c, deadline: String, state: OccurrenceState = .open,
    closedAt: String? = nil, late: Bool = false
) -> Occurrence {
    let due = at(deadline)
    return Occurrence(
        id: id, key: OccurrenceKey(branch: Fixtures.branchID, duty: "d\(id)", subject: Fixtures.branchID, period: "p"),
        line: line, cadence: .daily, scope: .branch, owner: owner, ownerRole: "r", periodStart: due,
        remindAt: due, deadline: due, quota: 1, doneCount: state == .done ? 1 : 0, state: state,
        closedAt: closedAt.map(at), late: late)
}

private func escalation(_ id: Int64, level: Int, day: String, kind: AlertKind = .escalation) -> Alert {
    let instant = at(day + "T09:00")
    return Alert(
        id: id, occurrenceID: 1, kind: kind, level: level, day: Fixtures.date(day), dueAt: instant, raisedAt: instant,
        targets: [Fixtures.a], businessDaysOverdue: 1, catchUpFrom: nil, catchUpTo: nil, acknowledgedBy: nil,
        acknowledgedAt: nil)
}

private func november(
    now: String, _ items: [Occurrence], alerts: [Alert] = [], integrity: [IntegrityStanding] = []
) -> MonthlyFigures {
    MonthlyFigures(
        branch: Fixtures.branch(), year: 2026, month: 11, now: at(now), occurrences: items,
        alerts: alerts, lineTitles: ["ops": "运营线", "sec": "安全线"], integrity: integrity)
}

@Suite("Monthly figures")
struct MonthlyFiguresTests {
    @Test("each item the month owes is on time, late, waived, missed or pending as it stood at the report's instant")
    func outcomes() {
        // Given items due in November, the report read on 2026-11-20 at noon
        let items = [
            item(1, deadline: "2026-11-10T17:00", state: .done, closedAt: "2026-11-10T16:00"),
            item(2, deadline: "2026-11-10T17:00", state: .done, closedAt: "2026-11-12T10:00", late: true),
            item(3, deadline: "2026-11-11T17:00", state: .waived, closedAt: "2026-11-11T09:00"),
            item(4, deadline: "2026-11-12T17:00"),
            item(5, deadline: "2026-11-25T17:00"),
            // done after the report's instant: open then, and past its deadline
            item(6, deadline: "2026-11-13T17:00", state: .done, closedAt: "2026-11-21T09:00", late: true),
            // waived after the report's instant, not yet due then
            item(7, deadline: "2026-11-26T17:00", state: .waived, closedAt: "2026-11-24T09:00"),
        ]
        // When the figures are computed
        let f = november(now: "2026-11-20T12:00", items)
        // Then each lands in one outcome, and the rate leaves the waived item out
        #expect(f.totals == DutyTally(owed: 7, onTime: 1, late: 1, missed: 2, waived: 1, pending: 2))
        #expect(f.totals.onTimeRate == 1.0 / 6.0)
        #expect(f.asOf == at("2026-11-20T12:00"))
    }

    @Test("a past month is read as it stood at its end: an item done in December was missed in November")
    func pastMonth() {
        let items = [item(1, deadline: "2026-11-30T17:00", state: .done, closedAt: "2026-12-01T09:00", late: true)]
        let f = november(now: "2026-12-15T12:00", items)
        #expect(f.totals == DutyTally(owed: 1, onTime: 0, late: 0, missed: 1, waived: 0, pending: 0))
        #expect(f.asOfText == "2026-12-01T00:00:00+08:00")
    }

    @Test("only items whose deadline's local day is in the month count, and items of people who left are not owed")
    func window() {
        let items = [
            item(1, deadline: "2026-10-31T23:59"), item(2, deadline: "2026-11-01T00:00"),
            item(3, deadline: "2026-11-30T23:59"), item(4, deadline: "2026-12-01T00:00"),
            item(5, deadline: "2026-11-05T17:00", state: .left, closedAt: "2026-11-03T09:00"),
        ]
        let f = november(now: "2026-12-02T09:00", items)
        #expect(f.totals.owed == 2)
    }

    @Test("with nothing owed but waived items the on-time rate is none, not zero")
    func noRate() {
        let f = november(
            now: "2026-11-20T12:00",
            [item(1, deadline: "2026-11-10T17:00", state: .waived, closedAt: "2026-11-09T09:00")])
        #expect(f.totals.onTimeRate == nil)
        #expect(november(now: "2026-11-20T12:00", []).totals.onTimeRate == nil)
    }

    @Test("lines, people and grids each sum their items; a grid's are its members', people in roster order")
    func breakdowns() {
        let items = [
            item(
                1, line: "sec", owner: Fixtures.d, deadline: "2026-11-10T17:00", state: .done,
                closedAt: "2026-11-10T09:00"),
            item(2, line: "ops", owner: Fixtures.c, deadline: "2026-11-10T17:00"),
            item(3, line: "ops", owner: Fixtures.g, deadline: "2026-11-10T17:00"),
            item(4, line: "ops", owner: Fixtures.a, deadline: "2026-11-10T17:00"),
            item(5, line: "ops", owner: nil, deadline: "2026-11-10T17:00"),
        ]
        let f = november(now: "2026-11-20T12:00", items)
        #expect(f.lines.map(\.key) == ["ops", "sec"])
        #expect(f.lines.map(\.name) == ["运营线", "安全线"])
        #expect(f.lines[0].tally.missed == 4)
        #expect(f.people.map(\.key) == [Fixtures.a, Fixtures.c, Fixtures.d, Fixtures.g])
        #expect(f.people.map(\.name) == ["林振华", "陈晓东", "王丽", "吴婷"])
        // branch-grid's members are B, C, D, E (its leader A is not one of them); counter-grid's F, G, H, I
        #expect(f.grids.map(\.key) == ["branch-grid", "counter-grid"])
        #expect(f.grids[0].tally == DutyTally(owed: 2, onTime: 1, late: 0, missed: 1, waived: 0, pending: 0))
        #expect(f.grids[1].tally == DutyTally(owed: 1, onTime: 0, late: 0, missed: 1, waived: 0, pending: 0))
    }

    @Test("missed items are aged in business days at the month's end: 1–3, 4–10, 11 and more")
    func ages() {
        // Monday–Friday; November 2026 has no holiday. The month ends on Monday 11-30.
        let items = [
            item(1, deadline: "2026-11-30T17:00"),  // its own day: 1
            item(2, deadline: "2026-11-27T17:00"),  // Fri → Mon 30: 1
            item(3, deadline: "2026-11-24T17:00"),  // 25, 26, 27, 30: 4
            item(4, deadline: "2026-11-16T17:00"),  // 17–20, 23–27, 30: 10
            item(5, deadline: "2026-11-13T17:00"),  // 11
        ]
        let f = november(now: "2026-12-03T12:00", items)
        #expect(f.overdueByAge == MonthlyFigures.AgeBuckets(upTo3: 2, upTo10: 2, over10: 1))
    }

    @Test("escalations are the escalation alerts whose day is in the month, counted per level")
    func escalations() {
        let alerts = [
            escalation(1, level: 1, day: "2026-11-03"), escalation(2, level: 2, day: "2026-11-30"),
            escalation(3, level: 1, day: "2026-11-17"), escalation(4, level: 1, day: "2026-12-01"),
            escalation(5, level: 1, day: "2026-11-10", kind: .overdue),
        ]
        let f = november(now: "2026-12-03T12:00", [], alerts: alerts)
        #expect(f.escalations.total == 3)
        #expect(f.escalations.byLevel == [1: 2, 2: 1])
    }

    @Test("every day of the month is listed with whether the branch is open and the items due that day")
    func days() {
        let items = [
            item(1, deadline: "2026-11-02T17:00", state: .done, closedAt: "2026-11-02T09:00"),
            item(2, deadline: "2026-11-02T17:00"),
        ]
        let f = november(now: "2026-12-03T12:00", items)
        #expect(f.days.count == 30)
        #expect(f.days[0].date == Fixtures.date("2026-11-01") && !f.days[0].business)
        #expect(f.days[1].business && f.days[1].tally.owed == 2 && f.days[1].tally.onTime == 1)
        #expect(f.days.filter(\.business).count == 21)
    }

    @Test("integrity standings are kept as given, people in roster order, and each band's people counted")
    func integrity() {
        let given = [
            IntegrityStanding(person: Fixtures.g, total: 70, band: .yellow, redLine: false),
            IntegrityStanding(person: nil, total: 95, band: .green, redLine: false),
            IntegrityStanding(person: Fixtures.a, total: 100, band: .red, redLine: true),
        ]
        let f = november(now: "2026-11-20T12:00", [], integrity: given)
        #expect(f.integrity?.branch?.total == 95)
        #expect(f.integrity?.people.map(\.id) == [Fixtures.a, Fixtures.g])
        #expect(f.integrity?.bands == [.red: 1, .yellow: 1, .blue: 0, .green: 0])
        #expect(november(now: "2026-11-20T12:00", []).integrity == nil)
    }
}
