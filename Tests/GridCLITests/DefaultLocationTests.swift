import Foundation
import GridTestKit
import Testing

/// Where gridctl looks when not told: its behaviour does not depend on the current
/// directory. Run from a checkout's build folder it uses the checkout's `schedules/`;
/// installed (anywhere else) it uses `/etc/gridduty` and `/var/lib/gridduty`; the
/// environment variables override both.
@Suite("gridctl's default configuration and database")
struct DefaultLocationTests {
    /// The built gridctl copied out of the checkout, as an installed one is.
    static func installedCopy(in directory: TemporaryDirectory) throws -> String {
        let copy = directory.file("bin/gridctl")
        try FileManager.default.createDirectory(atPath: directory.file("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.binary("gridctl"), toPath: copy)
        return copy
    }

    static let noVariables = ["GRIDDUTY_CONFIG": "", "GRIDDUTY_DB": ""]

    @Test(
        "Given the gridctl of the checkout's build folder, when validate runs in another directory without --config, then it reads the checkout's schedules"
    )
    func checkoutBuildUsesTheCheckoutsSchedules() throws {
        let elsewhere = TemporaryDirectory("gridctl-cwd")

        let result = try ProcessRunner("gridctl", environment: Self.noVariables).run(
            ["validate"], workingDirectory: elsewhere.path)

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 branch(es), 9 staff"), "\(result.stdout)")
    }

    @Test(
        "Given gridctl installed outside any checkout and run in a directory holding a schedules/, when validate runs without --config, then it reads /etc/gridduty, not ./schedules",
        .enabled(if: !FileManager.default.fileExists(atPath: "/etc/gridduty"), "this machine has an /etc/gridduty")
    )
    func installedIgnoresTheCurrentDirectory() throws {
        let directory = TemporaryDirectory("gridctl-installed")
        let gridctl = ProcessRunner(try Self.installedCopy(in: directory), environment: Self.noVariables)
        let workspace = directory.file("work")
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        try Repository.copySchedules(to: "\(workspace)/schedules")

        let result = try gridctl.run(["validate"], workingDirectory: workspace)

        #expect(result.status != 0 && !result.signalled)
        #expect(result.stderr.contains("/etc/gridduty"), "\(result.stderr)")
        #expect(!result.stdout.contains("ok:"), "it read ./schedules: \(result.stdout)")
    }

    @Test(
        "Given gridctl installed outside any checkout, when GRIDDUTY_CONFIG and GRIDDUTY_DB name a configuration and a database, then due uses them"
    )
    func installedFollowsTheVariables() throws {
        let directory = TemporaryDirectory("gridctl-installed")
        let database = directory.file("state/g.sqlite")
        let gridctl = ProcessRunner(
            try Self.installedCopy(in: directory),
            environment: ["GRIDDUTY_CONFIG": Repository.schedules, "GRIDDUTY_DB": database])

        let created = try gridctl.run(["migrate", "--simulation"], workingDirectory: directory.path)
        let result = try gridctl.run(
            ["due", "--now", "2026-11-23T10:00", "--format", "json"], workingDirectory: directory.path)

        #expect(created.status == 0, "\(created.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"duty\""), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: directory.file(".state")))
    }

    @Test(
        "Given a directory without a configuration, when due runs there (installed, or with --config and --db), then it fails naming the configuration and creates no database"
    )
    func missingConfigurationCreatesNoDatabase() throws {
        let directory = TemporaryDirectory("gridctl-noconfig")
        let missing = directory.file("no-such-config")
        let installed = ProcessRunner(
            try Self.installedCopy(in: directory), environment: ["GRIDDUTY_CONFIG": missing, "GRIDDUTY_DB": ""])

        let bare = try installed.run(["due"], workingDirectory: directory.path)

        #expect(bare.status != 0 && !bare.signalled)
        #expect(bare.stderr.contains(missing), "\(bare.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.file(".state")))

        let database = directory.file("state/gridduty.sqlite")
        for command in [["due"], ["overdue"], ["done", "1", "--by", "zhou.min"], ["report"], ["alerts"]] {
            let result = try ProcessRunner("gridctl").run(command + ["--config", missing, "--db", database])
            #expect(result.status != 0 && !result.signalled, "\(command)")
            #expect(result.stderr.contains(missing), "\(command): \(result.stderr)")
            #expect(
                !FileManager.default.fileExists(atPath: directory.file("state")),
                "gridctl \(command.joined(separator: " ")) created the database's folder before failing")
        }
    }

    @Test("Given gridctl and gridd, when --help is printed, then it names GRIDDUTY_CONFIG and GRIDDUTY_DB")
    func helpNamesTheVariables() throws {
        for program in ["gridctl", "gridd"] {
            let help = try ProcessRunner(program).run(["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("GRIDDUTY_CONFIG") && help.stdout.contains("GRIDDUTY_DB"), "\(program)")
            #expect(help.stdout.contains("/etc/gridduty") && help.stdout.contains("/var/lib/gridduty/gridduty.sqlite"))
        }
        let subcommand = try ProcessRunner("gridctl").run(["due", "--help"])
        #expect(subcommand.stdout.contains("$GRIDDUTY_CONFIG") && subcommand.stdout.contains("$GRIDDUTY_DB"))
    }
}
