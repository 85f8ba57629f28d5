import Foundation
import GridCore
import GridStore
import GridTestKit
import Logging
import Testing

@testable import GridNotify

@Suite("Outbox sender: retries, dead letters and exactly once")
struct OutboxSenderTests {
    let time = VirtualTime()
    let log = LogCapture()

    @Test("each retry waits the doubling backoff with jitter, between half of it and all of it")
    func backoffGrowsWithJitter() async throws {
        // Given a receiver that keeps answering "try again later"
        let database = try GridDatabase()
        let policy = RetryPolicy(attempts: 20, initialSeconds: 2, maximumSeconds: 60)
        let receiver = Outbox.receiver("hook", retry: policy)
        let transport = FakeTransport(time: time) { _, _ in .retry(error: "HTTP 503", after: nil) }
        let id = try #require(try Outbox.enqueue(database, "hook", count: 1, at: time.now).first)
        let sender = Outbox.sender(
            database, [receiver], ["hook": transport], time: time, log: log, random: Outbox.seeded(18))

        // When it is tried eight times, each time when it is due again
        var waits: [Double] = []
        for failures in 1...8 {
            let summary = await sender.drain(within: 60)
            #expect(summary.retried == 1)
            let row = try #require(try database.delivery(id: id))
            #expect(row.attempts == failures)
            waits.append(row.nextAttemptAt.timeIntervalSince(time.now))
            time.advance(to: try #require(try sender.nextTry(receiver: "hook")))
        }

        // Then each wait lies in [backoff/2, backoff] of its number of failures, and they vary
        for (index, wait) in waits.enumerated() {
            let backoff = policy.backoff(afterFailures: index + 1)
            #expect(wait >= backoff / 2 - 0.002 && wait <= backoff + 0.002, "wait \(index + 1): \(wait)")
        }
        #expect(Array(waits.prefix(5)) == waits.prefix(5).sorted())
        #expect(waits.enumerated().contains { index, wait in wait < policy.backoff(afterFailures: index + 1) - 0.01 })
        #expect(transport.calls.count == 8)
    }

    @Test("a Retry-After longer than the backoff is waited out; a shorter one does not shorten the backoff")
    func retryAfterHonoured() async throws {
        // Given a receiver that asks for 120 s, then for half a second
        let database = try GridDatabase()
        let transport = FakeTransport(time: time) { _, call in
            .retry(error: "HTTP 429", after: call == 1 ? 120 : 0.5)
        }
        let id = try #require(try Outbox.enqueue(database, "hook", count: 1, at: time.now).first)
        let sender = Outbox.sender(database, [Outbox.receiver("hook")], ["hook": transport], time: time, log: log)

        // When it is tried
        _ = await sender.drain(within: 60)

        // Then the next try is 120 s later, not the 2 s backoff
        var row = try #require(try database.delivery(id: id))
        #expect(abs(row.nextAttemptAt.timeIntervalSince(time.now) - 120) < 0.002)
        #expect(try sender.nextTry(receiver: "hook")! >= row.nextAttemptAt)

        // And when it is tried again and asks for half a second, the 4 s backoff (jittered to 3 s) applies
        time.advance(to: try #require(try sender.nextTry(receiver: "hook")))
        _ = await sender.drain(within: 60)
        row = try #require(try database.delivery(id: id))
        #expect(abs(row.nextAttemptAt.timeIntervalSince(time.now) - 3) < 0.002)
    }

    @Test("a message that keeps failing is dead after the policy's attempts, with its last error, logged once")
    func deadAfterAttempts() async throws {
        // Given a receiver that always fails, and a policy of three attempts
        let database = try GridDatabase()
        let receiver = Outbox.receiver("hook", retry: RetryPolicy(attempts: 3, initialSeconds: 1, maximumSeconds: 10))
        let transport = FakeTransport(time: time) { _, call in .retry(error: "HTTP 503 try \(call)", after: nil) }
        let id = try #require(try Outbox.enqueue(database, "hook", count: 1, first: 42, at: time.now).first)
        let sender = Outbox.sender(database, [receiver], ["hook": transport], time: time, log: log)

        // When it is tried whenever it is due until nothing is pending
        var dead = 0
        for _ in 0..<10 {
            dead += await sender.drain(within: 60).dead
            guard let next = try sender.nextTry(receiver: "hook") else { break }
            time.advance(to: next)
        }

        // Then it was tried three times and is dead with the third error
        let row = try #require(try database.delivery(id: id))
        #expect(row.state == .dead)
        #expect(row.attempts == 3)
        #expect(row.lastError == "HTTP 503 try 3")
        #expect(dead == 1)
        #expect(transport.calls.count == 3)

        // And the journal has one line for the receiver failing and one for the dead message
        let errors = log.entries.filter { $0.level == .error }
        #expect(errors.count == 2)
        #expect(errors.filter { $0.message.hasPrefix("receiver hook failing") }.count == 1)
        let deadLine = try #require(errors.first { $0.metadata["delivery.id"] == "\(id)" })
        #expect(deadLine.message == "delivery \(id) (alert 42) to hook dead after 3 tries: HTTP 503 try 3")
        #expect(deadLine.metadata["receiver.id"] == "hook")
        #expect(deadLine.metadata["delivery.attempts"] == "3")
    }

    @Test("a rejected message is dead at once, and the receiver is not called failing")
    func rejectedIsDeadAtOnce() async throws {
        // Given a receiver that refuses the message outright
        let database = try GridDatabase()
        let transport = FakeTransport(time: time) { _, _ in .rejected(error: "errcode 40003: invalid userid") }
        let id = try #require(try Outbox.enqueue(database, "wecom", count: 1, first: 7, at: time.now).first)
        let sender = Outbox.sender(database, [Outbox.receiver("wecom")], ["wecom": transport], time: time, log: log)

        // When the outbox is drained
        let summary = await sender.drain(within: 60)

        // Then it was tried once and is dead with the receiver's error
        #expect(summary == DeliverySummary(sent: 0, retried: 0, dead: 1, pending: 0))
        let row = try #require(try database.delivery(id: id))
        #expect(row.state == .dead && row.attempts == 1 && row.lastError == "errcode 40003: invalid userid")
        #expect(transport.calls.count == 1)
        #expect(
            log.entries.map(\.message) == [
                "delivery \(id) (alert 7) to wecom dead after 1 tries: errcode 40003: invalid userid"
            ])
    }

    @Test("every accepted message is recorded sent even when the run is cancelled mid-batch, and none is sent again")
    func acceptedSentOnceAcrossCancellation() async throws {
        // Given 200 messages and a receiver that accepts the first 50 at once, then holds each
        // try until the sender is stopped and accepts it all the same (it got the request)
        let database = try GridDatabase()
        try Outbox.enqueue(database, "hook", count: 200, at: time.now)
        let stopping = Signal()
        let transport = FakeTransport(time: time) { delivery, call in
            if call < 50 { return .accepted(reference: "r\(delivery.id)") }
            if call == 50 { stopping.fire() }
            try? await Task.sleep(for: .seconds(86_400))
            return .accepted(reference: "late-\(delivery.id)")
        }
        let receiver = Outbox.receiver("hook", concurrency: 4)
        let first = Outbox.sender(database, [receiver], ["hook": transport], time: time, log: log)

        // When the running sender is cancelled with tries in flight
        let running = Task { await first.run() }
        await stopping.wait()
        running.cancel()
        await running.value

        // Then every message the receiver accepted is sent, and only those
        let accepted = Set(transport.calls.map(\.id))
        let sent = Set(try database.deliveries(state: .sent, limit: 1_000).map(\.id))
        #expect(sent == accepted)
        #expect(accepted.count >= 50 && accepted.count <= 53)

        // And a new sender delivers the rest, each message tried exactly once in all
        let rest = FakeTransport.accepting(time)
        let second = Outbox.sender(database, [receiver], ["hook": rest], time: time, log: log)
        let summary = await second.drain(within: 60)
        #expect(summary.sent == 200 - accepted.count && summary.pending == 0)
        let all = transport.calls.map(\.id) + rest.calls.map(\.id)
        #expect(all.count == 200 && Set(all).count == 200)
    }

    @Test(
        "a receiver down for a simulated day then back gets every message exactly once, and the journal says so twice")
    func dayLongOutage() async throws {
        // Given 30 messages and a receiver that fails for 24 hours, then accepts
        let database = try GridDatabase()
        try Outbox.enqueue(database, "hook", count: 30, at: time.now)
        let back = time.now.addingTimeInterval(86_400)
        let transport = FakeTransport(time: time) { [time] delivery, _ in
            time.now < back ? .retry(error: "connection refused", after: nil) : .accepted(reference: nil)
        }
        let sender = Outbox.sender(
            database, [Outbox.receiver("hook", retry: .standard)], ["hook": transport], time: time, log: log,
            random: Outbox.seeded(7))

        // When the outbox is drained whenever the receiver's next try is due, until none is pending
        var passes = 0
        while let next = try sender.nextTry(receiver: "hook"), passes < 10_000 {
            time.advance(to: next)
            _ = await sender.drain(within: 600)
            passes += 1
        }

        // Then all 30 are sent, none dead, each accepted once
        let status = try #require(try database.deliveryStatus().first)
        #expect(status.sent == 30 && status.dead == 0 && status.pending == 0)
        let accepted = transport.calls.filter { $0.at >= back }.map(\.id)
        #expect(accepted.count == 30 && Set(accepted).count == 30)
        // The receiver was probed, not flooded: far fewer tries in the day than 30 per backoff step.
        #expect(transport.calls.count - 30 < 200)

        // And the journal says once that it failed and once that it is back
        #expect(log.entries.map(\.level) == [.error, .notice])
        #expect(log.entries[0].message == "receiver hook failing: connection refused; 30 pending")
        #expect(log.entries[1].message == "receiver hook accepts messages again")
    }

    @Test("a receiver that hangs does not delay another receiver's messages")
    func hangingReceiverIsolated() async throws {
        // Given a receiver that never answers and another that accepts
        let database = try GridDatabase()
        try Outbox.enqueue(database, "slow", count: 5, at: time.now)
        try Outbox.enqueue(database, "fast", count: 100, first: 1_000, at: time.now)
        let fastDone = Signal()
        let fast = FakeTransport(time: time) { delivery, call in
            if call == 100 { fastDone.fire() }
            return .accepted(reference: nil)
        }
        let slow = FakeTransport.hanging(time)
        let sender = Outbox.sender(
            database, [Outbox.receiver("slow", concurrency: 1), Outbox.receiver("fast")],
            ["slow": slow, "fast": fast], time: time, log: log)

        // When the outbox is drained for 30 s, the clock moving only once the fast receiver has all 100
        let draining = Task { await sender.drain(within: 30) }
        await fastDone.wait()
        try await time.clock.untilSomeoneSleeps()
        time.advance(30)
        let summary = await draining.value

        // Then the fast receiver's messages are all sent while the slow one still held its first
        let fastStatus = try #require(try database.deliveryStatus().first { $0.receiver == "fast" })
        #expect(fastStatus.sent == 100)
        #expect(summary.sent == 100 && summary.timedOut)
        // And the slow receiver's message cut short is still pending, its try not counted
        let slowRows = try database.deliveries(receiver: "slow", limit: 10)
        #expect(slowRows.allSatisfy { $0.state == .pending && $0.attempts == 0 })
        #expect(slow.calls.count == 1)
    }

    @Test("drain returns when its time is up even if a try never ends, leaving the rest pending")
    func drainIsBounded() async throws {
        // Given a receiver that never answers
        let database = try GridDatabase()
        try Outbox.enqueue(database, "hook", count: 10, at: time.now)
        let sender = Outbox.sender(
            database, [Outbox.receiver("hook")], ["hook": FakeTransport.hanging(time)], time: time, log: log)
        let start = time.now

        // When the outbox is drained for 20 s of the clock
        let summary = await time.driving(sleepers: 1) { await sender.drain(within: 20) }

        // Then it returns at 20 s, with all ten pending
        #expect(time.now.timeIntervalSince(start) == 20)
        #expect(summary == DeliverySummary(sent: 0, retried: 0, dead: 0, pending: 10, timedOut: true))
    }

    @Test("no more messages go out in any window than the receiver's rate limit allows")
    func rateLimitRespected() async throws {
        // Given 23 messages and a receiver that takes 5 every 10 seconds
        let database = try GridDatabase()
        try Outbox.enqueue(database, "robot", count: 23, at: time.now)
        let transport = FakeTransport.accepting(time)
        let receiver = Outbox.receiver("robot", rate: RateLimit(messages: 5, seconds: 10), concurrency: 2)
        let sender = Outbox.sender(database, [receiver], ["robot": transport], time: time, log: log)
        let start = time.now

        // When the outbox is drained, the clock moving whenever the sender waits for the window
        // (it does once it has started five more, and the receiver has seen them)
        let settled: @Sendable () -> Bool = { transport.calls.count % 5 == 0 && transport.inFlight == 0 }
        let summary = await time.driving(sleepers: 2, settled: settled) { await sender.drain(within: 3_600) }

        // Then all are sent, five at once, then never a sixth within 10 s of a first
        #expect(summary.sent == 23)
        let times = transport.calls.map { $0.at.timeIntervalSince(start) }
        #expect(times.count == 23, "\(times)")
        #expect(times.prefix(5).allSatisfy { $0 == 0 })
        for index in 5..<times.count {
            #expect(times[index] - times[index - 5] >= 10 - 0.000_01, "send \(index) at \(times[index])")
        }
        #expect(times.last! < 40 + 0.1)
        #expect(transport.maxInFlight <= 2)
    }

    @Test("drain sends what the rate limit lets through in its time and returns as soon as nothing more can go")
    func drainStopsAtRateLimit() async throws {
        // Given 23 messages at a receiver that takes 5 every 10 seconds
        let database = try GridDatabase()
        try Outbox.enqueue(database, "robot", count: 23, at: time.now)
        let transport = FakeTransport.accepting(time)
        let receiver = Outbox.receiver("robot", rate: RateLimit(messages: 5, seconds: 10), concurrency: 1)
        let sender = Outbox.sender(database, [receiver], ["robot": transport], time: time, log: log)
        let start = time.now

        // When the outbox is drained for 25 s
        let settled: @Sendable () -> Bool = { transport.calls.count % 5 == 0 && transport.inFlight == 0 }
        let summary = await time.driving(sleepers: 2, settled: settled) { await sender.drain(within: 25) }

        // Then 15 went out (at 0, 10 and 20 s) and it returned at 20 s, the next five being due at 30 s
        #expect(summary == DeliverySummary(sent: 15, pending: 8, timedOut: true))
        #expect(time.now.timeIntervalSince(start) == 20)
    }

    @Test("the running sender finds messages another process writes, and tries a failed one when it is due")
    func runPollsAndWakes() async throws {
        // Given a running sender, an empty outbox, and a receiver that fails once then accepts
        let database = try GridDatabase()
        let delivered = Signal()
        let transport = FakeTransport(time: time) { _, call in
            if call == 2 { delivered.fire() }
            return call == 1 ? .retry(error: "HTTP 502", after: 30) : .accepted(reference: nil)
        }
        let sender = Outbox.sender(database, [Outbox.receiver("hook")], ["hook": transport], time: time, log: log)
        let running = Task { await sender.run() }
        try await time.clock.untilSomeoneSleeps()

        // When a message is written and a second passes
        let id = try #require(try Outbox.enqueue(database, "hook", count: 1, at: time.now).first)
        let written = time.now
        time.advance(1)

        // Then it is tried, failed, and tried again once its 30 s Retry-After is over
        while transport.calls.count < 1 { await Task.yield() }
        while time.clock.sleeping == 0 || transport.calls.count < 2 {
            if time.clock.sleeping > 0 { time.clock.advanceToNextDeadline() }
            await Task.yield()
        }
        await delivered.wait()
        running.cancel()
        await running.value
        let calls = transport.calls
        #expect(calls.count == 2)
        #expect(calls[1].at.timeIntervalSince(calls[0].at) >= 30)
        #expect(calls[0].at.timeIntervalSince(written) <= 1)
        #expect(try database.delivery(id: id)?.state == .sent)
    }

    @Test("a peer's error is escaped and shortened in the journal, and bounded in the outbox")
    func untrustedErrorText() async throws {
        // Given a receiver whose error page has control characters and is long
        let database = try GridDatabase()
        let page = "bad gateway\n\u{1b}[31m" + String(repeating: "x", count: 5_000)
        let transport = FakeTransport(time: time) { _, _ in .rejected(error: page) }
        let id = try #require(try Outbox.enqueue(database, "hook", count: 1, at: time.now).first)
        let sender = Outbox.sender(database, [Outbox.receiver("hook")], ["hook": transport], time: time, log: log)

        // When it is tried
        _ = await sender.drain(within: 60)

        // Then the journal line is one escaped line of bounded length
        let line = try #require(log.entries.first).message
        #expect(!line.contains("\n") && !line.contains("\u{1b}"))
        #expect(line.contains("bad gateway\\n\\x1b[31mxxx"))
        #expect(line.count < 300)
        // And the outbox keeps a bounded error
        let stored = try #require(try database.delivery(id: id)?.lastError)
        #expect(stored.count == OutboxSender.storedErrorLimit + 1 && stored.hasPrefix("bad gateway\n"))
    }
}

@Suite("Rate window")
struct RateWindowTests {
    @Test("a full window lets the next send go when its oldest send is the window's length old")
    func slidingWindow() {
        var window = RateWindow(RateLimit(messages: 2, seconds: 10))
        let start = Date(timeIntervalSince1970: 1_000)
        #expect(window.delay(at: start) == 0)
        window.record(start)
        window.record(start.addingTimeInterval(4))
        #expect(window.delay(at: start.addingTimeInterval(5)) == 5)
        window.record(start.addingTimeInterval(10))
        #expect(window.delay(at: start.addingTimeInterval(10)) == 4)
        #expect(window.delay(at: start.addingTimeInterval(14)) == 0)
    }
}

@Suite("Outbox sender at volume")
struct OutboxVolumeTests {
    @Test("a backlog larger than a batch is read in batches and each message is sent once, within the concurrency")
    func backlogInBatches() async throws {
        // Given more messages than three batches, at a receiver taking 16 at once
        let time = VirtualTime()
        let database = try GridDatabase()
        let count = OutboxSender.batchSize * 3 + 17
        try Outbox.enqueue(database, "hook", count: count, at: time.now)
        let transport = FakeTransport.accepting(time)
        let sender = Outbox.sender(
            database, [Outbox.receiver("hook", concurrency: 16)], ["hook": transport], time: time, log: LogCapture())

        // When the outbox is drained
        let summary = await sender.drain(within: 600)

        // Then every message is sent, each once, never more than 16 at once
        #expect(summary == DeliverySummary(sent: count, pending: 0))
        let ids = transport.calls.map(\.id)
        #expect(ids.count == count && Set(ids).count == count)
        #expect(transport.maxInFlight <= 16)
    }

