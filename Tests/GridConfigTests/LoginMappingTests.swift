import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// `unix-user:` maps a person to the login that acts as them; `policy.yaml` names the admin
/// group and how far back a completion may be dated before it is a late entry.
@Suite("Logins and the trust policy")
struct LoginMappingTests {
    let logins = FixedLoginDirectory(["wangli", "zhoumin"])

    func load(_ schedules: EditableSchedules) -> Result<Configuration, ConfigError> {
        do {
            return .success(try ConfigLoader(directory: schedules.path, logins: logins).load())
        } catch {
            return .failure(error)
        }
    }

    func issues(_ schedules: EditableSchedules, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [ConfigIssue]
    {
        guard case .failure(let error) = load(schedules) else {
            Issue.record("the broken configuration loaded without error", sourceLocation: sourceLocation)
            return []
        }
        return error.issues
    }

    @Test("a known login on a staff entry maps that person to it")
    func mapsAKnownLogin() throws {
        // Given 王丽 mapped to wangli, a login the directory knows
        let schedules = try EditableSchedules()
        try schedules.replace(
            "roles: [customer-manager, model-post]",
            with: "roles: [customer-manager, model-post]\n    unix-user: wangli",
            in: "branches/example.yaml")
        // When it loads, then she is mapped and nobody else is
        let branch = try load(schedules).get().branches[0]
        #expect(branch.person("wang.li")?.unixUser == "wangli")
        #expect(branch.staff.filter { $0.unixUser != nil }.map(\.id) == ["wang.li"])
    }

    @Test("a login the machine does not know is an error naming file, line and field")
    func unknownLoginIsAnError() throws {
        // Given a person mapped to a login the directory does not have
        let schedules = try EditableSchedules()
        let text = try schedules.replace(
            "roles: [customer-manager, model-post]",
            with: "roles: [customer-manager, model-post]\n    unix-user: ghost",
            in: "branches/example.yaml")
        // When it loads, then it fails at that line
        let found = try issues(schedules)
        #expect(found.count == 1)
        expect(
            try #require(found.first), file: "branches/example.yaml",
            line: try lineNumber(of: "unix-user: ghost", in: text),
            field: "staff wang.li: unix-user", message: ["ghost", "no login"])
    }

    @Test("one login mapped to two people, in the same or another branch file, is an error naming both")
    func duplicateLoginIsAnError() throws {
        // Given wangli on 王丽 and on a person of a second branch file
        let schedules = try EditableSchedules()
        try schedules.replace(
            "roles: [customer-manager, model-post]",
            with: "roles: [customer-manager, model-post]\n    unix-user: wangli",
            in: "branches/example.yaml")
        let second = try schedules.text(of: "branches/example.yaml")
            .replacingOccurrences(of: "id: example", with: "id: example-two")
        try schedules.write(second, to: "branches/other.yaml")
        // When it loads, then the second mapping is refused naming the first
        let found = try issues(schedules)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.file.hasSuffix("branches/other.yaml"))
        let line = try lineNumber(of: "unix-user: wangli", in: second)
        #expect(issue.line == line)
        #expect(issue.field == "staff wang.li: unix-user")
        #expect(issue.message.contains("already mapped to 'wang.li'") && issue.message.contains("example.yaml"))
    }

    @Test("a login that is not a valid id is refused like any id")
    func malformedLoginIsAnError() throws {
        let schedules = try EditableSchedules()
        try schedules.replace(
            "roles: [customer-manager, model-post]",
            with: "roles: [customer-manager, model-post]\n    unix-user: \"wang li\"", in: "branches/example.yaml")
        let found = try issues(schedules)
        #expect(found.map(\.field) == ["staff wang.li: unix-user"])
    }

    @Test("policy.yaml's admin-group and late-entry-after are read, with defaults gridduty-admin and 1")
    func policyValues() throws {
        // Given the shipped policy, then the defaults
        let shipped = try load(EditableSchedules()).get().catalog
        #expect(shipped.adminGroup == "gridduty-admin" && shipped.lateEntryAfter == 1)
        // Given other values, then they are read
        let schedules = try EditableSchedules()
        try schedules.replace("admin-group: gridduty-admin", with: "admin-group: bank-ops", in: "policy.yaml")
        try schedules.replace("late-entry-after: 1", with: "late-entry-after: 5", in: "policy.yaml")
        let catalog = try load(schedules).get().catalog
        #expect(catalog.adminGroup == "bank-ops" && catalog.lateEntryAfter == 5)
    }

    @Test("late-entry-after outside 0...30, or an admin-group that is not an id, is an error at its line")
    func policyBounds() throws {
        for (old, new, field) in [
            ("late-entry-after: 1", "late-entry-after: 31", "late-entry-after"),
            ("late-entry-after: 1", "late-entry-after: -1", "late-entry-after"),
            ("admin-group: gridduty-admin", "admin-group: \"a b\"", "admin-group"),
        ] {
            let schedules = try EditableSchedules()
            let text = try schedules.replace(old, with: new, in: "policy.yaml")
            let found = try issues(schedules)
            #expect(found.count == 1, "\(new)")
            let line = try lineNumber(of: new, in: text)
            #expect(found.first?.field == field && found.first?.line == line, "\(new)")
        }
    }
}
