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
            Due.self, Overdue.self, Done.self, Waive.self, Raise.self, Show.self, Alerts.self, Ack.self,
            GridCommand.self,
            CalendarCommand.self, Report.self, Validate.self, Migrate.self,
        ]
    )

    public static let version = ProductVersion.string

    public init() {}
}
