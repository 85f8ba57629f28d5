import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract:
            "A branch's business calendar: its holidays and swapped working days, or the next deadlines of a duty (like systemd-analyze calendar --iterations).",
        discussion: """
            Without a duty, lists the days the branch is closed for a public holiday and the weekend days \
            it works (调休) over the next 12 months, or over --year. A day marked "computed, no notice yet" \
            is a statutory holiday of a year whose State Council notice is not in the calendar yet.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The duty id; without it, the branch's holidays.") var duty: String?
    @Option(help: "How many periods to show.") var next: Int = 5
    @Option(help: "The branch (default: the first).") var branch: String?
    @Option(help: "The year whose holidays to list (default: the next 12 months).") var year: Int?

    func validate() throws {
        guard (1...1000).contains(next) else { throw ValidationError("--next must be between 1 and 1000") }
        if let year, !(1970...2200).contains(year) { throw ValidationError("--year must be between 1970 and 2200") }
        if year != nil && duty != nil { throw ValidationError("--year lists holidays; it does not go with a duty") }
    }

    func run() throws {
        let configuration = try CommandContext.loadConfiguration(global.config)
        let branch = try CommandContext.pickBranch(configuration, branchID: self.branch, personID: nil)
        let now = try CommandContext.resolveNow(global.now, calendar: branch.calendar)
        guard let duty else { return printHolidays(of: branch, now: now) }
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
            FileHandle.standardError.write(Data(noNoticeNote(calendar.national, years: uncovered).utf8))
        }
    }

    /// The public holidays the branch is closed on and the weekend days it works, one a line.
    private func printHolidays(of branch: Branch, now: Date) {
        let calendar = branch.calendar
        let national = calendar.national
        let today = calendar.localDate(of: now)
        let days: ClosedRange<LocalDate> =
            if let year {
                LocalDate(year: year, month: 1, day: 1)!...LocalDate(year: year, month: 12, day: 31)!
            } else {
                today...today.adding(months: 12).adding(days: -1)
            }
        Output.line(
            "\(branch.name) (\(branch.id)): calendar '\(national.id)', \(days.lowerBound) to \(days.upperBound)")
        var table = TextTable(headers: ["日期 DATE", "星期 DAY", "营业 OPEN", "事由 WHY"])
        var years: Set<Int> = []
        days.forEachDay { day in
            if let name = national.holidayName(on: day) {
                let computed = national.isComputed(year: day.year) ? " (computed, no notice yet)" : ""
                if !computed.isEmpty { years.insert(day.year) }
                table.append([
                    "\(day)", weekday(day), calendar.isBusinessDay(day) ? "open" : "closed",
                    name + computed,
                ])
            } else if national.swappedWorkdays.contains(day) {
                table.append([
                    "\(day)", weekday(day), calendar.isBusinessDay(day) ? "open" : "closed", "调休上班 swapped workday",
                ])
            } else if branch.calendar.closedDates.contains(day) || branch.calendar.openDates.contains(day) {
                table.append([
                    "\(day)", weekday(day), calendar.isBusinessDay(day) ? "open" : "closed", "branch exception",
                ])
            }
        }
        print(table.render())
        let uncovered = Set(days.lowerBound.year...days.upperBound.year).filter { !national.covers(year: $0) }.sorted()
        if !uncovered.isEmpty {
            FileHandle.standardError.write(Data(noNoticeNote(national, years: uncovered).utf8))
        }
    }

    private func noNoticeNote(_ national: NationalCalendar, years: [Int]) -> String {
        years.map { "note: \(NoticeWarning.text(calendar: national, year: $0))\n" }.joined()
    }

    private func weekday(_ date: LocalDate) -> String {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][date.weekday.index]
    }
}
