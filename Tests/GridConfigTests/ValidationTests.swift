import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// Each test copies the shipped `schedules/`, breaks one thing, loads, and checks that the
/// problem is reported with its file, the line of the offending value, the field and what
/// was expected. Lines are computed from the text written, never hard-coded.
@Suite("Validation of the catalog, roles and files")
struct ValidationTests {
    // MARK: Roles

    @Test(
        "an unknown role is reported with its file, line and the known roles",
        arguments: [
            Breakage(
                name: "in a staff member's roles", file: "branches/example.yaml",
                replace: "roles: [customer-manager, model-post]", with: "roles: [customer-manager, model-poster]",
                at: "model-poster", field: "staff wang.li: roles",
                message: ["unknown role 'model-poster'", "expected one of: \(shippedRoleList)"]),
            Breakage(
                name: "as a duty's owner", file: "catalog/60-grid.yaml",
                replace: "    owner: branch-head\n    cadence: half-yearly",
                with: "    owner: branch-chief\n    cadence: half-yearly",
                at: "owner: branch-chief", field: "duty grid.half-year-talk: owner",
                message: ["unknown role 'branch-chief'", "expected one of: \(shippedRoleList)"]),
            Breakage(
                name: "as a line's owner", file: "catalog/10-party.yaml",
                replace: "  owner: party-secretary", with: "  owner: party-secretery",
                at: "owner: party-secretery", field: "line party: owner",
                message: ["unknown role 'party-secretery'", "expected one of: \(shippedRoleList)"]),
        ])
    func unknownRole(_ breakage: Breakage) throws {
        try breakage.check()
    }

    @Test("a vacant role gives a warning naming the role, not an error")
    func vacantRole() throws {
        let schedules = try EditableSchedules()
        try schedules.replace(
            "roles: [operations-deputy, discipline-inspector]", with: "roles: [operations-deputy]",
            in: "branches/example.yaml")
        let configuration = try schedules.load().get()
        #expect(configuration.warnings.count == 1, "\(configuration.warnings)")
        let warning = try #require(configuration.warnings.first)
        #expect(warning.file.hasSuffix("/branches/example.yaml"))
        #expect(warning.field == "staff")
        #expect(warning.message.contains("no one holds the role 'discipline-inspector'"))
        #expect(warning.message.contains("raised as unassigned"))
    }

    // MARK: Duplicate ids

    @Test("a duty id defined in two catalog files is reported at the second, naming the first")
    func duplicateDutyAcrossFiles() throws {
        let schedules = try EditableSchedules()
        let party = try schedules.text(of: "catalog/10-party.yaml")
        let operations = try schedules.append(
            """
              - id: party.study
                title: 运营线党员学习
                cadence: monthly
                scope: branch

            """, to: "catalog/30-operations.yaml")
        let issues = try schedules.issues()
        #expect(issues.count == 1, "\(ConfigError(issues: issues))")
        let issue = try #require(issues.first)
        let first = try lineNumber(of: "  - id: party.study\n", in: party)
        expect(
            issue, file: "catalog/30-operations.yaml",
            line: try lineNumber(of: "  - id: party.study\n", in: operations), field: "duty party.study: id",
            message: ["duplicate duty id", "also defined at \(schedules.file("catalog/10-party.yaml")):\(first)"])
    }

    @Test("a role id defined twice is reported at the second, naming the line of the first")
    func duplicateRole() throws {
        let schedules = try EditableSchedules()
        let original = try schedules.text(of: "roles.yaml")
        let first = try lineNumber(of: "{ id: lobby-manager,", in: original)
        let roles = try schedules.append(
            "  - { id: lobby-manager, title: 大堂副经理, english: second lobby manager }\n", to: "roles.yaml")
        let issues = try schedules.issues()
        #expect(issues.count == 1, "\(ConfigError(issues: issues))")
        let issue = try #require(issues.first)
        expect(
            issue, file: "roles.yaml", line: try lineNumber(of: "title: 大堂副经理", in: roles),
            field: "role lobby-manager: id",
            message: ["duplicate role id 'lobby-manager'", "first defined on line \(first)"])
    }

    // MARK: Cadence, count, deadline, scope, owner

