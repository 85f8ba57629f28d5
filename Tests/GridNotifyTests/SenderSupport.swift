import Foundation
import GridCore
import GridStore
import GridTestKit
import Synchronization

@testable import GridNotify

/// Wall-clock time that moves only when the test moves it: the sender's clock reads it and
/// its sleeps wait on it, so hours of retries take no real time.
final class VirtualTime: Sendable {
    let clock = ManualClock()
    let origin = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z

    var now: Date { origin.addingTimeInterval(Self.seconds(clock.now.offset)) }

    func sleep(_ seconds: Double) async throws {
        try await clock.sleep(until: clock.now.advanced(by: .seconds(seconds)))
    }

    func advance(_ seconds: Double) { clock.advance(by: .seconds(seconds)) }

    func advance(to date: Date) {
        let step = date.timeIntervalSince(now)
        if step > 0 { advance(step) }
    }

    /// Runs `work` while advancing the clock to the next sleeper's deadline each time at least
    /// `sleepers` tasks sleep on it (the drain's bound is one of them) and `settled` holds.
    func driving<T: Sendable>(
        sleepers: Int, settled: @escaping @Sendable () -> Bool = { true }, _ work: @escaping @Sendable () async -> T
    ) async -> T {
        let done = Atomic(false)
        let task = Task {
            let result = await work()
            done.store(true, ordering: .sequentiallyConsistent)
            return result
        }
        while !done.load(ordering: .sequentiallyConsistent) {
            if clock.sleeping >= sleepers, settled() { clock.advanceToNextDeadline() }
            await Task.yield()
        }
        return await task.value
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A receiver played in memory: answers each try as its script says, and counts tries per
/// message and at once.
final class FakeTransport: Transport {
    struct Call: Sendable {
        let id: Int64
        let at: Date
    }

    private struct State {
        var calls: [Call] = []
        var inFlight = 0
        var maxInFlight = 0
    }

    private let state = Mutex(State())
    private let time: VirtualTime
    private let script: @Sendable (Delivery, Int) async -> TransportOutcome

    /// `script` gets the delivery and the number of the call (1 for the first to this receiver).
    init(time: VirtualTime, _ script: @escaping @Sendable (Delivery, Int) async -> TransportOutcome) {
        self.time = time
        self.script = script
    }

    func send(_ delivery: Delivery) async -> TransportOutcome {
        let number = state.withLock { state in
            state.calls.append(Call(id: delivery.id, at: time.now))
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            return state.calls.count
        }
        let outcome = await script(delivery, number)
        state.withLock { $0.inFlight -= 1 }
        return outcome
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    var inFlight: Int { state.withLock { $0.inFlight } }

    func tries(_ id: Int64) -> Int { calls.filter { $0.id == id }.count }

    static func accepting(_ time: VirtualTime) -> FakeTransport {
        FakeTransport(time: time) { delivery, _ in .accepted(reference: "ref-\(delivery.id)") }
    }

    /// A receiver that never answers: each try ends only when the sender gives up on it.
    static func hanging(_ time: VirtualTime) -> FakeTransport {
        FakeTransport(time: time) { _, _ in
            try? await Task.sleep(for: .seconds(86_400))
            return .retry(error: "timed out", after: nil)
        }
    }
}

/// A one-shot signal a transport gives and a test waits for.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}

enum Outbox {
    static func receiver(
        _ id: String, retry: RetryPolicy = RetryPolicy(attempts: 10, initialSeconds: 2, maximumSeconds: 60),
        rate: RateLimit = RateLimit(messages: 100_000, seconds: 1), concurrency: Int = 4
    ) -> Receiver {
        Receiver(
            id: id, kind: .webhook(url: "http://127.0.0.1:9/\(id)"), rate: rate, retry: retry, concurrency: concurrency)
    }

    /// Writes `count` alert messages for `receiver`, alert ids from `first`; returns their ids.
    @discardableResult
    static func enqueue(
        _ database: GridDatabase, _ receiver: String, count: Int, first: Int64 = 1, at now: Date
    ) throws -> [Int64] {
        let messages = (0..<Int64(count)).map { n in
            OutboxMessage(
                source: .alert, sourceID: first + n, receiver: receiver, kind: "overdue", branch: "example",
                recipients: [Recipient(person: "wang.fang", name: "王芳", address: nil)], title: "逾期：现金盘点",
                body: "现金盘点已逾期 1 天")
        }
        return try database.enqueue(messages, at: now)
    }

    static func sender(
        _ database: GridDatabase, _ receivers: [Receiver], _ transports: [String: any Transport], time: VirtualTime,
        log: LogCapture, random: @escaping @Sendable () -> Double = { 0.5 }
    ) -> OutboxSender {
        OutboxSender(
            database: database, receivers: receivers, transports: transports, clock: { time.now },
            logger: log.logger(label: "gridd-notify"), random: random, sleep: { try await time.sleep($0) })
    }

    /// Random numbers in [0, 1) from a fixed seed, shared by the sender's tasks.
    static func seeded(_ seed: UInt64) -> @Sendable () -> Double {
        let generator = Mutex(SplitMix64(seed: seed))
        return { generator.withLock { $0.unit() } }
    }
}
