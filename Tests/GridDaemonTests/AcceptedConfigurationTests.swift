import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridTestKit
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The last accepted configuration, kept beside the database: saved when an accepted
/// configuration changes, and started from, loudly, when the files on disk are invalid.
@Suite("The last accepted configuration")
struct AcceptedConfigurationTests {
    /// The shipped schedules in a scratch directory, with a snapshot path beside them.
    struct Setup {
        let dir = TemporaryDirectory()
        var config: String { dir.file("s") }
        var snapshot: ConfigurationSnapshot { ConfigurationSnapshot(database: dir.file("g.sqlite")) }

        init() throws {
            try Repository.copySchedules(to: dir.file("s"))
        }

        func source(_ logs: LogCapture = LogCapture()) throws(ConfigError) -> ConfigurationSource {
            try ConfigurationSource(
                ConfigurationSource.read(directory: config, snapshot: snapshot), logger: logs.logger())
        }

        func breakCatalog() throws {
            try dir.write("s/catalog/10-party.yaml", "line: {id: party\nduties: [")
        }

        /// The snapshot file's inode and modification time: what changes when it is rewritten.
        func snapshotIdentity() -> String {
            var info = stat()
            guard stat(snapshot.path, &info) == 0 else { return "-" }
            return "\(info.st_ino):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
    }

    @Test("an accepted configuration is saved, and a start on invalid files runs from it and says why")
    func startsFromSnapshot() throws {
        // Given a configuration accepted once
        let setup = try Setup()
        let good = try setup.source()
        #expect(setup.snapshot.header() != nil)

        // When the files are broken and the daemon starts again
        try setup.breakCatalog()
        let logs = LogCapture()
        let source = try setup.source(logs)

        // Then it runs on the accepted configuration, and logs every problem with its file and line at error level
        #expect(source.current.catalog.duties.count == good.current.catalog.duties.count)
        #expect(source.current.branches.map(\.id) == good.current.branches.map(\.id))
        #expect(source.isRunningOnOlderConfiguration)
        let problems = logs.entries.filter { $0.message == "configuration rejected" }
        #expect(problems.count == 1)
        #expect(problems.first?.level == .error)
        #expect(problems.first?.metadata["file"]?.hasSuffix("s/catalog/10-party.yaml") == true)
        #expect(problems.first?.metadata["line"] == "2")
        #expect(
            logs.entries.contains {
                $0.level == .error
                    && $0.message == "configuration on disk invalid; started from the last accepted configuration"
            })
    }

    @Test("on a first start, before the database has created its directory, the snapshot is saved there all the same")
    func firstStartCreatesTheDirectory() throws {
        // Given a database path whose directory does not exist yet (a checkout's first `gridd`)
        let setup = try Setup()
        let snapshot = ConfigurationSnapshot(database: setup.dir.file("state/new/g.sqlite"))
        let logs = LogCapture()

        // When the configuration is accepted
        _ = try ConfigurationSource(
            ConfigurationSource.read(directory: setup.config, snapshot: snapshot), logger: logs.logger())

        // Then the snapshot is saved, and nothing is logged as an error
        #expect(snapshot.header() != nil)
        #expect(!logs.entries.contains { $0.level == .error }, "\(logs.entries.map(\.message))")
    }

    @Test("while the files stay invalid every pass logs their problems again, and a fix is picked up")
    func problemsRepeatedUntilFixed() throws {
        // Given a daemon started from the snapshot on broken files
        let setup = try Setup()
        _ = try setup.source()
        let party = try String(contentsOfFile: setup.dir.file("s/catalog/10-party.yaml"), encoding: .utf8)
        try setup.breakCatalog()
        let logs = LogCapture()
        let source = try setup.source(logs)
        let atStart = logs.entries.filter { $0.message == "configuration rejected" }.count

        // When two passes look at the unchanged files
        _ = source.reload(force: false)
        _ = source.reload(force: false)

        // Then each says again what is wrong
        #expect(logs.entries.filter { $0.message == "configuration rejected" }.count == atStart + 2)

        // And when the file is fixed, the next pass takes the files and stops complaining
        try setup.dir.write("s/catalog/10-party.yaml", party)
        guard case .reloaded = source.reload(force: false) else {
            Issue.record("the fixed files were not taken")
            return
        }
        #expect(!source.isRunningOnOlderConfiguration)
        _ = source.reload(force: false)
        #expect(logs.entries.filter { $0.message == "configuration rejected" }.count == atStart + 2)
    }

    @Test("the snapshot is rewritten when an accepted configuration changes, not when it is only touched")
    func rewrittenOnlyOnChange() throws {
        // Given a saved configuration
        let setup = try Setup()
        let source = try setup.source()
        let saved = setup.snapshotIdentity()
        #expect(saved != "-")

        // When a file is touched (rewritten unchanged) and the daemon reloads, also at a restart
        let file = setup.dir.file("s/policy.yaml")
        let policy = try String(contentsOfFile: file, encoding: .utf8)
        try policy.write(toFile: file, atomically: true, encoding: .utf8)
        _ = source.reload(force: true)
        _ = try setup.source()

        // Then the snapshot is left as it was
        #expect(setup.snapshotIdentity() == saved)

        // And when a file really changes, it is rewritten with the new contents
        try policy.replacingOccurrences(of: "nag-every: 1", with: "nag-every: 2")
            .write(toFile: file, atomically: true, encoding: .utf8)
        guard case .reloaded = source.reload(force: false) else {
            Issue.record("the edited policy was not taken")
            return
        }
        #expect(setup.snapshotIdentity() != saved)
        try setup.breakCatalog()
        let restarted = try setup.source()
        #expect(restarted.current.catalog.escalation.nagEveryBusinessDays == 2)
    }

