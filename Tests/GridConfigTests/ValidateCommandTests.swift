import Foundation
import GridConfig
import GridTestKit
import Testing

/// `gridctl validate`, run as a user would run the built binary.
@Suite("gridctl validate")
struct ValidateCommandTests {
    static func gridctl() throws -> ProcessRunner {
        let runner = ProcessRunner("gridctl")
        try #require(
            FileManager.default.isExecutableFile(atPath: runner.executable),
            "gridctl is not built at \(runner.executable); run `swift build` first")
        return runner
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }

    @Test("a broken configuration exits with status 1 and prints every error as 'error: file:line: field: message'")
    func brokenConfiguration() throws {
        let schedules = try EditableSchedules()
        let catalog = try schedules.replace(
            "    title: 党课\n    cadence: yearly\n    count: 2\n",
            with: "    title: 党课\n    cadence: yearly\n    count: 0\n",
            in: "catalog/10-party.yaml")
        let branch = try schedules.replace(
            "  timezone: Asia/Shanghai\n", with: "  timezone: Asia/Shangai\n", in: "branches/example.yaml")

        let result = try Self.gridctl().run(["validate", "--config", schedules.path])

        #expect(result.status == 1)
        #expect(!result.signalled)
        #expect(result.stdout == "")
        let errors = Self.lines(result.stderr).filter { $0.hasPrefix("error: ") }
        #expect(
            errors == [
                "error: \(schedules.file("catalog/10-party.yaml")):\(try lineNumber(of: "count: 0", in: catalog)): "
                    + "duty party.lecture: count: '0' is not a valid count; expected a whole number from 1 to 1000",
                "error: \(schedules.file("branches/example.yaml")):\(try lineNumber(of: "timezone: Asia/Shangai", in: branch)): "
                    + "branch: timezone: unknown time zone 'Asia/Shangai'; expected an IANA name such as Asia/Shanghai",
            ])
        #expect(Self.lines(result.stderr).last == "2 error(s) in \(schedules.path)")
    }

    @Test("every issue the loader finds is printed on stderr in the same order, one line each")
    func printsEveryLoaderIssue() throws {
        let schedules = try EditableSchedules()
        try schedules.append("  - { id: branch-head, title: 行长 }\n", to: "roles.yaml")
        try schedules.replace(
            "    title: 支委会\n    cadence: monthly\n", with: "    title: 支委会\n    cadance: monthly\n",
            in: "catalog/10-party.yaml")
        try schedules.replace(
            "members: [zhou.min, wu.ting]", with: "members: [zhou.min, wu.tin]", in: "branches/example.yaml")
        try schedules.replace(
            "      - 2026-05-09  # 劳动节调休 (Saturday)\n", with: "      - 2026-05-08\n", in: "calendars/cn.yaml")
        let issues = try schedules.issues()

        let result = try Self.gridctl().run(["validate", "--config", schedules.path])

        #expect(result.status == 1)
        #expect(issues.count == 5, "\(ConfigError(issues: issues))")
        #expect(issues.allSatisfy { $0.line > 0 && !$0.field.isEmpty })
        let expected = issues.map { "error: \($0.file):\($0.line): \($0.field): \($0.message)" }
        #expect(Self.lines(result.stderr).filter { $0.hasPrefix("error: ") } == expected)
    }

    @Test("a missing directory exits with status 1 and says so")
    func missingDirectory() throws {
        let temporary = TemporaryDirectory("gridconfig-tests")
        let missing = temporary.file("no-such-schedules")
        let result = try Self.gridctl().run(["validate", "--config", missing])
        #expect(result.status == 1)
        #expect(Self.lines(result.stderr).first == "error: \(missing): no such configuration directory")
    }

    @Test("the shipped schedules validate with exit status 0 and an 'ok:' line")
    func shippedSchedules() throws {
        let result = try Self.gridctl().run(["validate", "--config", Repository.schedules])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("error: "))
        let ok = try #require(Self.lines(result.stdout).first { $0.hasPrefix("ok: ") }, "stdout: \(result.stdout)")
        #expect(ok.contains("1 branch(es), 9 staff"))
        #expect(ok.contains("(disabled: epidemic)"))
    }

    @Test("a vacant role is a warning: exit status 0, with the warning on stderr")
    func vacantRoleWarning() throws {
        let schedules = try EditableSchedules()
        try schedules.replace(
            "roles: [operations-deputy, discipline-inspector]", with: "roles: [operations-deputy]",
            in: "branches/example.yaml")
        let result = try Self.gridctl().run(["validate", "--config", schedules.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(
            Self.lines(result.stderr).contains(
                "warning: \(schedules.file("branches/example.yaml")): staff: no one holds the role 'discipline-inspector': its duties will be raised as unassigned"
            ), "stderr: \(result.stderr)")
        #expect(Self.lines(result.stdout).contains { $0.hasPrefix("ok: ") })
    }
}
