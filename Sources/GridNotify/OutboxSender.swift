import Foundation
import GridCore
import GridStore
import Logging
import Synchronization

/// Delivers the outbox: for each receiver, an independent loop reads the messages due, sends
/// them through the receiver's `Transport` (at most `concurrency` at once, within its rate
/// limit) and records each outcome the moment it is known.
///
/// - Accepted: marked sent at once, one commit per message, so that a crash right after does
///   not send it again.
/// - Try again later: due again after the receiver's backoff with jitter, or its
///   `Retry-After` when longer; dead once it has failed `retry.attempts` times. The receiver
///   itself pauses for a growing backoff, so that a receiver that is down is probed, not
///   flooded with its whole backlog.
/// - Rejected: dead at once.
///
/// A receiver's messages are only ever sent by its own loop, which keeps those in flight in
/// memory: no message is sent twice at once. One sender per database runs either `run()` or
/// `drain(within:)`, never both at once. A receiver that fails or hangs delays only its
/// own messages.
///
/// The journal has a line when a receiver starts failing and when it is back, and one per
/// message that goes dead; never one per retry.
public final class OutboxSender: Sendable {
    /// Rows read at a time: a backlog of hundreds of thousands is never in memory at once.
    public static let batchSize = 500
    /// How often a receiver with nothing due looks for new messages, written by another process.
    public static let pollSeconds = 1.0
    /// The longest error kept in the outbox; a peer's error page can be megabytes.
    static let storedErrorLimit = 1_000
    /// The longest peer text written to the journal.
    static let journalErrorLimit = 200

    let database: GridDatabase
    let lanes: [ReceiverLane]
    let clock: @Sendable () -> Date
    let sleep: @Sendable (Double) async throws -> Void
    let logger: Logger
    let random: @Sendable () -> Double

    /// `transports` by receiver id; a receiver without one is left out, with an error logged.
    /// `clock` is the wall clock, `sleep` waits the given seconds (throwing when cancelled),
    /// `random` gives numbers in [0, 1) for the retries' jitter.
    public init(
        database: GridDatabase, receivers: [Receiver], transports: [String: any Transport],
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.database = database
        self.clock = clock
        self.sleep = sleep
        self.logger = logger
        self.random = random
        var lanes: [ReceiverLane] = []
        for receiver in receivers {
            guard let transport = transports[receiver.id] else {
                logger.error(
                    "receiver \(receiver.id) has no transport; its messages stay pending",
                    metadata: ["receiver.id": "\(receiver.id)"])
                continue
            }
            lanes.append(ReceiverLane(receiver: receiver, transport: transport))
        }
        self.lanes = lanes
    }

    // MARK: - Entry points

    /// Delivers what is due now and returns when nothing due is left or `seconds` have
    /// passed, whichever is first (for `gridd --once`). Messages waiting for a later retry,
    /// and those of a receiver that just failed, stay pending for the next run. When the time
    /// is up, tries in flight are cancelled; one the receiver accepted all the same is still
    /// recorded as sent.
    public func drain(within seconds: Double) async -> DeliverySummary {
        let deadline = clock().addingTimeInterval(seconds)
        var summary = await withTaskGroup(of: DeliverySummary?.self) { group in
            for lane in lanes {
                group.addTask { await self.pass(lane, deadline: deadline) }
            }
            group.addTask {
                // The bound, even for a transport that hangs past its own timeout.
                do { try await self.sleep(max(0, seconds)) } catch { return DeliverySummary() }
                return nil
            }
            var total = DeliverySummary()
            var running = lanes.count
            while running > 0, let result = await group.next() {
                if let result {
                    total = total + result
                    running -= 1
                } else {
                    total.timedOut = true
                    group.cancelAll()
                }
            }
            group.cancelAll()
            return total
        }
        summary.pending = pendingCount()
        if clock() >= deadline, summary.pending > 0 { summary.timedOut = true }
        return summary
    }

    /// `drain`, again each time a retry falls due before `seconds` have passed: what
    /// `gridd --once` runs, so that a receiver that failed once (a 500, a 429 asking for a
    /// few seconds) still gets its messages in the same run when its next try comes in time.
    /// Messages whose next try comes later stay pending for the next run.
    public func deliver(within seconds: Double) async -> DeliverySummary {
        let deadline = clock().addingTimeInterval(seconds)
        var total = DeliverySummary()
        while !Task.isCancelled {
            let left = deadline.timeIntervalSince(clock())
            guard left > 0 else { break }
            let done = await drain(within: left)
            total = total + DeliverySummary(sent: done.sent, retried: done.retried, dead: done.dead)
            if done.timedOut || done.pending == 0 { break }
            let next = lanes.compactMap { try? nextTry($0) }.min()
            guard let next, next < deadline else { break }
            var wait = next.timeIntervalSince(clock())
            // Due now, yet the pass took nothing (it could not read): look again shortly, not in a spin.
            if wait <= 0, done.sent + done.retried + done.dead == 0 { wait = 0.05 }
            if wait > 0 {
                do { try await sleep(min(wait, max(0, deadline.timeIntervalSince(clock())))) } catch { break }
            }
        }
        total.pending = pendingCount()
        total.timedOut = clock() >= deadline && total.pending > 0
        return total
    }

