import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging
import Synchronization
import Testing

/// The system clock as the scheduler reads it, driven by a manual monotonic clock: it moves
/// with the clock the test advances, and can be stepped on its own, as NTP or a resumed
/// virtual machine steps the system clock.
final class SimulatedWallClock: Sendable {
    private let start: Date
    private let clock: ManualClock
    private let stepped = Mutex<TimeInterval>(0)

    init(startingAt start: Date, clock: ManualClock) {
        self.start = start
        self.clock = clock
    }

    func now() -> Date {
        let elapsed = clock.now.offset.components
        return start.addingTimeInterval(
            Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18 + stepped.withLock { $0 })
    }

    func step(by seconds: TimeInterval) { stepped.withLock { $0 += seconds } }
}

/// A scheduler on the example branch, its monotonic clock manual and its wall clock
/// simulated, with its events as a stream a test waits on: nothing sleeps on real time.
final class RunningScheduler {
    let fixture: DaemonFixture
    let clock = ManualClock()
    let wall: SimulatedWallClock
    let task: Task<Void, any Error>
    let service: SchedulerService<ManualClock>
    /// One iterator for the test's whole life: a stream has one consumer.
    private var events: AsyncStream<SchedulerService<ManualClock>.Event>.Iterator

    init(at start: String, maximumSleep: Duration = .seconds(60)) throws {
        let fixture = try DaemonFixture()
        let wall = SimulatedWallClock(startingAt: fixture.at(start), clock: clock)
        var settings = SchedulerService<ManualClock>.Settings()
        settings.maximumSleep = maximumSleep
        let (events, continuation) = AsyncStream.makeStream(of: SchedulerService<ManualClock>.Event.self)
        let source = try ConfigurationSource(directory: Repository.schedules, logger: fixture.logs.logger())
        let service = SchedulerService(
            pass: fixture.pass, source: source, notifier: SystemdNotifier(environment: [:]), clock: clock,
            now: { wall.now() }, settings: settings, logger: fixture.logs.logger(),
            events: { continuation.yield($0) })
        self.fixture = fixture
        self.wall = wall
        self.service = service
        self.events = events.makeAsyncIterator()
        task = Task { try await service.run() }
    }

    /// Waits for the next event that matches; every event before it is returned too.
    @discardableResult
    func next(_ matching: (SchedulerService<ManualClock>.Event) -> Bool) async -> [SchedulerService<ManualClock>.Event]
    {
        var seen: [SchedulerService<ManualClock>.Event] = []
        while let event = await events.next(isolation: #isolation) {
            seen.append(event)
            if matching(event) { break }
        }
        return seen
    }

    /// Lets the scheduler's current sleep run out, however long it chose, and waits for the
    /// pass that follows; returns the events up to it.
    @discardableResult
    func wake() async throws -> [SchedulerService<ManualClock>.Event] {
        try await clock.untilSomeoneSleeps()
        clock.advanceToNextDeadline()
        return await next { if case .passDone = $0 { true } else { false } }
    }

    /// Wakes the scheduler until the wall clock reaches `instant`.
    func run(until instant: String) async throws {
        let end = fixture.at(instant)
        while wall.now() < end { try await wake() }
    }
}

