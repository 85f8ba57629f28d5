import Foundation
import GridTestKit
import Testing

/// `gridd --now` runs a simulated clock only on a simulation database.
@Suite("gridd --now and simulation databases")
struct SimulationClockTests {
    @Test(
        "Given no database, when gridd starts with --now, then it refuses naming gridctl migrate --simulation and creates nothing"
    )
    func missingDatabase() throws {
        let dir = TemporaryDirectory()
        let result = try ProcessRunner("gridd").run([
            "--config", Repository.schedules, "--db", dir.file("g.sqlite"), "--once", "--now", "2026-11-23T10:00",
            "--log-format", "journal",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("gridctl migrate --simulation"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("g.sqlite")))
    }

    @Test("Given a real database, when gridd starts with --now, then it refuses; without --now it runs")
    func realDatabase() throws {
        let dir = TemporaryDirectory()
        let common = [
            "--config", Repository.schedules, "--db", dir.file("g.sqlite"), "--once", "--log-format", "journal",
        ]
        #expect(try ProcessRunner("gridd").run(common).status == 0)
        let refused = try ProcessRunner("gridd").run(common + ["--now", "2026-11-23T10:00"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is a real database"), "\(refused.stderr)")
    }

    @Test("Given a simulation database, when gridd starts, then it logs that nothing in it is a record of real work")
    func logsSimulation() throws {
        let dir = TemporaryDirectory()
        let path = try SimulationDatabase.create(at: dir.file("g.sqlite"))
        let result = try ProcessRunner("gridd").run([
            "--config", Repository.schedules, "--db", path, "--once", "--now", "2026-11-23T10:00", "--log-format",
            "journal",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("is a simulation database; nothing in it is a record of real work"))
    }
}
