import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// `policy.yaml`'s `digest`: read and checked like every other key, each error naming the
/// file, line and field.
@Suite("The digest policy in policy.yaml")
struct DigestPolicyTests {
    @Test("the shipped policy folds the repeat into a digest at 09:00 every business day")
    func shipped() throws {
        let catalog = try ConfigLoader(directory: Repository.schedules).load().catalog
        #expect(catalog.digest == DigestPolicy(at: TimeOfDay("09:00"), kinds: [.nag], everyBusinessDays: 1))
    }

    @Test("without a digest section the repeat is folded at each branch's opening, every business day")
    func absent() throws {
        let schedules = try EditableSchedules()
        let text = try schedules.text(of: "policy.yaml")
        let start = try #require(text.range(of: "\ndigest:\n"))
        let end = try #require(text.range(of: "  every: 1\n", range: start.upperBound..<text.endIndex))
        try schedules.write(
            text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "\n"), to: "policy.yaml")
        let catalog = try ConfigLoader(directory: schedules.path).load().catalog
        #expect(catalog.digest == .standard)
        #expect(catalog.digest.at == nil && catalog.digest.foldsNags)
    }

    @Test("kinds: [] keeps one alert per item; every: N is read")
    func foldingNothing() throws {
        let schedules = try EditableSchedules()
        try schedules.replace("  kinds: [nag]\n  every: 1\n", with: "  kinds: []\n  every: 3\n", in: "policy.yaml")
        let digest = try ConfigLoader(directory: schedules.path).load().catalog.digest
        #expect(!digest.foldsNags && digest.everyBusinessDays == 3)
    }

    @Test(
        "a kind that is a state change, an unknown kind, a bad time, a zero interval or an unknown key is an error naming file, line and field",
        arguments: [
            (
                "  kinds: [nag]\n", "  kinds:\n    - nag\n    - overdue\n", "    - overdue", "digest: kinds",
                "'overdue' cannot be folded"
            ),
            ("  kinds: [nag]\n", "  kinds:\n    - naag\n", "    - naag", "digest: kinds", "'naag' cannot be folded"),
            ("  at: \"09:00\"\n", "  at: \"25:00\"\n", "  at: \"25:00\"", "digest: at", "not a valid time"),
            ("  every: 1\n", "  every: 0\n", "  every: 0", "digest: every", "too small"),
            ("  every: 1\n", "  every: 1\n  often: yes\n", "  often: yes", "digest: often", "unknown field"),
        ])
    func errors(old: String, new: String, line: String, field: String, message: String) throws {
        let schedules = try EditableSchedules()
        let text = try schedules.replace(old, with: new, in: "policy.yaml")
        let issues = try schedules.issues()
        #expect(issues.count == 1, "\(issues)")
        let issue = try #require(issues.first)
        #expect(issue.file.hasSuffix("policy.yaml"))
        #expect(issue.line == (try lineNumber(of: line, in: text)))
        #expect(issue.field == field)
        #expect(issue.message.contains(message), "\(issue.message)")
    }
}
