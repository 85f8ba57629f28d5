import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Testing

/// `systemctl stop` must not wait for a bank-scale pass: a stop ends it between branches.
@Suite("A stop in the middle of a pass")
struct StopMidPassTests {
    /// Runs a pass in a task that a stop has already reached, as the scheduler's is once
    /// SIGTERM arrives.
    func passAfterStop(_ f: DaemonFixture, at text: String) async -> (any Error)? {
        let instant = f.at(text)
        let task = Task { () throws -> AlertingPass.Outcome in
            withUnsafeCurrentTask { $0?.cancel() }
            return try f.pass.run(f.configuration, now: instant, catchUp: nil)
        }
        do {
            _ = try await task.value
            return nil
        } catch {
            return error
        }
    }

    @Test("a pass reached by a stop ends before its next branch, creating and raising nothing more")
    func stopEndsThePassBetweenBranches() async throws {
        // Given the example branch, never passed over
        let f = try DaemonFixture()

        // When a pass starts after the stop was requested
        let error = await passAfterStop(f, at: "2026-12-01T09:00")

        // Then it ends with cancellation, and nothing was half-done
        #expect(error is CancellationError)
        #expect(try f.allAlerts().isEmpty)
        #expect(try f.database.occurrence(id: 1) == nil)

        // And the next pass does the whole of it
        let outcome = try f.run("2026-12-01T09:00")
        #expect(outcome.created > 0 && !outcome.raised.isEmpty)
    }

    @Test("alerts decided before a stop are committed and logged; the rest wait for the next pass")
    func decidedAlertsAreKept() async throws {
        // Given items materialised and due for alerts
        let f = try DaemonFixture()
        _ = try f.pass.materialize(f.configuration, now: f.at("2026-12-01T09:00"))

        // When the alerting part of a pass is reached by a stop
        let instant = f.at("2026-12-01T09:00")
        let task = Task { () throws -> [Alert] in
            withUnsafeCurrentTask { $0?.cancel() }
            return try f.pass.raiseAlerts(f.configuration, now: instant, catchUp: nil)
        }
        let result = await task.result

        // Then it ends with cancellation and leaves no alert written but unlogged
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(try f.database.unloggedAlerts(limit: 10).isEmpty)
        #expect(!(try f.pass.raiseAlerts(f.configuration, now: instant, catchUp: nil)).isEmpty)
    }
}
