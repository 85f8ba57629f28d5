import Foundation
import GridTestKit
import Testing

/// journald cuts a stdout line at `LineMax=` (48 KiB) and reads a `<N>` at the start of each
/// piece as its priority: a long enough value would make entries gridd never wrote, at a
/// priority it never chose. The built gridd's lines stay whole and short whatever it logs.
@Suite("gridd's journal lines with hostile long values")
struct LongValueTests {
    /// Under real systemd this made two entries at PRIORITY=0 before values were capped.
    static let hostile = String(repeating: "<0>", count: 20_000) + "FORGED"

    /// Checks every line gridd printed: the priority is one of `allowed`, the length is
    /// under the cap, and no piece of the hostile value stands at the start of a line.
    static func checkLines(_ output: String, allowed: Set<String>, sourceLocation: SourceLocation = #_sourceLocation)
        -> [Substring]
    {
        let lines = output.split(separator: "\n")
        for line in lines {
            #expect(allowed.contains(String(line.prefix(3))), "\(line.prefix(80))", sourceLocation: sourceLocation)
            #expect(line.utf8.count <= 8_192, "a line of \(line.utf8.count) bytes", sourceLocation: sourceLocation)
            #expect(!line.contains("FORGED"), sourceLocation: sourceLocation)
        }
        return lines
    }

    /// The longest value a schedules file may hold (4,000 characters), which a problem echoes:
    /// still four times a logged value's cap.
    static let hostileInFile = String(repeating: "<0>", count: 1_300) + "FORGED"

    @Test("A 4,000-character value in a rejected configuration is logged as one critical line, cut and marked")
    func hostileConfigurationValue() throws {
        // Given a catalog whose cadence is the longest hostile value a file may hold
        let dir = TemporaryDirectory()
        try Repository.copySchedules(to: dir.file("s"))
        try dir.write(
            "s/catalog/95-hostile.yaml",
            """
            line:
              id: hostile
              title: Hostile
              owner: branch-head
            duties:
              - id: hostile.duty
                title: Hostile duty
                cadence: "\(Self.hostileInFile)"

            """)

        // When gridd starts on it
        let result = try ProcessRunner("gridd").run([
            "--config", dir.file("s"), "--db", dir.file("g.sqlite"), "--once", "--log-format", "journal",
        ])

        // Then it refuses with one critical line per problem, none longer than the cap, and
        // the value cut with the count of bytes left out
        #expect(result.status == 1)
        let lines = Self.checkLines(result.stdout, allowed: ["<2>"])
        let problem = try #require(lines.first { $0.contains("95-hostile.yaml") })
        #expect(problem.contains("<0><0><0>"))
        #expect(problem.contains(" more bytes]"))
    }

    @Test("A case raised with a 60 KB description is logged in alerts at their own priority, cut and marked")
    func hostileCaseSubject() throws {
        // Given a same-day case raised with the hostile description
        let dir = TemporaryDirectory()
        let common = [
            "--config", Repository.schedules, "--db", try SimulationDatabase.create(at: dir.file("g.sqlite")),
        ]
        let raised = try ProcessRunner("gridctl").run(
            ["raise", "ops.premises-risk-report", "--subject", Self.hostile, "--now", "2026-11-23T10:00"] + common)
        try #require(raised.status == 0, "\(raised.stderr)")

        // When gridd raises its overdue alert after closing time
        let result = try ProcessRunner("gridd").run(
            common + ["--once", "--log-format", "journal", "--now", "2026-11-23T18:00"])

        // Then every line is at a priority gridd chose, and the alert's line carries the
        // description cut
        #expect(result.status == 0, "\(result.stderr)")
        let lines = Self.checkLines(result.stdout, allowed: ["<3>", "<4>", "<5>", "<6>"])
        let alert = try #require(lines.first { $0.contains("duty.id=ops.premises-risk-report") })
        #expect(alert.hasPrefix("<4>duty overdue "))
        #expect(alert.contains(#"subject="<0><0><0>"#) && alert.contains(" more bytes]"))
    }
}
