import Foundation
import GridCore
import GridStore
import GridTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Delivery as a user runs it: the built `gridd` and `gridd-notify` against a real local
/// HTTP receiver (Tests/Support/fake_peer.py) that misbehaves on cue.
@Suite("Delivery end to end", .serialized)
struct DeliveryEndToEndTests {
    let dir = TemporaryDirectory("delivery-e2e")
    let peer: FakePeer

    init() throws {
        peer = try FakePeer()
    }

    /// The shipped schedules with a notify.yaml sending everything to the peer's webhook.
    func schedules(receiverOptions: String = "") throws -> String {
        let path = dir.file("schedules")
        try Repository.copySchedules(to: path)
        try """
        receivers:
          - { id: hook, kind: webhook, url: "\(peer.url("/hook"))"\(receiverOptions) }
        """.write(toFile: path + "/notify.yaml", atomically: true, encoding: .utf8)
        return path
    }

    func gridd(_ config: String, _ database: String, now: String, deliverWithin: String = "30") throws
        -> ProcessRunner.Result
    {
        try ProcessRunner("gridd").run([
            "--config", config, "--db", database, "--once", "--now", now, "--log-format", "journal",
            "--deliver-within", deliverWithin,
        ])
    }

    func stored(_ database: String) throws -> [Delivery] {
        try GridDatabase(path: database, mode: .command).deliveries(limit: 1_000_000)
    }

    @Test(
        "gridd --once delivers one message per state change and one digest per person with overdue items; a second pass delivers nothing new"
    )
    func doneWhen() throws {
        let config = try schedules()
        let database = try SimulationDatabase.create(at: dir.file("db.sqlite"))
        // Given a month of the example branch with nothing done
        let before = try gridd(config, database, now: "2026-11-30T18:00")
        try #require(before.status == 0, "\(before.stderr)")
        let sentBefore = peer.requests().count
        let lastBefore = try stored(database).map(\.id).max() ?? 0

        // When the business day's first pass runs
        let day = try gridd(config, database, now: "2026-12-01T09:00")
        try #require(day.status == 0, "\(day.stderr)")

        // Then each alert and digest of that pass arrived once, keyed by its delivery
        let requests = Array(peer.requests(count: sentBefore + 1).dropFirst(sentBefore))
        let rows = try stored(database).filter { $0.id > lastBefore }
        let keys = requests.compactMap(\.idempotencyKey)
        #expect(keys.count == Set(keys).count, "a message arrived twice")
        #expect(Set(keys) == Set(rows.map { "gridduty-\($0.id)" }))
        #expect(rows.allSatisfy { $0.state == .sent })
        let storeDB = try GridDatabase(path: database, mode: .command)
        let alerts = try storeDB.alerts(unacknowledgedOnly: false, limit: 100_000).filter {
            $0.day.description == "2026-12-01"
        }
        #expect(!alerts.contains { $0.kind == .nag }, "the repeat is folded into the digest")
        let digests = rows.filter { $0.message.kind == "digest" }
        let people = digests.flatMap { $0.message.recipients.map(\.person) }
        #expect(!digests.isEmpty && people.count == Set(people).count, "one digest per person")
        #expect(rows.count - digests.count == alerts.count, "one message per state change")

        // And a second pass at the same instant delivers nothing new
        let again = try gridd(config, database, now: "2026-12-01T09:00")
        #expect(again.status == 0)
        #expect(peer.requests().count == sentBefore + requests.count)
    }

    @Test(
        "500s, a 429 with Retry-After, a reset after processing and a timeout are retried until every message arrived")
    func faults() throws {
        try peer.setFaults([
            .status(500, path: "/hook", nth: [1, 2, 5]),
            .status(429, path: "/hook", nth: [3], headers: ["Retry-After": "1"]),
            .reset(path: "/hook", nth: [6]),
            .hang(path: "/hook", nth: [7], seconds: 5),
        ])
        let config = try schedules(
            receiverOptions: ", timeout: 1s, concurrency: 1, retry: { attempts: 10, initial: 50ms, max: 200ms }")
        let database = try SimulationDatabase.create(at: dir.file("db.sqlite"))
        let run = try gridd(config, database, now: "2026-11-09T09:00", deliverWithin: "60")
        try #require(run.status == 0, "\(run.stderr)")
        let rows = try stored(database)
        try #require(rows.count > 10)
        #expect(rows.allSatisfy { $0.state == .sent }, "\(rows.filter { $0.state != .sent }.map(\.lastError))")
        let keys = peer.requests().compactMap(\.idempotencyKey)
        #expect(Set(keys) == Set(rows.map { "gridduty-\($0.id)" }))
        // Each message was acknowledged exactly once: a repeat only ever followed a try the peer
        // refused (500, 429) or never answered (the reset after processing, the hang).
        let acknowledged = peer.requests().filter { $0.fault == nil && $0.complete == true }.compactMap(
            \.idempotencyKey)
        #expect(acknowledged.count == rows.count && Set(acknowledged).count == rows.count)
        #expect(run.stdout.contains("receiver failing") || run.stdout.contains("failing"))
    }

