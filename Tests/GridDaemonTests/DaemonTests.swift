import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging
import ServiceLifecycle
import Testing

/// The daemon as `gridd` assembles it, built and run in process.
@Suite("gridd's daemon, in process")
struct DaemonTests {
    @Test(
        "Given the shipped schedules and a new database, when the daemon's service group runs on a manual clock, then it becomes ready, passes as the clock moves, and stops on a graceful shutdown",
        .timeLimit(.minutes(1)))
    func serviceGroupRunsAndStops() async throws {
        // Given the daemon on the example branch, its wall clock at Monday 2026-11-30 16:00
        let dir = TemporaryDirectory()
        let logs = LogCapture()
        let clock = ManualClock()
        let start = InstantText.parse("2026-11-30T16:00+08:00")!.instant(
            in: BusinessCalendar(national: .plainWeekdays, timeZone: .gmt))
        let wall = SimulatedWallClock(startingAt: start, clock: clock)
        let daemon = try Daemon(
            initial: ConfigurationSource.read(directory: Repository.schedules), databasePath: dir.file("g.sqlite"),
            wallClock: { wall.now() }, logger: logs.logger(label: "gridd"))
        let (events, continuation) = AsyncStream.makeStream(of: SchedulerService<ManualClock>.Event.self)
        let group = daemon.serviceGroup(
            clock: clock, notifier: SystemdNotifier(environment: [:]), events: { continuation.yield($0) })
        let running = Task { try await group.run() }
        var iterator = events.makeAsyncIterator()

        // When it starts
        while let event = await iterator.next(), event != .ready {}
        #expect(try !daemon.database.alerts(unacknowledgedOnly: false, limit: 10).isEmpty)

        // And its sleep runs out
        try await clock.untilSomeoneSleeps()
        clock.advanceToNextDeadline()
        while let event = await iterator.next() {
            if case .passDone = event { break }
        }

        // Then a graceful shutdown (SIGTERM) ends it, saying so
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(logs.entries.contains { $0.message == "gridd stopping" })
    }

    @Test(
        "Given a configuration that does not load and no last accepted one, when the daemon is built, then it refuses to start, having logged each problem"
    )
    func invalidConfigurationRefused() throws {
        let dir = TemporaryDirectory()
        try Repository.copySchedules(to: dir.file("s"))
        try dir.write("s/catalog/10-party.yaml", "line:\n  id: party\n  owner: nobody\nduties: []\n")
        let logs = LogCapture()

        #expect(throws: Daemon.StartError.invalidConfiguration) {
            try Daemon(
                initial: ConfigurationSource.read(directory: dir.file("s")), databasePath: dir.file("g.sqlite"),
                logger: logs.logger())
        }
        #expect(
            logs.entries.contains {
                $0.level == .critical && ($0.metadata["problem"] ?? "").contains("10-party.yaml:3")
            })
        #expect(
            !FileManager.default.fileExists(atPath: dir.file("g.sqlite")),
            "no database is made for a daemon that cannot start")
    }
}
