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
        let local = configuration.branches.first?.calendar ?? BusinessCalendar(national: .plainWeekdays, timeZone: .gmt)
        let today = local.localDate(of: try CommandContext.resolveNow(global.now, calendar: local))
        for calendar in configuration.calendars.values.sorted(by: { $0.id < $1.id }) {
            for year in calendar.missingNotices(on: today) {
                FileHandle.standardError.write(
                    Data("warning: \(NoticeWarning.text(calendar: calendar, year: year))\n".utf8))
            }
        }
        let catalog = configuration.catalog
        let active = catalog.activeDuties.count
        let disabled = catalog.lines.values.filter { !$0.enabled }.map(\.id).sorted()
        print(
            "ok: \(catalog.duties.count) duties (\(active) active) in \(catalog.lines.count) lines"
                + (disabled.isEmpty ? "" : " (disabled: \(disabled.joined(separator: ", ")))")
                + ", \(catalog.roles.count) roles, \(configuration.branches.count) branch(es), \(configuration.branches.reduce(0) { $0 + $1.staff.count }) staff, calendars: \(configuration.calendars.keys.sorted().joined(separator: ", "))"
                + ", integrity points: \(Self.integritySummary(configuration.integrity))"
        )
    }

    /// `2 versions (2026 from 2026-01-01, 2026-07 from 2026-07-01)`, or `off` without a table.
    static func integritySummary(_ table: IntegrityTable?) -> String {
        guard let table else { return "off (no integrity.yaml)" }
        let versions = table.versions.map { "\($0.version) from \($0.effective), \($0.rules.count) items" }
        return "\(table.versions.count) version(s) (\(versions.joined(separator: "; ")))"
    }
}
