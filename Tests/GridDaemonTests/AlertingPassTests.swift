import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging
import Synchronization
import Testing

@Suite("The daemon's pass: reminders, overdue alerts and escalation")
struct AlertingPassTests {
    @Test("a monthly check is reminded 3 business days ahead, overdue at closing, then escalated up the grid")
    func monthlyLadder() throws {
        // Given the example branch (open Monday to Saturday) and November's account reconciliation,
        // owed by the back-office deputy (周敏), whose grid leader is the branch head (林振华),
        // with the repeat raised per item (no digest).
        let (schedules, configuration) = try DaemonFixture.schedules(digest: "kinds: []")
        defer { withExtendedLifetime(schedules) {} }
        let f = try DaemonFixture(configuration: configuration)
        let duty = "ops.account-reconciliation"

        // When the daemon passes at each instant of its life
        for instant in [
            "2026-11-25T16:00", "2026-11-26T08:30", "2026-11-30T16:59", "2026-11-30T17:00", "2026-12-01T08:30",
            "2026-12-02T08:30", "2026-12-03T08:30", "2026-12-04T08:30", "2026-12-04T12:00",
        ] {
            try f.run(instant)
        }

        // Then it was reminded on Thursday 26th (Sat 28th and Fri 27th are the two business days
        // between), overdue at Monday's closing, escalated on the next business days, then repeated.
        let alerts = try f.alerts(duty, "2026-11")
        #expect(alerts.map(\.kind) == [.reminder, .overdue, .escalation, .escalation, .nag])
        #expect(
            alerts.map(\.day.description) == ["2026-11-26", "2026-11-30", "2026-12-01", "2026-12-03", "2026-12-04"])
        #expect(alerts.map(\.level) == [0, 0, 1, 2, 2])
        #expect(alerts[0].targets == ["zhou.min"])
        #expect(alerts[1].targets == ["zhou.min"])
        #expect(alerts[2].targets == ["zhou.min", "lin.zhenhua"])
        #expect(alerts[3].targets == ["zhou.min", "lin.zhenhua"])
        #expect(alerts[3].businessDaysOverdue == 3)
        #expect(alerts.allSatisfy { $0.catchUpFrom == nil })
    }

    @Test("each alert is logged once, at the priority of its kind, with the duty, period, owner and deadline")
    func logLines() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-30T17:00")
        try f.run("2026-12-01T08:30")

        let lines = f.logs.entries.filter { $0.metadata["duty.id"] == "ops.account-reconciliation" }
        #expect(lines.map(\.level) == [.warning, .error])
        let overdue = try #require(lines.first)
        #expect(overdue.metadata["period"] == "2026-11")
        #expect(overdue.metadata["owner.id"] == "zhou.min")
        #expect(overdue.metadata["owner.name"] == "周敏")
        #expect(overdue.metadata["duty.title"] == "账实相符检查")
        #expect(overdue.metadata["deadline"] == "2026-11-30T17:00:00+08:00")
        #expect(overdue.metadata["branch.id"] == "example")
        // 倒查: the owner's grid leader and the other members of the owner's grid.
        #expect(overdue.metadata["fault"] == "zhou.min")
        #expect(overdue.metadata["supervisor"] == "lin.zhenhua")
        #expect(overdue.metadata["co_supervisors"] == "chen.xiaodong,wang.li,zhao.gang")
        #expect(lines[1].metadata["targets"] == "zhou.min,lin.zhenhua")
        #expect(lines[1].metadata["days_overdue"] == "1")
    }

    @Test("an alert written but not logged, as after a crash between the two, is logged by the next pass, first")
    func writtenNotLogged() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-30T16:00")
        // The crash: the overdue alert's row is committed, its line never written.
        let item = try f.occurrence("ops.account-reconciliation", "2026-11")
        let decision = AlertDecision(
            occurrenceID: item.id,
            instance: AlertInstance(
                kind: .overdue, level: 0, day: LocalDate(iso: "2026-11-30")!, dueAt: f.at("2026-11-30T17:00"),
                targets: [.owner]),
            targets: ["zhou.min"], businessDaysOverdue: 0, nextAlertAt: f.at("2026-12-01T08:30"))
        let written = try f.database.recordAlerts([decision], raisedAt: f.at("2026-11-30T17:00"), catchUp: nil)
        let linesBefore = f.logs.entries.count

        let outcome = try f.run("2026-11-30T17:30")

        let lines = f.logs.entries.dropFirst(linesBefore)
        #expect(lines.first?.metadata["alert.id"] == "\(written[0].id)")
        #expect(lines.first?.level == .warning)
        #expect(lines.filter { $0.metadata["alert.id"] == "\(written[0].id)" }.count == 1)
        #expect(outcome.logged == outcome.raised.count + 1)
        #expect(try f.database.unloggedAlerts().isEmpty)
        try f.run("2026-11-30T17:40")
        #expect(f.logs.entries.filter { $0.metadata["alert.id"] == "\(written[0].id)" }.count == 1)
    }

    @Test("passing twice at the same instant, as after a restart, raises and logs nothing new")
    func idempotentPass() throws {
        let f = try DaemonFixture()
        let first = try f.run("2026-11-30T17:30")
        let count = try f.allAlerts().count
        let logged = f.logs.entries.count

        let second = try f.run("2026-11-30T17:30")

        #expect(first.raised.count > 0)
        #expect(second.raised.isEmpty && second.created == 0 && second.logged == 0)
        #expect(try f.allAlerts().count == count)
        #expect(f.logs.entries.count == logged)
    }

    @Test("after 3 days down, the first pass raises one alert per occurrence, marked with the gap, and logs one gap")
    func downtime() throws {
        // Given the daemon last ran on Friday 27th at 10:00 and starts again on Monday 30th at 10:00
        let f = try DaemonFixture()
        try f.start("2026-11-27T10:00")
        let before = Set(try f.allAlerts().map(\.id))

        try f.start("2026-11-30T10:00")

        let raised = try f.allAlerts().filter { !before.contains($0.id) }
        // Then one alert per occurrence, never two
        let perOccurrence = Dictionary(grouping: raised, by: \.occurrenceID)
        #expect(perOccurrence.values.allSatisfy { $0.count == 1 })
        // all marked with the downtime span
        #expect(
            raised.allSatisfy { $0.catchUpFrom == f.at("2026-11-27T10:00") && $0.catchUpTo == f.at("2026-11-30T10:00") }
        )
        // the daily log of Friday 27th, overdue at its closing, is now one escalation step up (Saturday)
        let friday = try f.alerts("ops.proxy-business-log", "2026-11-27")
        #expect(friday.map(\.kind) == [.reminder, .escalation])
        #expect(friday.last?.day.description == "2026-11-28")
        // Saturday's (a business day here) and Monday's: escalated and reminded respectively
        #expect(try f.alerts("ops.proxy-business-log", "2026-11-28").map(\.kind) == [.escalation])
        #expect(try f.alerts("ops.proxy-business-log", "2026-11-30").map(\.kind) == [.reminder])
        // and a single "scheduler gap" line
        let gaps = f.logs.entries.filter { $0.message == "scheduler gap" }
        #expect(gaps.count == 1)
        #expect(gaps.first?.metadata["gap.seconds"] == String(3 * 86_400))
    }

    @Test("when the wall clock goes back, nothing already raised, or skipped, is raised again")
    func clockBack() throws {
        let f = try DaemonFixture()
        try f.run("2026-12-02T10:00")
        let count = try f.allAlerts().count

        let outcome = try f.run("2026-12-01T10:00")

        #expect(outcome.raised.isEmpty)
        #expect(try f.allAlerts().count == count)
    }

    @Test("a completed item raises nothing more; an item completed before its reminder is never reminded")
    func completion() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-23T10:00")
        let item = try f.occurrence("ops.internal-account-check", "2026-11")
        _ = try f.database.recordCompletion(
            occurrence: item.id, by: "zhou.min", performedAt: f.at("2026-11-23T11:00"),
            recordedAt: f.at("2026-11-23T11:00"), note: nil)

        for instant in ["2026-11-26T08:30", "2026-11-30T17:00", "2026-12-03T08:30"] { try f.run(instant) }

        #expect(try f.alerts("ops.internal-account-check", "2026-11").isEmpty)
    }

    @Test(
        "a two-person check recorded but not confirmed is alerted as an open item, overdue past its deadline; confirmed, it raises nothing more"
    )
    func awaitingConfirmation() throws {
        // Given November's reconciliation (双人) recorded by its owner before its reminder
        let f = try DaemonFixture()
        try f.run("2026-11-23T10:00")
        let item = try f.occurrence("ops.account-reconciliation", "2026-11")
        _ = try f.database.recordCompletion(
            occurrence: item.id, by: "zhou.min", performedAt: f.at("2026-11-23T11:00"),
            recordedAt: f.at("2026-11-23T11:00"), note: nil)

        // When the passes run through its deadline
        for instant in ["2026-11-26T08:30", "2026-11-30T17:00"] { try f.run(instant) }

        // Then it is reminded and alerted overdue, as nobody has confirmed it
        let alerts = try f.alerts("ops.account-reconciliation", "2026-11")
        #expect(alerts.map(\.kind).contains(.overdue), "\(alerts)")
        #expect(try f.occurrence("ops.account-reconciliation", "2026-11").state == .open)

        // And once the branch head confirms it, no later alert comes
        _ = try f.database.confirm(
            occurrence: item.id, by: "lin.zhenhua", note: nil, at: f.at("2026-12-01T09:00"),
            attribution: Attribution(login: "test", actor: "lin.zhenhua", enteredAt: f.at("2026-12-01T09:00")))
        for instant in ["2026-12-02T08:30", "2026-12-08T08:30"] { try f.run(instant) }
        #expect(try f.alerts("ops.account-reconciliation", "2026-11").count == alerts.count)
        let closed = try f.occurrence("ops.account-reconciliation", "2026-11")
        #expect(closed.state == .done && closed.late)
    }

    @Test("alerts of many branches written a few decisions per commit are those written all at once")
    func decisionsAcrossCommits() throws {
        // Three copies of the example branch, so that commits fall inside and between branches.
        let example = try ConfigLoader(directory: Repository.schedules).load()
        let branches = ["east", "west", "north"].map { id in
            let b = example.branches[0]
            return Branch(
                id: id, name: b.name, calendar: b.calendar, since: b.since, staff: b.staff, grids: b.grids,
                pairings: b.pairings)
        }
        let bank = Configuration(
            directory: example.directory, catalog: example.catalog, calendars: example.calendars, branches: branches)
        func alerts(decisionsPerCommit: Int) throws -> [String] {
            let database = try GridDatabase()
            let pass = AlertingPass(
                database: database, logger: LogCapture().logger(label: "gridd"), decisionsPerCommit: decisionsPerCommit)
            var lines: [String] = []
            for instant in ["2026-11-25T16:00", "2026-11-30T17:00", "2026-12-01T08:30", "2026-12-04T12:00"] {
                let now = InstantText.parse(instant)!.instant(in: branches[0].calendar)
                let raised = try pass.run(bank, now: now, catchUp: nil).raised
                lines += try raised.map { alert in
                    let item = try #require(try database.occurrence(id: alert.occurrenceID))
                    return "\(instant) \(item.key) \(alert.kind) \(alert.level) \(alert.targets)"
                }
            }
            return lines.sorted()
        }

        // The pass reports progress after every branch, so a long one keeps systemd's watchdog fed.
        let beats = Mutex(0)
        var counted = AlertingPass(database: try GridDatabase(), logger: LogCapture().logger(label: "gridd"))
        counted.progress = { beats.withLock { $0 += 1 } }
        _ = try counted.run(
            bank, now: InstantText.parse("2026-11-30T17:00")!.instant(in: branches[0].calendar), catchUp: nil)
        #expect(beats.withLock { $0 } >= 2 * branches.count)

        let together = try alerts(decisionsPerCommit: 1_000_000)
        #expect(
            Set(together.map { $0.split(separator: " ")[1].split(separator: "/")[0] }) == ["east", "west", "north"])
        #expect(together.count > 30)
        #expect(try alerts(decisionsPerCommit: 7) == together)
    }

    @Test("a reminder for an \"at least N\" duty carries its progress, k of N done")
    func quotaProgress() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-23T10:00")
        let lecture = try f.occurrence("party.lecture", "2026")
        _ = try f.database.recordCompletion(
            occurrence: lecture.id, by: "lin.zhenhua", performedAt: f.at("2026-11-23T11:00"),
            recordedAt: f.at("2026-11-23T11:00"), note: "第一次党课")

        try f.run("2026-12-31T09:00")

        let line = f.logs.entries.first { $0.metadata["duty.id"] == "party.lecture" }
        #expect(line?.metadata["progress"] == "1 of 2 done")
        #expect(line?.level == .notice)
    }

    @Test("an item of a vacant post is raised unassigned and alerts the line owner and the branch head")
    func vacantPost() throws {
        // Given the example branch with nobody holding the discipline inspector's post
        let dir = TemporaryDirectory()
        try Repository.copySchedules(to: dir.file("s"))
        let file = dir.file("s/branches/example.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "[operations-deputy, discipline-inspector]", with: "[operations-deputy]")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let f = try DaemonFixture(configuration: GridConfig.ConfigLoader(directory: dir.file("s")).load())

        try f.run("2026-12-31T17:30")

        let item = try f.occurrence("discipline.conduct-self-check", "2026")
        #expect(item.owner == nil)
        let alert = try #require(try f.alerts("discipline.conduct-self-check", "2026").last)
        // The line's owning role is vacant too, so the branch head is told.
        #expect(alert.targets == ["lin.zhenhua"])
    }
}
