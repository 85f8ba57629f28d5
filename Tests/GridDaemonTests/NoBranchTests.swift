import Foundation
import GridTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A package just installed has the shared schedules but no branch: the daemon starts, says
/// at warning priority that no branch is configured, raises nothing, and takes up the first
/// branch an operator adds. It neither fails nor restarts in a loop.
@Suite("gridd with no branch configured")
struct NoBranchTests {
    /// The shipped schedules without their example branch.
    static func schedulesWithoutBranch(in directory: TemporaryDirectory) throws -> String {
        let schedules = directory.file("s")
        try Repository.copySchedules(to: schedules)
        try FileManager.default.removeItem(atPath: "\(schedules)/branches/example.yaml")
        return schedules
    }

    @Test(
        "Given schedules with no branch file, when gridd runs a pass, then it logs 'no branch is configured' at warning priority, raises nothing and exits 0"
    )
    func passWithoutBranchWarnsAndSucceeds() throws {
        let directory = TemporaryDirectory("gridd-nobranch")
        let schedules = try Self.schedulesWithoutBranch(in: directory)

        let result = try ProcessRunner("gridd").run([
            "--config", schedules, "--db", try SimulationDatabase.create(at: directory.file("g.sqlite")), "--once",
            "--now", "2026-12-01T09:00",
            "--log-format", "journal",
        ])

        #expect(result.status == 0 && !result.signalled, "\(result.stdout)\(result.stderr)")
        let warning = lines(result.stdout).first { $0.contains("no branch is configured") }
        #expect(warning?.hasPrefix("<4>") == true, "\(result.stdout)")
        #expect(
            warning?.contains("\(schedules)/branches/") == true, "the line says where a branch goes: \(warning ?? "")")
        #expect(result.stdout.contains("raised=0"), "\(result.stdout)")
        #expect(!result.stdout.contains("<4>duty "), "an alert was raised with no branch: \(result.stdout)")
    }

    @Test(
        "Given gridd running idle with no branch, when the example branch is added and gridd is sent SIGHUP, then it reloads with one branch, and stops with status 0"
    )
    func idleDaemonTakesUpTheFirstBranch() throws {
        let directory = TemporaryDirectory("gridd-nobranch")
        let schedules = try Self.schedulesWithoutBranch(in: directory)
        let daemon = try ProcessRunner("gridd").start([
            "--config", schedules, "--db", try SimulationDatabase.create(at: directory.file("g.sqlite")), "--now",
            "2026-12-01T09:00",
            "--log-format", "journal",
        ])
        let output = OutputCollector(daemon)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }

        #expect(Self.waitFor("gridd ready", in: output), "\(output.text)")
        #expect(output.text.contains("<4>no branch is configured"))
        try FileManager.default.copyItem(
            atPath: "\(Repository.schedules)/branches/example.yaml", toPath: "\(schedules)/branches/example.yaml")
        kill(daemon.processIdentifier, SIGHUP)

        #expect(Self.waitFor("branches=1", in: output), "\(output.text)")
        #expect(lines(output.text).contains { $0.hasPrefix("<5>configuration reloaded") && $0.contains("branches=1") })
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0)
    }

    /// Waits until the daemon has printed `text` or exited; false after two minutes.
    static func waitFor(_ text: String, in output: OutputCollector) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .seconds(120))
        while ContinuousClock.now < deadline {
            if output.text.contains(text) { return true }
            usleep(20_000)
        }
        return output.text.contains(text)
    }
}

private func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}