    @Test("an unknown cadence is reported with the cadences expected")
    func unknownCadence() throws {
        try Breakage(
            name: "fortnightly", file: "catalog/10-party.yaml",
            replace: "    title: 支委会\n    cadence: monthly", with: "    title: 支委会\n    cadence: fortnightly",
            at: "cadence: fortnightly", field: "duty party.committee-meeting: cadence",
            message: [
                "unknown cadence 'fortnightly'",
                "expected one of: daily, weekly, monthly, quarterly, half-yearly, yearly, biennial, triggered",
            ]
        ).check()
    }

    @Test("a count that is not a whole number of 1 or more is rejected", arguments: ["0", "two", "-1"])
    func invalidCount(_ count: String) throws {
        try Breakage(
            name: count, file: "catalog/10-party.yaml",
            replace: "    title: 党课\n    cadence: yearly\n    count: 2\n",
            with: "    title: 党课\n    cadence: yearly\n    count: \(count)\n",
            at: "count: \(count)\n", field: "duty party.lecture: count",
            message: ["'\(count)' is not a valid count", "expected a whole number from 1 to 1000"]
        ).check()
    }

    @Test(
        "a deadline outside its duty's period is rejected, saying how long the period is",
        arguments: [
            Breakage(
                name: "business-day 8 on a weekly duty", file: "catalog/30-operations.yaml",
                replace: "    title: 印章和重要空白凭证检查\n    cadence: weekly\n",
                with: "    title: 印章和重要空白凭证检查\n    cadence: weekly\n    deadline: business-day 8\n",
                at: "deadline: business-day 8", field: "duty ops.seal-voucher-check: deadline",
                message: ["business day 8 lies outside a weekly period of at most 7 days"]),
            Breakage(
                name: "month-end 2 on a monthly duty", file: "catalog/10-party.yaml",
                replace: "    title: 支委会\n    cadence: monthly\n",
                with: "    title: 支委会\n    cadence: monthly\n    deadline: month-end 2\n",
                at: "deadline: month-end 2", field: "duty party.committee-meeting: deadline",
                message: ["month 2 lies outside a monthly period of 1 month(s)"]),
            Breakage(
                name: "month-end 13 on a yearly duty", file: "catalog/40-security.yaml",
                replace: "    deadline: month-end 3\n", with: "    deadline: month-end 13\n",
                at: "deadline: month-end 13", field: "duty security.responsibility-letter: deadline",
                message: ["month 13 lies outside a yearly period of 12 month(s)"]),
            Breakage(
                name: "after 3 business-days on a monthly duty", file: "catalog/40-security.yaml",
                replace: "    title: 安全、消防知识和技能培训\n    cadence: monthly\n",
                with: "    title: 安全、消防知识和技能培训\n    cadence: monthly\n    deadline: after 3 business-days\n",
                at: "deadline: after 3 business-days", field: "duty security.training: deadline",
                message: [
                    "'after 3 business-days' applies to triggered duties only",
                    "a monthly duty needs a deadline inside its period",
                ]),
        ])
    func deadlineOutsidePeriod(_ breakage: Breakage) throws {
        try breakage.check()
    }

    @Test(
        "a malformed deadline is rejected with the spellings accepted",
        arguments: ["after 3 days", "business-day", "business-day 0", "month-end zero", "by the 5th"])
    func malformedDeadline(_ deadline: String) throws {
        try Breakage(
            name: deadline, file: "catalog/10-party.yaml",
            replace: "    title: 支委会\n    cadence: monthly\n",
            with: "    title: 支委会\n    cadence: monthly\n    deadline: \(deadline)\n",
            at: "deadline: \(deadline)\n", field: "duty party.committee-meeting: deadline",
            message: [
                "'\(deadline)' is not a deadline",
                "expected 'period-end', 'business-day N', 'month-end N' or 'after N business-days'",
            ]
        ).check()
    }

    @Test("an explicit 'period-end' deadline on a triggered duty is rejected, as a triggered duty has no period")
    func periodEndOnTriggeredDuty() throws {
        let schedules = try EditableSchedules()
        let text = try schedules.replace(
            "    scope: case\n    deadline: after 1 business-days\n    clause: 及时向本支部书记和上级纪委汇报",
            with: "    scope: case\n    deadline: period-end\n    clause: 及时向本支部书记和上级纪委汇报",
            in: "catalog/20-discipline.yaml")
        let line = try lineNumber(of: "deadline: period-end", in: text)
        let issues = try schedules.issues()
        let issue = try #require(issues.first { $0.field == "duty discipline.report: deadline" })
        expect(
            issue, file: "catalog/20-discipline.yaml", line: line, field: "duty discipline.report: deadline",
            message: ["a triggered duty has no period; expected 'after N business-days'"])
    }

