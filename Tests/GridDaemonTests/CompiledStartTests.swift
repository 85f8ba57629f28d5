import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridTestKit
import Logging
import Testing

/// A start or a reload reads the branch files unchanged since the last accepted
/// configuration compiled (`CompiledBranches`, beside the database), parses the others, and
/// writes the compiled file again when anything changed.
@Suite("Starting from compiled branches")
struct CompiledStartTests {
    /// The shipped schedules with a second branch, in a scratch directory.
    struct Setup {
        let dir = TemporaryDirectory()
        var config: String { dir.file("s") }
        var compiled: CompiledBranches { CompiledBranches(database: dir.file("g.sqlite")) }

        init() throws {
            try Repository.copySchedules(to: dir.file("s"))
            let example = try String(contentsOfFile: dir.file("s/branches/example.yaml"), encoding: .utf8)
            try dir.write("s/branches/second.yaml", example.replacingOccurrences(of: "id: example", with: "id: second"))
        }

        func source(_ logs: LogCapture) throws(ConfigError) -> ConfigurationSource {
            try ConfigurationSource(
                ConfigurationSource.read(directory: config, compiled: compiled), logger: logs.logger())
        }
    }

    /// The branch counts of the last entry with `message`: "parsed/compiled".
    static func counts(_ logs: LogCapture, _ message: String) -> String? {
        logs.entries.last { $0.message == message }.map {
            "\($0.metadata["branches.parsed"] ?? "-")/\($0.metadata["branches.compiled"] ?? "-")"
        }
    }

    @Test(
        "a start on branch files unchanged since they were compiled parses none, and a reload after an edit parses only the edited file"
    )
    func unchangedFilesAreNotParsed() throws {
        // Given a first start, which parses both branch files and compiles them
        let setup = try Setup()
        let first = LogCapture()
        let parsed = try setup.source(first)
        #expect(Self.counts(first, "compiled branches saved") == "2/0")

        // When the daemon starts again on the same files
        let logs = LogCapture()
        let source = try setup.source(logs)

        // Then no branch file is parsed, nothing is written, and the branches are the files'
        #expect(Self.counts(logs, "branch files unchanged since compiled") == "0/2")
        #expect(!logs.entries.contains { $0.message == "compiled branches saved" })
        #expect(source.current.branches.map(\.id) == parsed.current.branches.map(\.id))
        #expect(source.current.branch("second")?.staff == parsed.current.branch("second")?.staff)

        // And when one branch file is edited and the daemon looks again
        let edited = try String(contentsOfFile: setup.dir.file("s/branches/second.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: 示例支行营业部", with: "name: 第二支行")
        try setup.dir.write("s/branches/second.yaml", edited)
        guard case .reloaded(let reloaded) = source.reload(force: false) else {
            Issue.record("the edited files were not taken")
            return
        }

        // Then only that file is parsed, the edit is in, and the compiled file is rewritten
        #expect(Self.counts(logs, "compiled branches saved") == "1/1")
        #expect(reloaded.branch("second")?.name == "第二支行")
        let again = LogCapture()
        #expect(try setup.source(again).current.branch("second")?.name == "第二支行")
        #expect(Self.counts(again, "branch files unchanged since compiled") == "0/2")
    }

    @Test("a damaged compiled file is ignored with a warning, every branch file is parsed, and it is written again")
    func damagedFileIsIgnored() throws {
        // Given a compiled file cut in half
        let setup = try Setup()
        _ = try setup.source(LogCapture())
        let whole = try #require(FileManager.default.contents(atPath: setup.compiled.path))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: setup.compiled.path))

        // When the daemon starts
        let logs = LogCapture()
        let source = try setup.source(logs)

        // Then it warns, runs on the files, and replaces the damaged file
        #expect(
            logs.entries.contains {
                $0.level == .warning && $0.message == "compiled branches ignored; every branch file is parsed"
                    && $0.metadata["problem"]?.description.contains("cut short") == true
            })
        #expect(source.current.branches.map(\.id) == ["example", "second"])
        #expect(Self.counts(logs, "compiled branches saved") == "2/0")
        #expect(try setup.compiled.read()?.count == 2)
    }

    @Test("gridd --once from compiled branches raises exactly what it raises from the parsed files")
    func onceFromCompiledEqualsParsed() throws {
        // Given two databases on the same files, each run once (which compiles the branches)
        let setup = try Setup()
        let gridd = ProcessRunner("gridd")
        func once(_ database: String, _ now: String) throws -> [String] {
            let result = try gridd.run([
                "--config", setup.config, "--db", database, "--once", "--now", now, "--log-format", "journal",
            ])
            try #require(result.status == 0, "\(result.stdout)\(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        let compiledDB = try SimulationDatabase.create(at: setup.dir.file("a.sqlite"))
        let parsedDB = try SimulationDatabase.create(at: setup.dir.file("b.sqlite"))
        let firstRun = try once(compiledDB, "2026-11-20T10:00")
        _ = try once(parsedDB, "2026-11-20T10:00")
        #expect(firstRun.contains { $0.hasPrefix("<6>compiled branches saved ") && $0.contains("branches.parsed=2") })

        // When both run the next pass, one with its compiled file and one without
        try FileManager.default.removeItem(atPath: CompiledBranches(database: parsedDB).path)
        let fast = try once(compiledDB, "2026-12-01T09:00")
        let slow = try once(parsedDB, "2026-12-01T09:00")

        // Then the first parsed no branch file, and both raised the same alerts
        #expect(
            fast.contains {
                $0.hasPrefix("<6>branch files unchanged since compiled ") && $0.contains("branches.parsed=0")
                    && $0.contains("branches.compiled=2")
            })
        #expect(slow.contains { $0.hasPrefix("<6>compiled branches saved ") && $0.contains("branches.parsed=2") })
        func alerts(_ lines: [String]) -> [String] {
            // The pass's timings differ from run to run; its counts must not.
            lines.filter { $0.hasPrefix("<4>") || $0.hasPrefix("<5>pass done") }.map { line in
                line.split(separator: " ").filter { !$0.hasPrefix("seconds.") }.joined(separator: " ")
            }
        }
        #expect(alerts(fast).count >= 3)
        #expect(alerts(fast) == alerts(slow))
    }
}
