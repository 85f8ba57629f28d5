import Foundation
import GridTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Counts that once passed `validate` and then trapped the calendar arithmetic in `gridd` and
/// `gridctl`: each is now refused by every binary with its file and line, and none of them is
/// ever killed by a signal.
@Suite("Configurations that crashed the binaries", .serialized)
struct HostileConfigurationTests {
    struct Edit: Sendable, CustomTestStringConvertible {
        let name: String
        let file: String
        let replace: String
        let with: String
        /// The text on the reported line.
        let at: String
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        Edit(
            name: "escalation after 1e16", file: "policy.yaml",
            replace: "    - { after: 3, notify: [owner, grid-leader, line-owner, branch-head] }",
            with: "    - { after: 10000000000000000, notify: [owner, grid-leader, line-owner, branch-head] }",
            at: "after: 10000000000000000"),
        Edit(
            name: "nag-every 1e15", file: "policy.yaml", replace: "  nag-every: 1",
            with: "  nag-every: 1000000000000000",
            at: "nag-every: 1000000000000000"),
        Edit(
            name: "remind near Int.max", file: "catalog/10-party.yaml",
            replace: "    title: 支委会\n    cadence: monthly\n",
            with: "    title: 支委会\n    cadence: monthly\n    remind: 9223372036854775000\n",
            at: "remind: 9223372036854775000"),
        Edit(
            name: "after 1e18 business-days on a triggered duty", file: "catalog/20-discipline.yaml",
            replace: "    deadline: after 3 business-days\n",
            with: "    deadline: after 1000000000000000000 business-days\n", at: "deadline: after 1000000000000000000"),
    ]

    /// A copy of the shipped schedules with one edit, and where the edit's line is.
    static func schedules(_ edit: Edit, in dir: TemporaryDirectory) throws -> (path: String, location: String) {
        let path = dir.file("s")
        try Repository.copySchedules(to: path)
        let file = "\(path)/\(edit.file)"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try #require(text.ranges(of: edit.replace).count == 1)
        let edited = text.replacingOccurrences(of: edit.replace, with: edit.with)
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        let offset = try #require(edited.ranges(of: edit.at).first)
        let line = edited[..<offset.lowerBound].count(where: { $0 == "\n" }) + 1
        return (path, "\(file):\(line)")
    }

    @Test(
        "a count that overflowed the calendar is refused by validate, gridd, due and raise, never trapped",
        arguments: edits)
    func refusedEverywhere(_ edit: Edit) throws {
        // Given the shipped schedules with one count far out of range
        let dir = TemporaryDirectory()
        let (config, location) = try Self.schedules(edit, in: dir)
        let common = ["--config", config, "--db", try SimulationDatabase.create(at: dir.file("g.sqlite"))]
        let now = ["--now", "2026-11-23T10:00"]

        // When each binary runs on it
        let validate = try ProcessRunner("gridctl").run(["validate", "--config", config])
        let once = try ProcessRunner("gridd").run(common + now + ["--once", "--log-format", "journal"])
        let due = try ProcessRunner("gridctl").run(["due"] + common + now)
        let raise = try ProcessRunner("gridctl").run(
            ["raise", "discipline.warning-talk", "--subject", "wu.ting", "--by", "zhou.min"] + common + now)

        // Then each exits 1 naming the file and line, and none is killed by a signal
        for (name, result, output) in [
            ("validate", validate, validate.stderr), ("gridd --once", once, once.stdout), ("due", due, due.stderr),
            ("raise", raise, raise.stderr),
        ] {
            #expect(!result.signalled, "\(name) was killed by a signal")
            #expect(result.status == 1, "\(name) exited \(result.status)")
            #expect(output.contains(location), "\(name) did not name \(location): \(output)")
        }
    }