    @Test("'owner: self' on a branch-scoped duty is rejected, naming the per-person scopes")
    func selfOwnerOnBranchScope() throws {
        try Breakage(
            name: "owner: self", file: "catalog/10-party.yaml",
            replace: "    title: 支委会\n", with: "    title: 支委会\n    owner: self\n",
            at: "owner: self", field: "duty party.committee-meeting: owner",
            message: [
                "'self' needs a per-person scope (staff, party-member, grid-member or person)", "not 'branch'",
            ]
        ).check()
    }

    @Test("a triggered-only scope on a monthly duty is rejected, naming the scopes a recurring duty can have")
    func triggeredScopeOnMonthlyDuty() throws {
        try Breakage(
            name: "scope: person", file: "catalog/10-party.yaml",
            replace: "    cadence: monthly\n    scope: branch\n    clause: 每月召开支委会",
            with: "    cadence: monthly\n    scope: person\n    clause: 每月召开支委会",
            at: "scope: person", field: "duty party.committee-meeting: scope",
            message: [
                "'person' is for triggered duties",
                "a monthly duty needs branch, staff, party-member, grid, grid-member or pairing",
            ]
        ).check()
    }

    @Test("a missing title is reported at the duty's entry as a required field")
    func missingTitle() throws {
        try Breakage(
            name: "no title", file: "catalog/10-party.yaml",
            replace: "  - id: party.committee-meeting\n    title: 支委会\n", with: "  - id: party.committee-meeting\n",
            at: "  - id: party.committee-meeting", field: "duty party.committee-meeting: title",
            message: ["missing; this field is required"]
        ).check()
    }

    @Test("a misspelt field ('cadance:') is rejected, not ignored, and the real field is then missing")
    func misspeltField() throws {
        let schedules = try EditableSchedules()
        let text = try schedules.replace(
            "    title: 支委会\n    cadence: monthly\n", with: "    title: 支委会\n    cadance: monthly\n",
            in: "catalog/10-party.yaml")
        let issues = try schedules.issues()
        #expect(issues.count == 2, "\(ConfigError(issues: issues))")

        let unknown = try #require(issues.first { $0.field.hasSuffix(": cadance") })
        #expect(unknown.file.hasSuffix("/catalog/10-party.yaml"))
        #expect(unknown.line == (try lineNumber(of: "cadance: monthly", in: text)))
        #expect(unknown.message.contains("unknown field; expected one of:"))
        #expect(unknown.message.contains("cadence, clause, confirm, confirm-roles, count"))
        #expect(unknown.field == "duty party.committee-meeting: cadance")

        let missing = try #require(issues.first { $0.field == "duty party.committee-meeting: cadence" })
        expect(
            missing, file: "catalog/10-party.yaml",
            line: try lineNumber(of: "  - id: party.committee-meeting", in: text),
            field: "duty party.committee-meeting: cadence", message: ["missing; this field is required"])
    }

    // MARK: Files and directories

    @Test(
        "invalid YAML syntax is reported with the file and the line of the error",
        arguments: [
            Breakage(
                name: "a colon inside a plain value", file: "catalog/10-party.yaml",
                replace: "    title: 支委会\n", with: "    title: 支委会: 每月\n",
                at: "title: 支委会: 每月", field: "", message: ["not valid YAML", "mapping values are not allowed"]),
            Breakage(
                name: "a flow list closed twice", file: "branches/example.yaml",
                replace: "    roles: [lobby-manager]\n", with: "    roles: [lobby-manager]]\n",
                at: "roles: [lobby-manager]]", field: "", message: ["not valid YAML"]),
        ])
    func invalidSyntax(_ breakage: Breakage) throws {
        try breakage.check()
    }

