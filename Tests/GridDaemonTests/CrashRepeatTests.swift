import Foundation
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// gridd writes an alert, logs it, then marks it logged: a kill between the line and the
/// mark logs the line again on the next pass. Marks come every `linesPerMark` lines, so a
/// crash repeats at most that many lines, each with its alert id.
@Suite("Journal lines repeated after a crash", .serialized)
struct CrashRepeatTests {
    /// The alert ids of the alert lines in gridd's journal-format output.
    static func alertIDs(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("alert.id=") }.map { String($0.dropFirst(9)) }
        }
    }

    @Test("gridd killed with SIGKILL in the middle of logging a pass repeats at most one mark's worth of lines")
    func killDuringPass() throws {
        // Given a bank of 20 branches whose first pass raises hundreds of alerts
        let dir = TemporaryDirectory()
        let config = dir.file("bank")
        let generated = try ProcessRunner("gridduty-dev").run([
            "generate", "--branches", "20", "--seed", "7", "--out", config,
        ])
        try #require(generated.status == 0, "\(generated.stderr)")
        let gridd = ProcessRunner("gridd")
        func arguments(_ database: String) throws -> [String] {
            [
                "--config", config, "--db", try SimulationDatabase.create(at: dir.file(database)), "--once", "--now",
                "2026-01-02T09:00", "--log-format",
                "journal",
            ]
        }
        let reference = try gridd.run(try arguments("reference.sqlite"))
        try #require(reference.status == 0, "\(reference.stderr)")
        let total = Self.alertIDs(reference.stdout).count
        try #require(total > 200, "only \(total) alerts: too few to kill a pass in the middle")

        var kills = 0
        for round in 1...4 {
            // When the pass is killed once it has printed a part of its lines, and run again
            let database = "round\(round).sqlite"
            let process = try gridd.start(try arguments(database))
            let output = OutputCollector(process)
            let killAt = total * round / 5
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, Self.alertIDs(output.text).count < killAt, Date() < deadline { usleep(1_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            let killed = Self.alertIDs(output.finish())
            let restart = try gridd.run(try arguments(database))
            #expect(restart.status == 0, "\(restart.stderr)")
            let again = Self.alertIDs(restart.stdout)

            // Then every stored alert was logged, and at most one mark's worth twice
            let repeated = Set(killed).intersection(again)
            #expect(repeated.count <= AlertingPass.defaultLinesPerMark, "round \(round): \(repeated.count) repeated")
            #expect(killed.count == Set(killed).count && again.count == Set(again).count)
            let stored = try GridDatabase(path: dir.file(database), mode: .command)
                .alerts(unacknowledgedOnly: false, limit: 1_000_000).map { String($0.id) }
            #expect(Set(killed + again) == Set(stored))
            #expect(stored.count == total)
        }
        #expect(kills > 0, "no pass was interrupted; the test proved nothing")
    }
}
