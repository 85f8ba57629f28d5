import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the schedules directory; every problem is listed with its file, line and field.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let configuration: Configuration
        do {
            configuration = try ConfigLoader(directory: global.config).load()
        } catch {
            for issue in error.issues { Output.standardError("error: \(issue)") }
            Output.standardError("\(error.issues.count) error(s) in \(global.config)")
            throw ExitCode.failure
        }
        for warning in configuration.warnings {
            Output.standardError("warning: \(warning)")
        }
        let year = LocalDate(dayNumber: Int(Date().timeIntervalSince1970) / 86_400).year
        for calendar in configuration.calendars.values where !calendar.covers(year: year) {
            FileHandle.standardError.write(
                Data(
                    "warning: calendar '\(calendar.id)' has no holidays for \(year); business days fall back to Monday-Friday until the year's notice is added\n"
                        .utf8))
        }
        let catalog = configuration.catalog
        let active = catalog.activeDuties.count
        let disabled = catalog.lines.values.filter { !$0.enabled }.map(\.id).sorted()
        print(
            "ok: \(catalog.duties.count) duties (\(active) active) in \(catalog.lines.count) lines"
                + (disabled.isEmpty ? "" : " (disabled: \(disabled.joined(separator: ", ")))")
                + ", \(catalog.roles.count) roles, \(configuration.branches.count) branch(es), \(configuration.branches.reduce(0) { $0 + $1.staff.count }) staff, calendars: \(configuration.calendars.keys.sorted().joined(separator: ", "))"
        )
    }
}
