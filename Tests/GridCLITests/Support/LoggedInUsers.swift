import Foundation
import GridTestKit
import Testing

/// A real (not simulation) database on a copy of the shipped schedules whose people are
/// mapped to logins every Linux machine has, and the built gridctl run as those logins.
/// Only a debug build reads `GRIDDUTY_TEST_LOGIN`/`GRIDDUTY_TEST_GROUPS` (see
/// docs/security.md), so this is how a test plays the real user.
struct LoggedInUsers {
    let directory: TemporaryDirectory
    let schedules: String
    var database: String { directory.file("real.sqlite") }

    /// `logins` maps staff ids of the example branch to the login each acts from.
    init(_ name: String, logins: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        directory = TemporaryDirectory(name)
        schedules = directory.file("schedules")
        try Repository.copySchedules(to: schedules)
        try Gridctl.editFile("\(schedules)/branches/example.yaml", sourceLocation: sourceLocation) { text in
            Self.map(logins, in: text)
        }
    }

    /// Adds `unix-user:` after the name of each mapped person's staff entry.
    static func map(_ logins: [String: String], in text: String) -> String {
        var lines: [String] = []
        var pending: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            lines.append(line)
            if let id = line.firstMatch(of: /^  - id: (\S+)$/)?.1, let login = logins[String(id)] {
                pending = login
            } else if let login = pending, line.hasPrefix("    name: ") {
                lines.append("    unix-user: \(login)")
                pending = nil
            }
        }
        return lines.joined(separator: "\n")
    }

    /// gridctl as `login` (with `groups`, comma-separated) on the real database.
    func run(as login: String, groups: String = "", _ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner("gridctl", environment: ["GRIDDUTY_TEST_LOGIN": login, "GRIDDUTY_TEST_GROUPS": groups])
            .run(arguments + ["--config", schedules, "--db", database])
    }
}