@Suite("The scheduler loop")
struct SchedulerServiceTests {
    @Test(
        "a wall-clock step forward is caught up like downtime; a step back raises nothing again",
        .timeLimit(.minutes(1)))
    func clockSteps() async throws {
        // Given a running scheduler on the example branch, on Friday 27th at 10:00
        let scheduler = try RunningScheduler(at: "2026-11-27T10:00")
        defer { scheduler.task.cancel() }
        await scheduler.next { $0 == .ready }
        let f = scheduler.fixture
        let before = Set(try f.allAlerts().map(\.id))

        // When the clock steps forward three days during a sleep
        scheduler.wall.step(by: 3 * 86_400)
        let events = try await scheduler.wake()

        // Then the step is seen, the gap is reported once as a clock step, and what came due is
        // raised once per occurrence
        #expect(events.contains { if case .clockStepped(let s) = $0 { s > 86_000 * 3 } else { false } })
        let gaps = f.logs.entries.filter { $0.message == "scheduler gap" }
        #expect(gaps.count == 1 && gaps.first?.metadata["reason"] == "clock step")
        let raised = try f.allAlerts().filter { !before.contains($0.id) }
        #expect(!raised.isEmpty)
        #expect(Dictionary(grouping: raised, by: \.occurrenceID).values.allSatisfy { $0.count == 1 })
        #expect(raised.allSatisfy { $0.catchUpFrom != nil })
        let count = try f.allAlerts().count

        // When it steps back a day, and two more passes run
        scheduler.wall.step(by: -86_400)
        let back = try await scheduler.wake()
        try await scheduler.wake()
        try await scheduler.wake()

        // Then the step back is seen and nothing is raised again, and no second gap is reported
        #expect(back.contains { if case .clockStepped(let s) = $0 { s < -86_000 } else { false } })
        #expect(try f.allAlerts().count == count)
        #expect(f.logs.entries.filter { $0.message == "scheduler gap" }.count == 1)

        // And cancelling (as SIGTERM does) ends the service
        scheduler.task.cancel()
        _ = try await scheduler.task.value
    }

    @Test(
        "a running scheduler raises an item's overdue alert at its deadline and escalates it the next business day, waking for each",
        .timeLimit(.minutes(1)))
    func alertsAtTheirInstants() async throws {
        // Given a running scheduler on Monday 2026-11-30 at 16:00, an hour before November's
        // monthly deadlines (the month's last business day)
        let scheduler = try RunningScheduler(at: "2026-11-30T16:00")
        defer { scheduler.task.cancel() }
        await scheduler.next { $0 == .ready }
        let f = scheduler.fixture
        #expect(try f.alerts("ops.account-reconciliation", "2026-11").map(\.kind) == [.reminder])

        // When the scheduler runs to 17:00, then the overdue alert is raised at the deadline
        try await scheduler.run(until: "2026-11-30T17:00")
        let overdue = try f.alerts("ops.account-reconciliation", "2026-11")
        #expect(overdue.map(\.kind) == [.reminder, .overdue])
        #expect(overdue.last?.raisedAt == f.at("2026-11-30T17:00"), "woken for the deadline itself, not a minute late")

        // When it runs on to the next business day's opening, then it escalates to the grid leader
        try await scheduler.run(until: "2026-12-01T08:30")
        let alerts = try f.alerts("ops.account-reconciliation", "2026-11")
        #expect(alerts.map(\.kind) == [.reminder, .overdue, .escalation], "\(alerts.map(\.kind))")
        #expect(alerts.last?.targets.contains("lin.zhenhua") == true)
    }

    @Test("a reload with a broken catalog keeps the last good configuration")
    func rejectedReload() throws {
        let dir = TemporaryDirectory()
        try Repository.copySchedules(to: dir.file("s"))
        let logs = LogCapture()
        let source = try ConfigurationSource(directory: dir.file("s"), logger: logs.logger())
        let duties = source.current.catalog.duties.count

        try dir.write("s/catalog/10-party.yaml", "line: {id: party\nduties: [")
        let result = source.reload(force: true)

        guard case .rejected(let error) = result else {
            Issue.record("expected the reload to be rejected, got \(result)")
            return
        }
        #expect(error.issues.first?.file.hasSuffix("catalog/10-party.yaml") == true)
        #expect(source.current.catalog.duties.count == duties)
        #expect(
            logs.entries.contains {
                $0.message == "configuration rejected" && $0.metadata["file"]?.hasSuffix("10-party.yaml") == true
            })
    }

    @Test("an edited catalog is noticed without a signal, and applied")
    func editNoticed() throws {
        let dir = TemporaryDirectory()
        try Repository.copySchedules(to: dir.file("s"))
        let source = try ConfigurationSource(directory: dir.file("s"), logger: LogCapture().logger())
        #expect({ if case .unchanged = source.reload(force: false) { true } else { false } }())

        let file = dir.file("s/catalog/90-epidemic.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "enabled: false", with: "enabled: true")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = source.reload(force: false)

        guard case .reloaded(let configuration) = result else {
            Issue.record("expected a reload, got \(result)")
            return
        }
        #expect(configuration.catalog.lines["epidemic"]?.enabled == true)
    }
}
