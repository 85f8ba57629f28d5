import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl`: what is owed, by whom, by when; record completions; see who supervises whom.
public struct GridCtl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gridctl",
        abstract: "GridDuty: the duties of a branch's three lines and grids, on time, to the right person.",
        discussion: Defaults.environmentHelp,
        version: GridCtl.version,
        subcommands: [
            Due.self, Overdue.self, Done.self, Confirm.self, Waive.self, Raise.self, Show.self, Alerts.self, Ack.self,
            GridCommand.self,
            CalendarCommand.self, Report.self, Validate.self, Migrate.self, AuditCommand.self, Delegate.self,
            LedgerCommand.self, PointsCommand.self, NotifyCommand.self,
        ]
    )

    public static let version = ProductVersion.string

    public init() {}

    /// Parses and runs the command as ArgumentParser's own `main()` does, and prints its
    /// errors and help with control characters escaped: an error message often echoes what
    /// was typed (an occurrence, a person, an option's value).
    public static func main() {
        GroupPrivilege.dropIfFilesAreChosen()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = Output.escapedLines(fullMessage(for: error))
            if message.isEmpty {
                // `ExitCode.failure` after the command printed its own errors
            } else if code == .success {
                print(message)
            } else {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