    @Test("a receiver down for a simulated day loses nothing: its messages wait, then all arrive once")
    func downForADay() throws {
        let config = try schedules(receiverOptions: ", retry: { attempts: 48, initial: 2s, max: 1h }")
        let database = try SimulationDatabase.create(at: dir.file("db.sqlite"))
        peer.stop()
        let down = try gridd(config, database, now: "2026-11-09T09:00", deliverWithin: "3")
        try #require(down.status == 0, "\(down.stderr)")
        let waiting = try stored(database)
        try #require(!waiting.isEmpty)
        #expect(waiting.allSatisfy { $0.state == .pending }, "nothing is dead after a few failures")

        // The next day the receiver is back; gridd-notify delivers the backlog.
        try peer.start()
        let notify = try ProcessRunner("gridd-notify").run([
            "--config", config, "--db", database, "--once", "--within", "60", "--now", "2026-11-10T09:00",
            "--log-format", "journal",
        ])
        #expect(notify.status == 0, "\(notify.stderr)")
        let rows = try stored(database)
        #expect(rows.allSatisfy { $0.state == .sent })
        let keys = peer.requests().compactMap(\.idempotencyKey)
        #expect(keys.count == rows.count && Set(keys) == Set(rows.map { "gridduty-\($0.id)" }))
    }

    @Test("gridd-notify killed with SIGKILL at random points loses no message and repeats only ones in flight")
    func killNine() throws {
        try peer.setFaults([.slow(0.01, path: "/hook")])
        let config = try schedules(receiverOptions: ", concurrency: 1")
        let database = try SimulationDatabase.create(at: dir.file("db.sqlite"))
        // The messages of a month, written but not sent.
        let enqueue = try gridd(config, database, now: "2026-11-30T18:00", deliverWithin: "0")
        try #require(enqueue.status == 0, "\(enqueue.stderr)")
        let total = try stored(database).count
        try #require(total > 200)
        let arguments = [
            "--config", config, "--db", database, "--once", "--within", "120", "--log-format", "journal",
        ]
        var kills = 0
        var generator = SplitMix64(seed: 18)
        for _ in 1...4 {
            let process = try ProcessRunner("gridd-notify").start(arguments)
            let target = peer.requests().count + 20 + Int(generator.next() % 40)
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, peer.requests().count < target, Date() < deadline { usleep(2_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        let finish = try ProcessRunner("gridd-notify").run(arguments)
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(kills > 0, "no run was interrupted; the test proved nothing")

        let rows = try stored(database)
        #expect(rows.allSatisfy { $0.state == .sent })
        let keys = peer.requests().compactMap(\.idempotencyKey)
        #expect(Set(keys) == Set(rows.map { "gridduty-\($0.id)" }), "every message arrived")
        // One message in flight per kill at most (concurrency 1): the one whose answer the
        // killed process never recorded.
        #expect(keys.count - Set(keys).count <= kills)
    }

    @Test(
        "gridd-notify idles without receivers, takes notify.yaml on SIGHUP, delivers what gridd writes meanwhile, and stops with 0 on SIGTERM"
    )
    func service() throws {
        let config = try schedules()
        try FileManager.default.removeItem(atPath: config + "/notify.yaml")
        let database = try SimulationDatabase.create(at: dir.file("db.sqlite"))
        let process = try ProcessRunner("gridd-notify").start([
            "--config", config, "--db", database, "--log-format", "journal",
        ])
        let output = OutputCollector(process)
        func waitFor(_ what: @autoclosure () throws -> Bool) rethrows -> Bool {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if try what() { return true }
                usleep(20_000)
            }
            return false
        }
        usleep(1_500_000)
        #expect(process.isRunning, "it must idle, not exit, without receivers")

        // Receivers arrive with a reload; gridd writes a month of messages without sending them
        _ = try schedules()
        kill(process.processIdentifier, SIGHUP)
        let enqueue = try gridd(config, database, now: "2026-11-30T18:00", deliverWithin: "0")
        try #require(enqueue.status == 0, "\(enqueue.stderr)")
        let total = try stored(database).count
        try #require(total > 0)
        #expect(try waitFor(try stored(database).allSatisfy { $0.state == .sent }))
        #expect(peer.requests().count == total)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output.finish())")
    }
}
