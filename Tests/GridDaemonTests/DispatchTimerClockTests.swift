import Foundation
import GridDaemon
import Testing

@Suite("The dispatch timer clock")
struct DispatchTimerClockTests {
    @Test("a sleep lasts its duration on the monotonic clock")
    func sleepsItsDuration() async throws {
        let clock = DispatchTimerClock()
        let start = clock.now

        try await clock.sleep(for: .milliseconds(120))

        let slept = start.duration(to: clock.now)
        #expect(slept >= .milliseconds(120))
        #expect(slept < .seconds(5))
    }

    @Test("cancelling a sleeping task ends the sleep at once with CancellationError")
    func cancellation() async throws {
        let clock = DispatchTimerClock()
        let start = clock.now
        let sleeper = Task { try await clock.sleep(for: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(50))

        sleeper.cancel()

        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(start.duration(to: clock.now) < .seconds(30))
    }

    @Test("a task cancelled before it sleeps does not sleep")
    func cancelledBefore() async throws {
        let clock = DispatchTimerClock()
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