    @Test("without a snapshot, or with a damaged one, invalid files still stop the start with their problems")
    func noUsableSnapshot() throws {
        // Given invalid files and no snapshot
        let setup = try Setup()
        try setup.breakCatalog()

        // Then the start fails with the files' problems
        #expect(throws: ConfigError.self) { try setup.source() }

        // And a damaged snapshot is not trusted either: it is named in a critical line
        try "gridduty-configuration-snapshot 1 0 0 1\n5 roles.yaml\nab".write(
            toFile: setup.snapshot.path, atomically: true, encoding: .utf8)
        let logs = LogCapture()
        let error = #expect(throws: ConfigError.self) { try setup.source(logs) }
        #expect(error?.issues.first?.file.hasSuffix("catalog/10-party.yaml") == true)
        #expect(logs.entries.contains { $0.level == .critical && $0.message == "last accepted configuration unusable" })
    }

    @Test("a snapshot naming a file outside the configuration is refused")
    func refusesEscapingPaths() throws {
        let setup = try Setup()
        let files = ["../../etc/evil.yaml": Data("x".utf8)]
        try setup.snapshot.write(files, stamps: "")
        #expect(throws: ConfigurationSnapshot.Failure.self) { try setup.snapshot.files() }
    }

    @Test(
        "the built gridd restarted on broken files keeps alerting from the last accepted configuration, then takes the fix"
    )
    func restartOnBrokenFiles() async throws {
        // Given gridd has run once on good files
        let setup = try Setup()
        let common = ["--config", setup.config, "--db", try SimulationDatabase.create(at: setup.dir.file("g.sqlite"))]
        let first = try ProcessRunner("gridd").run(
            common + ["--once", "--now", "2026-11-20T10:00", "--log-format", "journal"])
        try #require(first.status == 0, "\(first.stdout)")
        let party = try String(contentsOfFile: setup.dir.file("s/catalog/10-party.yaml"), encoding: .utf8)

        // When the files are broken and gridd starts again ten days later
        try setup.breakCatalog()
        let daemon = try ProcessRunner("gridd").start(
            common + ["--now", "2026-11-30T18:00", "--log-format", "journal"])
        let output = OutputCollector(daemon)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await HostileConfigurationTests.wait(for: "gridd ready", in: output)

        // Then it logs the problem with its file and line at error priority, and raises what came due
        let lines = output.text.split(separator: "\n")
        #expect(
            lines.contains {
                $0.hasPrefix("<3>configuration rejected ") && $0.contains("10-party.yaml") && $0.contains("line=2")
            })
        #expect(lines.contains { $0.hasPrefix("<3>configuration on disk invalid; started from the last accepted") })
        #expect(lines.contains { $0.hasPrefix("<4>duty overdue ") })
        // while validate still reports the files on disk
        let validate = try ProcessRunner("gridctl").run(["validate", "--config", setup.config])
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("10-party.yaml:2"))

        // And when the file is fixed, a reload takes the files again
        try setup.dir.write("s/catalog/10-party.yaml", party)
        kill(daemon.processIdentifier, SIGHUP)
        try await HostileConfigurationTests.wait(for: "configuration reloaded", in: output)
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationReason == .exit)
        #expect(daemon.terminationStatus == 0)
    }

    @Test("each pass repeats at most the first hundred problems, with the count of all of them")
    func repeatsAreCapped() throws {
        // Given a daemon running on its last good configuration while every branch file names an unknown role
        let setup = try Setup()
        _ = try setup.source()
        var roles = try String(contentsOfFile: setup.dir.file("s/branches/example.yaml"), encoding: .utf8)
        for n in 0..<150 { roles += "  - { id: extra.\(n), name: 员工\(n), roles: [no-such-role] }\n" }
        try roles.write(toFile: setup.dir.file("s/branches/example.yaml"), atomically: true, encoding: .utf8)
        let logs = LogCapture()
        let watched = try ConfigurationSource(
            ConfigurationSource.read(directory: setup.config, snapshot: setup.snapshot), logger: logs.logger())

        // When a later pass finds the files unchanged
        let atStart = logs.entries.filter { $0.message == "configuration rejected" }.count
        _ = watched.reload(force: false)

        // Then the start logged every problem, the pass only the first hundred, and both the total
        #expect(atStart >= 150)
        #expect(logs.entries.filter { $0.message == "configuration rejected" }.count == atStart + 100)
        let summaries = logs.entries.filter { $0.message == "configuration rejected; running on the last good one" }
        #expect(summaries.count == 2)
        #expect(summaries.allSatisfy { $0.metadata["errors"] == "\(atStart)" })
    }
}
