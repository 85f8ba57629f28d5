import Foundation
import GridCore
import GridStore
import GridTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `gridd` and `gridctl`, run as processes against a database file, killed,
/// restarted and raced, as in production.
@Suite("Reliability of the daemon and the CLI as processes", .serialized)
struct ReliabilityTests {
    /// What identifies an alert across two databases: (duty, subject, period, kind, level, day).
    struct Identity: Hashable, CustomStringConvertible {
        let duty, subject, period, kind: String
        let level: String
        let day: String
        var description: String { "\(duty)/\(subject)/\(period) \(kind)#\(level)@\(day)" }
    }

    /// Alert identities stored in a database.
    func storedIdentities(_ path: String) throws -> (Set<Identity>, Set<String>) {
        let database = try GridDatabase(path: path, mode: .command)
        var identities: Set<Identity> = []
        var ids: Set<String> = []
        for alert in try database.alerts(unacknowledgedOnly: false, limit: 1_000_000) {
            let item = try #require(try database.occurrence(id: alert.occurrenceID))
            identities.insert(
                Identity(
                    duty: item.key.duty, subject: item.key.subject, period: item.key.period, kind: alert.kind.rawValue,
                    level: String(alert.level), day: alert.day.description))
            ids.insert(String(alert.id))
        }
        return (identities, ids)
    }

    /// Alert identities in journal-format log lines (`<4>duty overdue alert.id=… duty.id=…`).
    func loggedIdentities(_ output: String) -> (identities: Set<Identity>, ids: [String]) {
        var identities: Set<Identity> = []
        var ids: [String] = []
        for line in output.split(separator: "\n") where line.contains(" alert.id=") {
            var fields: [String: String] = [:]
            for token in line.split(separator: " ") {
                let pair = token.split(separator: "=", maxSplits: 1)
                if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
            }
            guard let id = fields["alert.id"], let duty = fields["duty.id"], let subject = fields["subject"],
                let period = fields["period"], let kind = fields["alert.kind"], let level = fields["alert.level"],
                let deadline = fields["deadline"]
            else { continue }
            _ = deadline
            ids.append(id)
            identities.insert(
                Identity(
                    duty: duty, subject: subject, period: period, kind: kind, level: level,
                    day: fields["alert.day"] ?? ""))
        }
        return (identities, ids)
    }

