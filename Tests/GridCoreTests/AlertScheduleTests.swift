import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }
private func at(_ text: String) -> Date { Fixtures.instant(text) }

/// Reminded Wednesday 2026-11-25 08:30, due Monday 2026-11-30 17:00 (Asia/Shanghai).
private let open = Fixtures.occurrence(owner: Fixtures.f)

@Suite("AlertSchedule")
struct AlertScheduleTests {
    let schedule = AlertSchedule(policy: .standard, calendar: Fixtures.businessCalendar())

    @Test(
        "the latest alert due follows the reminder, the deadline, the escalation steps and the daily repeats",
        arguments: [
            ("2026-11-25T08:29:59+08:00", nil as AlertKind?, 0, nil as String?),
            ("2026-11-25T08:30:00+08:00", .reminder, 0, "2026-11-25"),
            ("2026-11-30T16:59:59+08:00", .reminder, 0, "2026-11-25"),
            ("2026-11-30T17:00:00+08:00", .overdue, 0, "2026-11-30"),
            ("2026-12-01T08:29:00+08:00", .overdue, 0, "2026-11-30"),
            ("2026-12-01T08:30:00+08:00", .escalation, 1, "2026-12-01"),
            ("2026-12-03T09:00:00+08:00", .escalation, 2, "2026-12-03"),
            ("2026-12-04T08:30:00+08:00", .nag, 2, "2026-12-04"),
            ("2026-12-06T12:00:00+08:00", .nag, 2, "2026-12-04"),
            ("2026-12-07T08:30:00+08:00", .nag, 2, "2026-12-07"),
        ])
    func latestDue(now: String, kind: AlertKind?, level: Int, alertDay: String?) {
        // When the schedule is asked at `now`
        let alert = schedule.latestDue(for: open, at: at(now))

        // Then the latest alert due then is the expected one
        #expect(alert?.kind == kind)
        if let alertDay {
            #expect(alert?.level == level)
            #expect(alert?.day == day(alertDay))
        }
    }

    @Test("escalation targets widen step by step and repeats keep the last step's targets")
    func targets() {
        #expect(schedule.latestDue(for: open, at: at("2026-11-25T09:00:00+08:00"))?.targets == [.owner])
        #expect(schedule.latestDue(for: open, at: at("2026-11-30T17:00:00+08:00"))?.targets == [.owner])
        #expect(schedule.latestDue(for: open, at: at("2026-12-01T09:00:00+08:00"))?.targets == [.owner, .gridLeader])
        let all: [EscalationPolicy.Target] = [.owner, .gridLeader, .lineOwner, .branchHead]
        #expect(schedule.latestDue(for: open, at: at("2026-12-03T09:00:00+08:00"))?.targets == all)
        #expect(schedule.latestDue(for: open, at: at("2026-12-09T09:00:00+08:00"))?.targets == all)
    }

    @Test("the next alert is the first one strictly after the instant")
    func next() {
        #expect(
            schedule.next(for: open, after: at("2026-11-20T00:00:00+08:00"))?.dueAt == at("2026-11-25T08:30:00+08:00"))
        #expect(schedule.next(for: open, after: at("2026-11-25T08:30:00+08:00"))?.kind == .overdue)
        #expect(
            schedule.next(for: open, after: at("2026-11-30T17:00:00+08:00"))?.dueAt == at("2026-12-01T08:30:00+08:00"))
        #expect(
            schedule.next(for: open, after: at("2026-12-04T08:30:00+08:00"))?.dueAt == at("2026-12-07T08:30:00+08:00"))
    }

    @Test("a closed occurrence calls for no alert", arguments: [OccurrenceState.done, .waived, .left])
    func closed(state: OccurrenceState) {
        let closed = Fixtures.occurrence(owner: Fixtures.f, state: state)
        #expect(schedule.latestDue(for: closed, at: at("2026-12-10T09:00:00+08:00")) == nil)
        #expect(schedule.next(for: closed, after: at("2026-11-01T00:00:00+08:00")) == nil)
    }

    @Test("escalation days count business days after the deadline, past holidays and onto swapped workdays")
    func escalationAcrossHoliday() {
        // Given an occurrence due on 30 September 2026, before National Day
        let occurrence = Fixtures.occurrence(
            owner: Fixtures.f, remindAt: at("2026-09-25T08:30:00+08:00"), deadline: at("2026-09-30T17:00:00+08:00"))

        // Then the first step comes on 8 October and the second on Saturday the 10th, a swapped workday
        #expect(
            schedule.next(for: occurrence, after: at("2026-09-30T17:00:00+08:00"))?.dueAt
                == at("2026-10-08T08:30:00+08:00"))
        #expect(schedule.latestDue(for: occurrence, at: at("2026-10-10T09:00:00+08:00"))?.level == 2)
        #expect(schedule.latestDue(for: occurrence, at: at("2026-10-10T09:00:00+08:00"))?.day == day("2026-10-10"))
        #expect(schedule.latestDue(for: occurrence, at: at("2026-10-05T09:00:00+08:00"))?.kind == .overdue)
    }

    @Test(
        "business days overdue count from the deadline day",
        arguments: [
            ("2026-11-30T16:00:00+08:00", 0), ("2026-11-30T18:00:00+08:00", 0), ("2026-12-01T10:00:00+08:00", 1),
            ("2026-12-05T10:00:00+08:00", 4), ("2026-12-07T10:00:00+08:00", 5),
        ])
    func businessDaysOverdue(now: String, days: Int) {
        #expect(schedule.businessDaysOverdue(open, at: at(now)) == days)
    }

    @Test("without repeats, the last step is the last alert")
    func noNag() {
        let quiet = AlertSchedule(
            policy: EscalationPolicy(
                steps: [.init(afterBusinessDays: 2, targets: [.gridLeader, .gridLeader])], nagEveryBusinessDays: 0),
            calendar: Fixtures.businessCalendar())
        #expect(quiet.latestDue(for: open, at: at("2026-11-30T17:00:00+08:00"))?.targets == [.owner])
        let step = quiet.latestDue(for: open, at: at("2026-12-02T08:30:00+08:00"))
        #expect(step?.kind == .escalation && step?.level == 1 && step?.targets == [.gridLeader])
        #expect(quiet.next(for: open, after: at("2026-12-02T08:30:00+08:00")) == nil)
    }

    @Test("an occurrence reminded no earlier than its deadline gets no separate reminder")
    func noReminder() {
        let occurrence = Fixtures.occurrence(
            owner: Fixtures.f, remindAt: at("2026-11-30T17:00:00+08:00"), deadline: at("2026-11-30T17:00:00+08:00"))
        #expect(schedule.next(for: occurrence, after: at("2026-11-01T00:00:00+08:00"))?.kind == .overdue)
        #expect(schedule.latestDue(for: occurrence, at: at("2026-11-30T16:00:00+08:00")) == nil)
    }

    @Test(
        "alert kinds map to syslog priorities, so that journalctl -p warning lists what is late",
        arguments: [
            (AlertKind.reminder, 5), (.overdue, 4), (.escalation, 3), (.nag, 3),
        ])
    func priorities(kind: AlertKind, priority: Int) {
        #expect(kind.syslogPriority == priority)
    }
}
