import Foundation
import GridTestKit
import Testing

/// `integrity.yaml` as the built `gridctl` sees it: `validate` lists its problems like any
/// file's, every other command refuses a broken table, and the `ok:` line says whether
/// points are scored.
@Suite("gridctl and the integrity table")
struct IntegrityConfigurationTests {
    /// The 1-based line of the one occurrence of `needle` in `text`.
    static func line(of needle: String, in text: String) throws -> Int {
        let ranges = text.ranges(of: needle)
        try #require(ranges.count == 1, "expected '\(needle)' once, found it \(ranges.count) time(s)")
        return text[..<ranges[0].lowerBound].count(where: { $0 == "\n" }) + 1
    }

    static let measure =
        "        points: -3\n        applies-to: person\n        yearly-cap: 20\n        from: measure-late\n"
    static let drunk = "        authority: [discipline-inspector, branch-head]\n        red-line: { branch-red: false"

    static func broken() throws -> (gridctl: Gridctl, file: String, text: String) {
        let gridctl = try Gridctl.onCopy(
            editing: "integrity.yaml",
            [
                (measure, measure.replacingOccurrences(of: "points: -3", with: "points: 0")),
                (drunk, drunk.replacingOccurrences(of: "branch-head]", with: "branch-chief]")),
            ])
        let file = "\(gridctl.config)/integrity.yaml"
        return (gridctl, file, try String(contentsOfFile: file, encoding: .utf8))
    }

    @Test("Given a broken integrity.yaml, validate exits 1 and prints each problem with its file, line and field")
    func validateReportsBrokenTable() throws {
        let (gridctl, file, text) = try Self.broken()

        let result = try gridctl.run(["validate"])

        #expect(result.status == 1)
        #expect(!result.signalled)
        #expect(result.stdout == "")
        let role = try Self.line(of: "[discipline-inspector, branch-chief]", in: text)
        let points = try Self.line(of: "points: 0", in: text)
        let roles =
            "branch-head, counter-manager, customer-manager, deputy-supervisor, discipline-inspector, lobby-manager, model-post, operations-deputy, party-secretary"
        #expect(
            lines(result.stderr).filter { $0.hasPrefix("error: ") } == [
                "error: \(file):\(role): version 2026: item redline.drunk-driving: authority: unknown role 'branch-chief'; expected one of: \(roles)",
                "error: \(file):\(points): version 2026-07: item measure.late: points: 0 scores nothing; give a non-zero number of points, or leave the item out",
                // The 2026-07 version repeats the red line by an alias to version 2026's.
                "error: \(file):\(role): version 2026-07: item redline.drunk-driving: authority: unknown role 'branch-chief'; expected one of: \(roles)",
            ], "stderr: \(result.stderr)")
        #expect(lines(result.stderr).last { !$0.isEmpty } == "3 error(s) in \(gridctl.config)")
    }

    @Test("Given a broken integrity.yaml, any other command refuses the whole configuration and names the table")
    func otherCommandsRefuse() throws {
        let (gridctl, file, _) = try Self.broken()

        let result = try gridctl.run(["due"])

        #expect(result.status != 0)
        #expect(!result.signalled)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("invalid configuration"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(file):"), "stderr: \(result.stderr)")
    }

    @Test(
        "Given a listing the database could answer, when integrity.yaml is edited, then the configuration is read again"
    )
    func editedTableIsNoticed() throws {
        // Given a question answered once, so that the database holds the files' stamps
        let later = "2026-12-02T10:00"
        let gridctl = try Gridctl.onCopy { _ in }
        let question = ["due", "--person", "zhou.min"]
        let first = try gridctl.succeed(question, now: later)
        #expect(try gridctl.succeed(question, now: later) == first)

        // When only the integrity table changes, to a broken one
        let file = "\(gridctl.config)/integrity.yaml"
        try Gridctl.editFile(file) {
            $0.replacingOccurrences(of: Self.measure, with: Self.measure + "        bonus: 1\n")
        }

        // Then the command reads the files again and refuses them, naming the table
        let result = try gridctl.run(question, now: later)
        #expect(result.status != 0, "stdout: \(result.stdout)")
        #expect(result.stderr.contains("\(file):"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("item measure.late: bonus: unknown field"), "stderr: \(result.stderr)")
    }

    @Test("validate's ok line names the table's versions, or says points are off without integrity.yaml")
    func okLine() throws {
        let shipped = try Gridctl().run(["validate"])
        #expect(shipped.status == 0, "stderr: \(shipped.stderr)")
        #expect(
            shipped.stdout.contains(
                "integrity points: 2 version(s) (2026 from 2026-01-01, 21 items; 2026-07 from 2026-07-01, 21 items)"),
            "stdout: \(shipped.stdout)")

        let without = try Gridctl.onCopy { schedules in
            try FileManager.default.removeItem(atPath: "\(schedules)/integrity.yaml")
        }
        let result = try without.run(["validate"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("integrity points: off (no integrity.yaml)"), "stdout: \(result.stdout)")
    }
}
