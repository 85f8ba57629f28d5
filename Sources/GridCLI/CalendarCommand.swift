import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract:
            "The next deadlines of a duty on a branch's business calendar (like systemd-analyze calendar --iterations)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The duty id.") var duty: String
    @Option(help: "How many periods to show.") var next: Int = 5
    @Option(help: "The branch (default: the first).") var branch: String?

    func validate() throws {
        guard (1...1000).contains(next) else { throw ValidationError("--next must be between 1 and 1000") }
    }

    func run() throws {
        let configuration = try CommandContext.loadConfiguration(global.config)
        let branch = try CommandContext.pickBranch(configuration, branchID: self.branch, personID: nil)
        let now = try CommandContext.resolveNow(global.now, calendar: branch.calendar)
        guard let found = configuration.catalog.duty(duty) else { throw CLIError("unknown duty '\(duty)'") }
        let calendar = branch.calendar
        Output.line(
            "\(found.title) (\(found.id)): \(found.cadence.rawValue), deadline \(found.deadline), at least \(found.quota)"
        )
        guard found.cadence.isRecurring else {
            print("  triggered: due \(found.deadline) after it is raised")
            return
        }
        let materializer = Materializer(catalog: configuration.catalog, branch: branch)
        var table = TextTable(headers: ["周期 PERIOD", "提醒 REMIND", "截止 DEADLINE", "剩余 LEFT"])
        var period = found.cadence.period(containing: calendar.localDate(of: now))
        var shown = 0
        var shownYears: [Int] = []
        var scanned = 0
        while let current = period, shown < next, scanned < 10_000 {
            scanned += 1
            if let timing = materializer.timing(of: found, in: current), timing.deadline > now {
                let days = Int(timing.deadline.timeIntervalSince(now) / 86_400)
                table.append([
                    current.key, InstantText.format(timing.remindAt, in: calendar),
                    InstantText.format(timing.deadline, in: calendar) + " "
                        + weekday(calendar.localDate(of: timing.deadline)),
                    "\(days)d",
                ])
                shown += 1
                shownYears.append(calendar.localDate(of: timing.deadline).year)
            }
            period = found.cadence.period(after: current)
        }
        print(table.render())
        let uncovered = Set(shownYears).filter { !calendar.national.covers(year: $0) }.sorted()
        if !uncovered.isEmpty {
            FileHandle.standardError.write(
                Data(
                    "note: calendar '\(calendar.national.id)' has no holidays for \(uncovered.map(String.init).joined(separator: ", ")); those deadlines assume no public holidays until the year's notice is added\n"
                        .utf8))
        }
    }

    private func weekday(_ date: LocalDate) -> String {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][date.weekday.index]
    }
}
