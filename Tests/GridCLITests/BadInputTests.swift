import Foundation
import GridTestKit
import Testing

/// Bad input is answered, never crashed on: a non-zero exit, nothing on stdout, and a clear
/// message on stderr naming what was wrong.
@Suite("gridctl on bad input")
struct BadInputTests {
    /// What stderr may hold after the one-line message.
    enum Tail: Sendable {
        /// Nothing: the message is the whole of stderr.
        case none
        /// ArgumentParser's usage hint after a rejected option value.
        case usage
        /// One `file:line: message` line per configuration problem.
        case issues
    }

    enum Schedules: Sendable {
        case shipped
        /// A catalog file that is not valid YAML.
        case brokenYAML
        /// A duty with an unknown cadence.
        case unknownCadence
        /// A directory that does not exist.
        case missing
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        var now: String = Gridctl.monday
        var schedules: Schedules = .shipped
        /// Words the message must contain.
        let mentions: [String]
        var tail: Tail = .none

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown occurrence number", arguments: ["show", "99999"], mentions: ["99999"]),
        Case(name: "unknown occurrence key", arguments: ["show", "no.such-duty/2026-11"], mentions: ["no.such-duty"]),
        Case(
            name: "malformed occurrence key", arguments: ["done", "a/b/c/d/e", "--by", "zhou.min"],
            mentions: ["a/b/c/d/e"]),
        Case(
            name: "done on an unknown occurrence", arguments: ["done", "424242", "--by", "zhou.min"],
            mentions: ["424242"]),
        Case(name: "bad --now", arguments: ["due"], now: "next tuesday", mentions: ["--now", "next tuesday"]),
        Case(name: "impossible --now date", arguments: ["due"], now: "2026-02-30T10:00", mentions: ["--now"]),
        Case(name: "bad --within", arguments: ["due", "--within", "7x"], mentions: ["--within", "7x"], tail: .usage),
        Case(
            name: "--within overflowing seconds", arguments: ["due", "--within", "9999999999999999d"],
            mentions: ["--within"], tail: .usage),
        Case(
            name: "unknown --cadence", arguments: ["due", "--cadence", "fortnightly"], mentions: ["fortnightly"],
            tail: .usage),
        Case(name: "unknown --format", arguments: ["due", "--format", "xml"], mentions: ["xml"], tail: .usage),
        Case(name: "unknown branch", arguments: ["due", "--branch", "nope"], mentions: ["nope", "example"]),
        Case(name: "unknown line", arguments: ["overdue", "--line", "nope"], mentions: ["nope"]),
        Case(name: "unknown role", arguments: ["due", "--role", "nope"], mentions: ["nope"]),
        Case(name: "unknown grid", arguments: ["due", "--grid", "nope"], mentions: ["nope"]),
        Case(name: "unknown person", arguments: ["due", "--person", "li.si"], mentions: ["li.si"]),
        Case(
            name: "--at in the future",
            arguments: ["done", "ops.account-reconciliation/2026-11", "--by", "zhou.min", "--at", "2026-11-25T10:00"],
            mentions: ["--at", "future"]),
        Case(
            name: "bad --at",
            arguments: ["done", "ops.account-reconciliation/2026-11", "--by", "zhou.min", "--at", "yesterday"],
            mentions: ["--at", "yesterday"]),
        Case(
            name: "done by someone not on the roster",
            arguments: ["done", "ops.account-reconciliation/2026-11", "--by", "li.si"], mentions: ["li.si"]),
        Case(name: "calendar of an unknown duty", arguments: ["calendar", "no.such-duty"], mentions: ["no.such-duty"]),
        Case(
            name: "raise a recurring duty", arguments: ["raise", "party.lecture", "--subject", "x"],
            mentions: ["party.lecture"]),
        Case(
            name: "raise a disabled campaign's duty",
            arguments: ["raise", "epidemic.travel-approval", "--subject", "wu.ting"], mentions: ["epidemic"]),
        Case(
            name: "config dir with broken YAML", arguments: ["due"], schedules: .brokenYAML,
            mentions: ["invalid configuration"], tail: .issues),
        Case(
            name: "config dir with an unknown cadence", arguments: ["due"], schedules: .unknownCadence,
            mentions: ["invalid configuration"], tail: .issues),
        Case(
            name: "missing config dir", arguments: ["due"], schedules: .missing,
            mentions: ["no such configuration directory"], tail: .issues),
    ]

    @Test(
        "Given bad input, when gridctl runs, then it exits non-zero with a clear message on stderr and is not killed by a signal",
        arguments: cases)
    func badInputIsAnsweredNotCrashedOn(_ bad: Case) throws {
        let gridctl: Gridctl
        switch bad.schedules {
        case .shipped:
            gridctl = try Gridctl()
        case .brokenYAML:
            gridctl = try Gridctl.onCopy { schedules in
                let handle = try #require(FileHandle(forWritingAtPath: "\(schedules)/catalog/10-party.yaml"))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("  - id: [broken\n".utf8))
                try handle.close()
            }
        case .unknownCadence:
            gridctl = try Gridctl.onCopy { schedules in
                let file = "\(schedules)/catalog/40-security.yaml"
                let text = try String(contentsOfFile: file, encoding: .utf8)
                try text.replacingOccurrences(of: "cadence: half-yearly", with: "cadence: fortnightly")
                    .write(toFile: file, atomically: true, encoding: .utf8)
            }
        case .missing:
            let directory = TemporaryDirectory("gridctl-cli")
            gridctl = try Gridctl(config: directory.file("no-such-schedules"), directory: directory)
        }

        let result = try gridctl.run(bad.arguments, now: bad.now)

        #expect(!result.signalled, "killed by a signal: \(result.stderr)")
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)")
        let printed = lines(result.stderr).filter { !$0.isEmpty }
        let message = try #require(printed.first, "nothing on stderr")
        #expect(message.hasPrefix("Error: "), "\(result.stderr)")
        let text = bad.tail == .issues ? printed.joined(separator: "\n") : message
        for word in bad.mentions {
            #expect(text.contains(word), "'\(word)' not in: \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), "\(result.stderr)")
        let rest = printed.dropFirst()
        switch bad.tail {
        case .none:
            #expect(rest.isEmpty, "more than one line: \(result.stderr)")
        case .usage:
            #expect(
                rest.allSatisfy { $0.hasPrefix("Usage:") || $0.hasPrefix("Help:") || $0.hasPrefix("  ") },
                "\(result.stderr)")
        case .issues:
            #expect(
                !rest.isEmpty && rest.allSatisfy { $0.hasPrefix(gridctl.config) },
                "every problem names its file: \(result.stderr)")
        }
    }

    @Test(
        "Given a --within whose seconds fit but whose deadline bound does not, when due runs, then it is refused or answered, not crashed on"
    )
    func hugeWithinIsNotACrash() throws {
        let gridctl = try Gridctl()

        // 106751991167300 days is 9.2e18 s: the multiplication fits in Int, now + span does not.
        let result = try gridctl.run(["due", "--within", "106751991167300d"])

        let crashed = result.signalled
        let firstLine = lines(result.stderr).first ?? ""
        #expect(!crashed, "\(firstLine)")
    }
}