    /// Passes every few hours across two weeks of the example branch.
    var instants: [String] {
        let days = ["2026-11-27", "2026-11-28", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-04"]
        return days.flatMap { day in ["08:30", "12:00", "17:00", "18:00"].map { "\(day)T\($0)" } }
    }

    @Test(
        "killed with SIGKILL at random points and restarted, gridd stores and logs the same alerts as an uninterrupted run"
    )
    func killNine() throws {
        let dir = TemporaryDirectory()
        let gridd = ProcessRunner("gridd")
        let common = ["--config", Repository.schedules, "--once", "--log-format", "journal"]
        try SimulationDatabase.create(at: dir.file("a.sqlite"))
        try SimulationDatabase.create(at: dir.file("b.sqlite"))

        // The uninterrupted run.
        var reference = ""
        for instant in instants {
            let result = try gridd.run(common + ["--db", dir.file("a.sqlite"), "--now", instant])
            #expect(result.status == 0, "gridd failed at \(instant): \(result.stderr)")
            reference += result.stdout
        }

        // The same passes, each killed at a random moment, then run again.
        var generator = SystemRandomNumberGenerator()
        var interrupted = ""
        var kills = 0
        for instant in instants {
            let process = try gridd.start(common + ["--db", dir.file("b.sqlite"), "--now", instant])
            let out = process.standardOutput as! Pipe
            usleep(UInt32.random(in: 0...120_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { kills += 1 }
            interrupted += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let restart = try gridd.run(common + ["--db", dir.file("b.sqlite"), "--now", instant])
            #expect(restart.status == 0, "restart failed at \(instant): \(restart.stderr)")
            interrupted += restart.stdout
        }

        let (storedA, _) = try storedIdentities(dir.file("a.sqlite"))
        let (storedB, idsB) = try storedIdentities(dir.file("b.sqlite"))
        let loggedA = loggedIdentities(reference)
        let loggedB = loggedIdentities(interrupted)
        #expect(kills > 0, "no pass was interrupted; the test proved nothing")
        #expect(!storedA.isEmpty)
        // No losses and no duplicates: the same alerts in both databases and both logs.
        #expect(storedB == storedA, "differs: \(storedA.symmetricDifference(storedB).prefix(5))")
        #expect(loggedA.identities == storedA)
        #expect(loggedB.identities == storedB)
        // Every stored alert was logged; a line may repeat only with the same alert id (a
        // crash between writing the line and marking it logged).
        #expect(Set(loggedB.ids) == idsB)
        #expect(loggedA.ids.count == Set(loggedA.ids).count)
    }

    @Test("while gridd runs, concurrent gridctl done processes all succeed and every completion is kept")
    func concurrentWriters() async throws {
        let dir = TemporaryDirectory()
        let db = try SimulationDatabase.create(at: dir.file("g.sqlite"))
        let now = "2026-12-01T09:00"
        let common = ["--config", Repository.schedules, "--db", db]

        // Given gridd running on the database
        let daemon = try ProcessRunner("gridd").start(common + ["--now", now, "--log-format", "journal"])
        let daemonOutput = OutputCollector(daemon)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        let ready = ContinuousClock.now.advanced(by: .seconds(120))
        while ContinuousClock.now < ready, !daemonOutput.text.contains("gridd ready") {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(daemonOutput.text.contains("gridd ready"))
        // and the overdue items of November, each with its owner
        let list = try ProcessRunner("gridctl").run(["overdue"] + common + ["--now", now, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        struct Item: Decodable {
            let id: Int64
            let owner: String?
        }
        let items = try JSONDecoder().decode([Item].self, from: Data(list.stdout.utf8)).filter { $0.owner != nil }
        let chosen = Array(items.prefix(32))
        #expect(chosen.count == 32)

        // When four workers record completions at the same time
        let failures = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<4 {
                let mine = chosen.enumerated().filter { $0.offset % 4 == worker }.map(\.element)
                group.addTask {
                    var failures: [String] = []
                    for item in mine {
                        let result = try ProcessRunner("gridctl").run(
                            ["done", String(item.id)] + common + [
                                "--by", item.owner!, "--now", now, "--note", "worker \(worker)",
                            ])
                        if result.status != 0 { failures.append(result.stderr) }
                    }
                    return failures
                }
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }

        // Then none failed, none saw a locked database, and every completion is there
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(!failures.contains { $0.contains("locked") })
        let database = try GridDatabase(path: db, mode: .command)
        for item in chosen {
            #expect(try database.completions(of: item.id).count == 1)
            #expect(try database.occurrence(id: item.id)?.state == .done)
        }

        // And the daemon, still running, reloads on SIGHUP and exits 0 on SIGTERM
        #expect(daemon.isRunning)
        kill(daemon.processIdentifier, SIGHUP)
        // Waits on the daemon's own word, not on a guess of how long a reload takes.
        let reloaded = ContinuousClock.now.advanced(by: .seconds(120))
        while ContinuousClock.now < reloaded, !daemonOutput.text.contains("configuration reloaded") {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(daemonOutput.text.contains("configuration reloaded"))
        #expect(daemon.isRunning)
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationReason == .exit)
        #expect(daemon.terminationStatus == 0)
        let output = daemonOutput.finish()
        #expect(output.contains("configuration reloaded"))
        #expect(output.contains("gridd stopping"))
    }

    @Test("gridd refuses to start on an invalid configuration, naming the file and line, and exits 1")
    func invalidStart() throws {
        let dir = TemporaryDirectory()
        try Repository.copySchedules(to: dir.file("s"))
        try dir.write("s/catalog/10-party.yaml", "line:\n  id: party\n  owner: nobody\nduties: []\n")

        let result = try ProcessRunner("gridd").run([
            "--config", dir.file("s"), "--db", dir.file("g.sqlite"), "--once", "--log-format", "journal",
        ])

        #expect(result.status == 1)
        #expect(!result.signalled)
        #expect(result.stdout.contains("10-party.yaml:3"))
        #expect(result.stdout.contains("unknown role 'nobody'"))
    }
}