    @Test(
        "a YAML error found while composing the document is reported with the line it is on",
        arguments: [
            (
                Breakage(
                    name: "a key given twice in one duty", file: "catalog/10-party.yaml",
                    replace: "    title: 党课\n    cadence: yearly\n    count: 2\n",
                    with: "    title: 党课\n    cadence: yearly\n    count: 2\n    count: 3\n",
                    at: "    count: 3\n", field: "", message: ["not valid YAML", "count"]),
                // Either occurrence of the key is a fair place to point at.
                "    count: 2\n    count: 3\n" as String?
            ),
            (
                Breakage(
                    name: "an alias to an undefined anchor", file: "catalog/10-party.yaml",
                    replace: "    title: 支委会\n", with: "    title: *committee\n",
                    at: "title: *committee", field: "", message: ["not valid YAML", "undefined alias"]),
                nil
            ),
        ])
    func composerError(_ breakage: Breakage, alsoAt: String?) throws {
        let schedules = try EditableSchedules()
        let text = try schedules.replace(breakage.replace, with: breakage.with, in: breakage.file)
        let issues = try schedules.issues()
        #expect(issues.count == 1, "\(ConfigError(issues: issues))")
        let issue = try #require(issues.first)
        #expect(issue.file.hasSuffix("/" + breakage.file))
        #expect(issue.field == "")
        for fragment in breakage.message { #expect(issue.message.contains(fragment), "\(issue.message)") }
        var lines = [try lineNumber(of: breakage.at, in: text)]
        if let alsoAt { lines.append(try lineNumber(of: alsoAt, in: text)) }
        #expect(lines.contains(issue.line), "\(issue)")
        #expect(!issue.message.contains("\n"), "the message spans lines: \(issue.message)")
    }

    @Test("an empty catalog folder is reported")
    func emptyCatalog() throws {
        let schedules = try EditableSchedules()
        for name in try FileManager.default.contentsOfDirectory(atPath: schedules.file("catalog")) {
            try schedules.remove("catalog/\(name)")
        }
        let issues = try schedules.issues()
        #expect(issues.count == 1, "\(ConfigError(issues: issues))")
        let issue = try #require(issues.first)
        #expect(issue.file == schedules.file("catalog"))
        #expect(issue.line == 0)
        #expect(issue.field == "")
        #expect(issue.message == "no catalog files (*.yaml) found")
    }

    @Test("a missing configuration directory is reported as such")
    func missingDirectory() throws {
        let temporary = TemporaryDirectory("gridconfig-tests")
        let missing = temporary.file("no-such-schedules")
        let error = #expect(throws: ConfigError.self) { try ConfigLoader(directory: missing).load() }
        #expect(
            error?.issues == [
                ConfigIssue(file: missing, line: 0, field: "", message: "no such configuration directory")
            ])
    }

    @Test("every problem is reported at once: two broken files give both issues in one error")
    func allProblemsAtOnce() throws {
        let schedules = try EditableSchedules()
        let roles = try schedules.append("  - { id: branch-head, title: 行长 }\n", to: "roles.yaml")
        let branch = try schedules.replace(
            "members: [zhou.min, wu.ting]", with: "members: [zhou.min, wu.tingting]", in: "branches/example.yaml")
        let issues = try schedules.issues()
        #expect(issues.count == 2, "\(ConfigError(issues: issues))")
        let role = try #require(issues.first { $0.file.hasSuffix("/roles.yaml") })
        expect(
            role, file: "roles.yaml", line: try lineNumber(of: "title: 行长", in: roles), field: "role branch-head: id",
            message: ["duplicate role id 'branch-head'"])
        let person = try #require(issues.first { $0.file.hasSuffix("/branches/example.yaml") })
        expect(
            person, file: "branches/example.yaml", line: try lineNumber(of: "wu.tingting", in: branch),
            field: "pairing pair.zhou-wu: members", message: ["unknown person 'wu.tingting'"])
    }

    @Test("the shipped configuration loads with no errors or warnings, and the example branch is complete")
    func shippedConfiguration() throws {
        let configuration = try ConfigLoader(directory: Repository.schedules).load()
        #expect(configuration.warnings == [])
        let branch = try #require(configuration.branch("example"))
        #expect(branch.staff.count == 9)
        #expect(branch.staff.count(where: \.partyMember) == 6)
        #expect(branch.grids.count == 2)
    }
}