    /// The figure for the record: `GRIDDUTY_BENCH=20000 swift test --skip-build --filter OutboxVolumeTests`
    /// (the number of messages; any other value means 20,000).
    /// Prints messages per second into a receiver that accepts at once, through a database
    /// file (one commit per message), and the process's peak memory. Asserts only correctness.
    @Test(
        "a backlog is delivered in full to a receiver that accepts at once (throughput printed)",
        .enabled(if: ProcessInfo.processInfo.environment["GRIDDUTY_BENCH"] != nil))
    func throughput() async throws {
        let directory = TemporaryDirectory()
        let database = try GridDatabase(path: directory.file("grid.sqlite"), mode: .daemon)
        let count = Int(ProcessInfo.processInfo.environment["GRIDDUTY_BENCH"] ?? "") ?? 20_000
        let writeStart = Date()
        for chunk in stride(from: 0, to: count, by: 5_000) {
            try Outbox.enqueue(database, "hook", count: min(5_000, count - chunk), first: Int64(chunk + 1), at: Date())
        }
        let written = Date().timeIntervalSince(writeStart)
        let time = VirtualTime()
        let transport = FakeTransport.accepting(time)
        let sender = OutboxSender(
            database: database, receivers: [Outbox.receiver("hook", concurrency: 16)], transports: ["hook": transport],
            logger: LogCapture().logger())
        let before = Self.peakKilobytes()
        let start = Date()
        let summary = await sender.drain(within: 600)
        let seconds = Date().timeIntervalSince(start)
        #expect(summary.sent == count && summary.pending == 0)
        print(
            "outbox throughput: \(count) messages in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(Double(count) / seconds)) messages/s; enqueue \(String(format: "%.2f", written)) s; "
                + "peak RSS \(before / 1024) MiB before, \(Self.peakKilobytes() / 1024) MiB after")
    }

    static func peakKilobytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