    static let silentlyAccepted: [Edit] = [
        Edit(
            name: "a title of 20,000 journald priority prefixes", file: "catalog/10-party.yaml",
            replace: "    title: 支委会\n", with: "    title: \"\(String(repeating: "<0>", count: 20_000))FORGED\"\n",
            at: "title: \"<0>"),
        Edit(
            name: "an empty escalation ladder", file: "policy.yaml",
            replace:
                "  steps:\n    - { after: 0, notify: [owner] }\n    - { after: 1, notify: [owner, grid-leader] }\n    - { after: 3, notify: [owner, grid-leader, line-owner, branch-head] }\n",
            with: "  steps: []\n", at: "steps: []"),
        Edit(
            name: "a !!binary tag", file: "roles.yaml", replace: "title: 大堂经理,", with: "title: !!binary 5aSn5aCC,",
            at: "title: !!binary"),
        Edit(
            name: "a duty id with a slash", file: "catalog/10-party.yaml", replace: "  - id: party.committee-meeting\n",
            with: "  - id: party/committee-meeting\n", at: "id: party/committee-meeting"),
        Edit(
            name: "a staff id with a newline", file: "branches/example.yaml", replace: "  - id: he.jing\n",
            with: "  - id: \"he.jing\\n<0>owner.id=lin.zhenhua\"\n", at: "id: \"he.jing"),
    ]

    @Test(
        "what validate once accepted silently is refused by validate and gridd, naming the line, on one clean line each",
        arguments: silentlyAccepted)
    func silentAcceptanceRefused(_ edit: Edit) throws {
        // Given the shipped schedules with one hostile or meaningless value
        let dir = TemporaryDirectory()
        let (config, location) = try Self.schedules(edit, in: dir)

        // When validate and gridd run on it
        let validate = try ProcessRunner("gridctl").run(["validate", "--config", config])
        let once = try ProcessRunner("gridd").run([
            "--config", config, "--db", try SimulationDatabase.create(at: dir.file("g.sqlite")), "--once", "--now",
            "2026-11-23T10:00", "--log-format",
            "journal",
        ])

        // Then both refuse it naming the file and line, and no line they print is longer than a
        // few kilobytes or starts with a priority the program did not write
        for (name, result, output) in [("validate", validate, validate.stderr), ("gridd --once", once, once.stdout)] {
            #expect(!result.signalled, "\(name) was killed by a signal")
            #expect(result.status == 1, "\(name) exited \(result.status)")
            #expect(output.contains(location), "\(name) did not name \(location): \(output.prefix(2_000))")
            for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(line.utf8.count < 4_096, "\(name) printed a line of \(line.utf8.count) bytes")
                #expect(!line.hasPrefix("<0>") && !line.hasPrefix("owner.id="), "\(name) printed \(line.prefix(80))")
            }
        }
    }

    @Test("gridd keeps its configuration when SIGHUP brings one with a count out of range, and keeps running")
    func reloadRefused() async throws {
        // Given gridd running on the shipped schedules
        let dir = TemporaryDirectory()
        let config = dir.file("s")
        try Repository.copySchedules(to: config)
        let daemon = try ProcessRunner("gridd").start([
            "--config", config, "--db", try SimulationDatabase.create(at: dir.file("g.sqlite")), "--now",
            "2026-12-01T09:00", "--log-format", "journal",
        ])
        let output = OutputCollector(daemon)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await Self.wait(for: "gridd ready", in: output)

        // When the policy is given an escalation step ten quadrillion business days late and gridd is told to reload
        let policy = "\(config)/policy.yaml"
        let text = try String(contentsOfFile: policy, encoding: .utf8)
        try text.replacingOccurrences(of: "after: 3,", with: "after: 10000000000000000,")
            .write(toFile: policy, atomically: true, encoding: .utf8)
        kill(daemon.processIdentifier, SIGHUP)
        try await Self.wait(for: "configuration rejected; running on the last good one", in: output)

        // Then it says where the problem is, keeps running, and stops cleanly
        #expect(output.text.contains("policy.yaml"))
        #expect(output.text.contains("is not a whole number from 0 to 520"))
        #expect(!output.text.contains("configuration reloaded"))
        #expect(daemon.isRunning)
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationReason == .exit)
        #expect(daemon.terminationStatus == 0)
    }

    /// Waits until the daemon has printed `text`, for at most two minutes (a slow machine
    /// starting it); fails the test if it never does.
    static func wait(for text: String, in output: OutputCollector) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(120))
        while ContinuousClock.now < deadline, !output.text.contains(text) {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(output.text.contains(text), "gridd never printed '\(text)':\n\(output.text)")
    }
}