    /// Delivers until cancelled: each receiver's loop wakes when its earliest pending message
    /// is due, and at least every `pollSeconds` to find messages another process wrote.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for lane in lanes {
                group.addTask { await self.loop(lane) }
            }
        }
    }

    private func loop(_ lane: ReceiverLane) async {
        while !Task.isCancelled {
            let done = await pass(lane, deadline: nil)
            let now = clock()
            var wake = now.addingTimeInterval(Self.pollSeconds)
            do {
                if let due = try nextTry(lane) { wake = min(wake, due) }
            } catch {
                storeFailed(lane, error)
            }
            var wait = wake.timeIntervalSince(now)
            // Something due now that the pass left (it could not read, or another process
            // just wrote it): look again after a poll rather than spin.
            if wait <= 0, done.sent + done.retried + done.dead == 0 { wait = Self.pollSeconds }
            do { try await sleep(max(0, wait)) } catch { return }
        }
    }

    /// When a receiver's next try is due: its earliest pending message, or the end of its
    /// pause when it failed; nil when nothing is pending (nor a receiver so named).
    func nextTry(receiver: String) throws -> Date? {
        guard let lane = lanes.first(where: { $0.receiver.id == receiver }) else { return nil }
        return try nextTry(lane)
    }

    private func nextTry(_ lane: ReceiverLane) throws -> Date? {
        guard let next = try database.nextDeliveryAt(receiver: lane.receiver.id) else { return nil }
        return max(next, lane.state.withLock { $0.pausedUntil } ?? next)
    }

    // MARK: - One receiver's pass

    /// One result of a try, back from its child task.
    private struct Attempt: Sendable {
        let delivery: Delivery
        let outcome: TransportOutcome
    }

    /// Sends what is due at one receiver until nothing due is left, the receiver fails, the
    /// deadline passes or the task is cancelled; waits for the tries in flight and records
    /// every outcome.
    private func pass(_ lane: ReceiverLane, deadline: Date?) async -> DeliverySummary {
        let receiver = lane.receiver
        let transport = lane.transport
        return await withTaskGroup(of: Attempt.self) { group in
            var tally = DeliverySummary()
            var queue: [Delivery] = []
            var next = 0
            var inFlight: Set<Int64> = []
            var stop = false
            while true {
                starting: while !stop, inFlight.count < receiver.concurrency {
                    let now = clock()
                    if Task.isCancelled { stop = true }
                    if let deadline, now >= deadline {
                        stop = true
                        tally.timedOut = true
                    }
                    if let paused = lane.state.withLock({ $0.pausedUntil }), now < paused { stop = true }
                    if stop { break starting }
                    if next == queue.count {
                        do {
                            queue = try database.dueDeliveries(
                                receiver: receiver.id, now: now, limit: Self.batchSize + inFlight.count
                            ).filter { !inFlight.contains($0.id) }
                            next = 0
                            storeRecovered(lane)
                        } catch {
                            storeFailed(lane, error)
                            stop = true
                            break starting
                        }
                        if queue.isEmpty { break starting }
                    }
                    let wait = lane.state.withLock { $0.window.delay(at: now) }
                    if let deadline, wait > 0, now.addingTimeInterval(wait) >= deadline {
                        // The rate limit lets nothing more go before the time is up.
                        stop = true
                        tally.timedOut = true
                        break starting
                    }
                    if wait > 0 {
                        // At least a millisecond, so that a wall clock of limited precision moves.
                        do { try await sleep(max(wait, 0.001)) } catch { stop = true }
                        continue starting
                    }
                    lane.state.withLock { $0.window.record(now) }
                    let delivery = queue[next]
                    next += 1
                    inFlight.insert(delivery.id)
                    group.addTask { Attempt(delivery: delivery, outcome: await transport.send(delivery)) }
                }
                guard let attempt = await group.next() else { break }
                inFlight.remove(attempt.delivery.id)
                record(attempt, lane, &tally)
            }
            return tally
        }
    }

    // MARK: - Outcomes

    private func record(_ attempt: Attempt, _ lane: ReceiverLane, _ tally: inout DeliverySummary) {
        let delivery = attempt.delivery
        let receiver = lane.receiver
        let now = clock()
        switch attempt.outcome {
        case .accepted(let reference):
            do {
                try database.markSent(delivery.id, at: now, reference: reference)
                tally.sent += 1
            } catch {
                logger.critical(
                    "cannot record delivery \(delivery.id) to \(receiver.id) as sent; it may be sent again",
                    metadata: ["delivery.id": "\(delivery.id)", "receiver.id": "\(receiver.id)", "error": "\(error)"])
            }
            let change = lane.state.withLock { state in
                state.pausedUntil = nil
                return state.health.accepted()
            }
            if change == .recovered {
                logger.notice(
                    "receiver \(receiver.id) accepts messages again", metadata: ["receiver.id": "\(receiver.id)"])
            }
        case .retry(let error, let after):
            // A try cut short because this sender stops is not the receiver's failure: the
            // message stays due as it was.
            if Task.isCancelled { return }
            let retryAfter = max(0, after ?? 0)
            let (change, failures) = lane.state.withLock { state in
                let change = state.health.failed()
                let pause = receiver.retry.delay(
                    afterFailures: state.health.consecutiveFailures, unit: random())
                state.pausedUntil = now.addingTimeInterval(max(pause, retryAfter))
                return (change, state.health.consecutiveFailures)
            }
            let stored = Self.stored(error)
            let tries = delivery.attempts + 1
            if tries >= receiver.retry.attempts {
                markDead(delivery, receiver: receiver, error: stored, tries: tries, &tally)
            } else {
                let delay = max(receiver.retry.delay(afterFailures: tries, unit: random()), retryAfter)
                do {
                    try database.markFailed(delivery.id, error: stored, retryAt: now.addingTimeInterval(delay))
                    tally.retried += 1
                } catch {
                    storeFailed(lane, error)
                }
            }
            if change == .failing {
                let pending = pendingCount(receiver.id)
                logger.error(
                    "receiver \(receiver.id) failing: \(Self.journal(error)); \(pending) pending",
                    metadata: [
                        "receiver.id": "\(receiver.id)", "error": "\(Self.journal(error))",
                        "receiver.pending": "\(pending)", "receiver.failures": "\(failures)",
                    ])
            }
        case .rejected(let error):
            markDead(delivery, receiver: receiver, error: Self.stored(error), tries: delivery.attempts + 1, &tally)
        }
    }

    private func markDead(
        _ delivery: Delivery, receiver: Receiver, error: String, tries: Int, _ tally: inout DeliverySummary
    ) {
        do {
            guard try database.markFailed(delivery.id, error: error, retryAt: nil) else { return }
            tally.dead += 1
        } catch {
            logger.error(
                "cannot record delivery \(delivery.id) to \(receiver.id) as dead",
                metadata: ["delivery.id": "\(delivery.id)", "receiver.id": "\(receiver.id)", "error": "\(error)"])
            return
        }
        let source = "\(delivery.message.source.rawValue) \(delivery.message.sourceID)"
        logger.error(
            "delivery \(delivery.id) (\(source)) to \(receiver.id) dead after \(tries) tries: \(Self.journal(error))",
            metadata: [
                "delivery.id": "\(delivery.id)", "delivery.source": "\(source)", "receiver.id": "\(receiver.id)",
                "delivery.attempts": "\(tries)", "error": "\(Self.journal(error))",
            ])
    }

    // MARK: - The store

    private func storeFailed(_ lane: ReceiverLane, _ error: any Error) {
        let first = lane.state.withLock { state in
            defer { state.storeFailing = true }
            return !state.storeFailing
        }
        if first {
            logger.error(
                "cannot read or write the outbox of \(lane.receiver.id): \(error)",
                metadata: ["receiver.id": "\(lane.receiver.id)", "error": "\(error)"])
        }
    }

    private func storeRecovered(_ lane: ReceiverLane) {
        let was = lane.state.withLock { state in
            defer { state.storeFailing = false }
            return state.storeFailing
        }
        if was {
            logger.notice(
                "the outbox of \(lane.receiver.id) can be read again", metadata: ["receiver.id": "\(lane.receiver.id)"])
        }
    }

    /// Pending messages of the configured receivers, or of one.
    private func pendingCount(_ receiver: String? = nil) -> Int {
        let ids = Set(lanes.map(\.receiver.id))
        let statuses = (try? database.deliveryStatus()) ?? []
        return statuses.filter { status in receiver.map { status.receiver == $0 } ?? ids.contains(status.receiver) }
            .reduce(0) { $0 + $1.pending }
    }

    // MARK: - Untrusted text

    /// A peer's error as kept in the outbox: bounded, otherwise as it came.
    static func stored(_ error: String) -> String {
        error.count <= storedErrorLimit ? error : String(error.prefix(storedErrorLimit)) + "…"
    }

    /// A peer's error as written to the journal: one bounded line, its controls escaped.
    static func journal(_ error: String) -> String {
        let short = error.count <= journalErrorLimit ? error : String(error.prefix(journalErrorLimit)) + "…"
        return UntrustedText.escaped(short)
    }
}
