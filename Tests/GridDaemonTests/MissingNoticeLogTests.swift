import Foundation
import GridTestKit
import Testing

@Suite("gridd: a year without a holiday notice")
struct MissingNoticeLogTests {
    @Test(
        "Given the shipped calendar, whose last notice is 2026, when gridd runs a pass on 2026-12-04, then it warns at priority 4 that 2027 has no notice; on 2026-11-30 it does not"
    )
    func warnsFromDecember() throws {
        let dir = TemporaryDirectory()
        let gridd = ProcessRunner("gridd")
        func pass(_ now: String) throws -> ProcessRunner.Result {
            try gridd.run([
                "--config", Repository.schedules, "--db", try SimulationDatabase.create(at: dir.file("g.sqlite")),
                "--once", "--now", now,
                "--log-format", "journal",
            ])
        }

        let november = try pass("2026-11-30T10:00")
        let december = try pass("2026-12-04T10:00")

        #expect(november.status == 0 && december.status == 0)
        #expect(!november.stdout.contains("no notice"), "\(november.stdout)")
        let warning = try #require(
            december.stdout.split(separator: "\n").first { $0.contains("holiday calendar has no notice for a year") })
        #expect(warning.hasPrefix("<4>") && warning.contains("year=2027") && warning.contains("computed=true"))
    }
}
