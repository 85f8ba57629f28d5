import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging
import Testing

/// A wall clock that follows real time from a chosen start and can be stepped, as NTP or a
/// resumed virtual machine steps the system clock.
final class SteppableWallClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval

    init(startingAt start: Date) { offset = start.timeIntervalSinceNow }

    func now() -> Date { lock.withLock { Date().addingTimeInterval(offset) } }

    func step(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
}

@Suite("The scheduler loop")
struct SchedulerServiceTests {
    /// Waits (bounded) until the logs contain an entry matching `predicate`.
    func waitFor(
        _ logs: LogCapture, timeout: Duration = .seconds(120), _ predicate: (LogCapture.Entry) -> Bool
    ) async throws -> LogCapture.Entry {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let found = logs.entries.first(where: predicate) { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError(
            "timed out waiting for a log entry; got: \(logs.entries.filter { !$0.message.hasPrefix("duty") }.map { "\($0.message) \($0.metadata)" })"
        )
    }

    @Test("a wall-clock step forward is caught up like downtime; a step back raises nothing again")
    func clockSteps() async throws {
        // Given a running scheduler on the example branch, on Friday 27th at 10:00
        let f = try DaemonFixture()
        let wall = SteppableWallClock(startingAt: f.at("2026-11-27T10:00"))
        var settings = SchedulerService<ContinuousClock>.Settings()
        settings.maximumSleep = .milliseconds(50)
        let source = try ConfigurationSource(directory: Repository.schedules, logger: f.logs.logger())
        let service = SchedulerService(
            pass: f.pass, source: source, notifier: SystemdNotifier(environment: [:]), clock: ContinuousClock(),
            now: { wall.now() }, settings: settings, logger: f.logs.logger())
        let running = Task { try await service.run() }
        defer { running.cancel() }
        _ = try await waitFor(f.logs) { $0.message == "gridd ready" }
        let before = Set(try f.allAlerts().map(\.id))

        // When the clock steps forward three days
        wall.step(by: 3 * 86_400)
        let gap = try await waitFor(f.logs) { $0.message == "scheduler gap" }

        // Then the gap is reported once as a clock step, and what came due is raised once per occurrence
        #expect(gap.metadata["reason"] == "clock step")
        _ = try await waitFor(f.logs) { $0.metadata["catch_up.to"] != nil }
        let raised = try f.allAlerts().filter { !before.contains($0.id) }
        #expect(!raised.isEmpty)
        #expect(Dictionary(grouping: raised, by: \.occurrenceID).values.allSatisfy { $0.count == 1 })
        #expect(raised.allSatisfy { $0.catchUpFrom != nil })
        let count = try f.allAlerts().count

        // When it steps back a day
        wall.step(by: -86_400)
        let back = try await waitFor(f.logs) {
            $0.message == "wall clock stepped" && ($0.metadata["step.seconds"] ?? "").hasPrefix("-")
        }
        #expect(back.metadata["step.seconds"].flatMap { Int($0) }.map { $0 <= -86_000 } == true)
        // let a few more passes run
        try await Task.sleep(for: .milliseconds(300))
        #expect(try f.allAlerts().count == count)
        #expect(f.logs.entries.filter { $0.message == "scheduler gap" }.count == 1)

        // And cancelling (as SIGTERM does) ends the service
        running.cancel()
        _ = try await running.value
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
