import Foundation
import GridTestKit
import Testing

/// The developer tools live in `gridduty-dev`, built with the package and never installed:
/// the operator's `gridctl` offers none of them, in its help or its completions.
@Suite("gridduty-dev, and a gridctl without developer commands")
struct DeveloperToolTests {
    static let developerCommands = ["generate", "bench-query", "ledgers"]

    @Test(
        "Given the built gridctl, when its help and its bash, zsh and fish completions are printed, then none names a developer command, and `gridctl generate` is refused without writing anything"
    )
    func gridctlHasNoDeveloperCommand() throws {
        let gridctl = ProcessRunner("gridctl")
        let directory = TemporaryDirectory("gridctl-dev")

        let help = try gridctl.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("validate"), "the help lists the operator's commands: \(help.stdout)")
        for command in Self.developerCommands {
            #expect(!help.stdout.contains(command), "gridctl --help names \(command)")
        }
        for shell in ["bash", "zsh", "fish"] {
            let script = try gridctl.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("validate"), "\(shell): \(script.stderr)")
            for command in Self.developerCommands {
                #expect(!script.stdout.contains(command), "the \(shell) completion offers \(command)")
            }
        }
        let out = directory.file("bank")
        let generate = try gridctl.run(["generate", "--branches", "2", "--out", out, "--source", Repository.schedules])
        #expect(generate.status != 0 && !generate.signalled)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(
        "Given a seed, when gridduty-dev generates a bank of 3 and of 5 branches, then gridctl validate accepts it, the same seed writes the same files, and branch k is the same in a bank of any size"
    )
    func generatedBankIsValidAndDeterministic() throws {
        let dev = ProcessRunner("gridduty-dev")
        let directory = TemporaryDirectory("gridduty-dev")
        func generate(_ branches: Int, seed: Int, into name: String) throws -> String {
            let out = directory.file(name)
            let result = try dev.run([
                "generate", "--branches", String(branches), "--seed", String(seed), "--source", Repository.schedules,
                "--out", out,
            ])
            try #require(result.status == 0, "generate: \(result.stderr)")
            #expect(result.stdout.contains("\(branches) branch(es)"), "\(result.stdout)")
            return out
        }
        func branchFile(_ bank: String, _ index: Int) throws -> String {
            try String(contentsOfFile: "\(bank)/branches/b0000\(index).yaml", encoding: .utf8)
        }

        let three = try generate(3, seed: 42, into: "three")
        let again = try generate(3, seed: 42, into: "again")
        let five = try generate(5, seed: 42, into: "five")
        let other = try generate(3, seed: 7, into: "other")

        let validate = try ProcessRunner("gridctl").run(["validate", "--config", five])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("5 branch(es)"), "\(validate.stdout)")
        for index in 1...3 {
            #expect(try branchFile(three, index) == branchFile(again, index), "b0000\(index) differs between runs")
            #expect(try branchFile(three, index) == branchFile(five, index), "b0000\(index) depends on the bank size")
        }
        #expect(try branchFile(three, 1) != branchFile(other, 1), "another seed writes another bank")
        #expect(
            FileManager.default.fileExists(atPath: "\(three)/catalog")
                && FileManager.default.fileExists(atPath: "\(three)/roles.yaml"))

        // An existing bank is replaced only with --force.
        let refused = try dev.run([
            "generate", "--branches", "1", "--source", Repository.schedules, "--out", three,
        ])
        #expect(refused.status != 0 && refused.stderr.contains("--force"), "\(refused.stderr)")
    }

    @Test(
        "Given a generated bank, when gridduty-dev bench-query times the listing steps, then it prints one tab-separated line per step with its runs and rows"
    )
    func benchQueryPrintsOneLinePerStep() throws {
        let directory = TemporaryDirectory("gridduty-dev")
        let dev = ProcessRunner("gridduty-dev")
        let bank = directory.file("bank")
        let generated = try dev.run(["generate", "--branches", "2", "--source", Repository.schedules, "--out", bank])
        try #require(generated.status == 0, "\(generated.stderr)")

        let result = try dev.run([
            "bench-query", "--config", bank, "--db", directory.file("b.sqlite"), "--now", "2026-11-23T10:00",
            "--person", "b00001.s01", "--iterations", "2", "--load-iterations", "1", "--report-iterations", "1",
        ])

        try #require(result.status == 0, "\(result.stderr)")
        let rows = lines(result.stdout).filter { !$0.isEmpty }.map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.first == ["step", "runs", "median_ms", "p99_ms", "min_ms", "rows"])
        #expect(rows.dropFirst().allSatisfy { $0.count == 6 && Double($0[2]) != nil }, "\(result.stdout)")
        let steps = rows.dropFirst().map { $0[0] }
        #expect(steps.first == "config-load" && steps.contains("due --person: query+count+render"), "\(steps)")
        let due = try #require(rows.first { $0[0] == "due --person: query" })
        #expect(due[1] == "2" && (Int(due[5]) ?? 0) > 0, "the branch head owes something on that Monday: \(due)")
    }

    @Test(
        "Given a generated and materialised bank, when gridduty-dev fills its ledgers but one branch's and writes that branch's workbook, then the branch is left empty, the workbook imports into it whole, and the workbook of a filled branch is what was stored"
    )
    func ledgersFillAllButOneAndWriteTheImportedWorkbook() throws {
        let directory = TemporaryDirectory("gridduty-dev")
        let dev = ProcessRunner("gridduty-dev")
        let gridctl = ProcessRunner("gridctl")
        let bank = directory.file("bank")
        let db = directory.file("b.sqlite")
        let now = "2026-07-10T10:00"
        try #require(
            try dev.run([
                "generate", "--branches", "3", "--seed", "42", "--source", Repository.schedules, "--out", bank,
            ])
            .status == 0)
        try #require(try gridctl.run(["migrate", "--simulation", "--db", db]).status == 0)
        let common = ["--config", bank, "--db", db, "--now", now]
        try #require(try gridctl.run(["report"] + common).status == 0)

        // When: every ledger filled but b00002's, and its workbook and b00001's written.
        let filled = try dev.run(
            ["ledgers", "--seed", "42", "--findings", "4", "--measures", "2", "--skip", "b00002"] + common)
        try #require(filled.status == 0, "\(filled.stderr)")
        func workbook(_ branch: String) throws -> String {
            let path = directory.file("\(branch).xlsx")
            let written = try dev.run([
                "ledgers", "--config", bank, "--now", now, "--seed", "42", "--findings", "4", "--measures", "2",
                "--workbook", path, "--branch", branch,
            ])
            try #require(written.status == 0, "\(written.stderr)")
            #expect(written.stdout.contains("4 findings, 8 measures"), "\(written.stdout)")
            return path
        }
        let skipped = try workbook("b00002")
        let stored = try workbook("b00001")

        // Then: two ledgers of 4 findings and 8 measures each, b00002's empty.
        #expect(filled.stdout.contains("filled 2 ledgers"), "\(filled.stdout)")
        #expect(filled.stdout.contains("8 findings, 16 measures"), "\(filled.stdout)")
        let empty = try gridctl.run(["ledger", "list", "measures", "--branch", "b00002", "--format", "json"] + common)
        #expect(empty.status == 0 && empty.stdout.filter { !$0.isWhitespace } == "[]", "\(empty)")
        // The skipped branch's workbook imports whole, and again changes nothing.
        let first = try gridctl.run(["ledger", "import", skipped, "--branch", "b00002"] + common)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("4 findings added, 8 measures added"), "\(first.stdout)")
        let again = try gridctl.run(["ledger", "import", skipped, "--branch", "b00002"] + common)
        #expect(again.status == 0 && again.stdout.contains("nothing changed"), "\(again.stdout)\(again.stderr)")
        // A filled branch's workbook says what the fill stored.
        let same = try gridctl.run(["ledger", "import", stored, "--branch", "b00001"] + common)
        #expect(same.status == 0 && same.stdout.contains("nothing changed"), "\(same.stdout)\(same.stderr)")
        // The open measures are owed like duties.
        let due = try gridctl.run(["due", "--branch", "b00001", "--format", "json"] + common)
        #expect(due.stdout.contains("discipline.rectification-measure"), "\(due.stdout)")
    }
}
