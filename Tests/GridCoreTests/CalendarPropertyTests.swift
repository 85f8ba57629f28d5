import Foundation
import GridCore
import PropertyBased
import Testing

/// Random dates and counts, extreme ones included, through every business-calendar question
/// and the alert schedule: nothing traps, every answer is a supported date, and inside the
/// configurable ranges every answer exists and lies the right way. A fixed number of inputs
/// per run keeps it to a second or two; a failure prints the seed that reproduces it.
@Suite("The business calendar on random dates and counts")
struct CalendarPropertyTests {
    /// Day numbers of every magnitude: the years files name, the supported range's edges,
    /// and the extremes of `Int`.
    static let dayNumbers = Gen.oneOf(
        Gen.int(in: -25_567...376_000),  // 1900 to 2999
        Gen.int(in: LocalDate.supportedDayNumbers),
        Gen.int(),
        Gen.element(of: [Int.min, Int.max, Int.min + 1, Int.max - 1, -1_000_000_001, 1_000_000_001]).map { $0! })

    /// Counts of every magnitude, negative ones included.
    static let counts = Gen.oneOf(
        Gen.int(in: 0...520), Gen.int(in: -10...5_000), Gen.int(),
        Gen.element(of: [Int.min, Int.max, 10_000_000_000_000_000, 1_000_000_000_000_000]).map { $0! })

    static let calendars = Gen.element(of: CalendarCase.allCases.filter { $0 != .tooWideToIndex }).map { $0! }

    @Test("no date and no count traps a calendar question, and every date answered is a supported one")
    func noTrap() async {
        await propertyCheck(count: 400, input: Self.calendars, Self.dayNumbers, Self.counts) {
            calendarCase, day, count in
            let calendar = calendarCase.calendar
            let date = LocalDate(dayNumber: day)
            let answers = [
                calendar.businessDay(after: date, count: count), calendar.businessDay(before: date, count: count),
                calendar.nextBusinessDay(after: date), calendar.previousBusinessDay(before: date),
            ]
            for answer in answers.compactMap({ $0 }) { #expect(answer.isSupported, "\(answer.dayNumber)") }
            _ = calendar.isBusinessDay(date)
            _ = calendar.businessDaysBetween(date, date.adding(days: count))
            _ = calendar.opening(on: date)
            _ = calendar.localDate(of: calendar.closing(on: date))
            let week = date.adding(days: count)...date.adding(days: count).adding(days: 6)
            _ = calendar.firstBusinessDay(in: week)
            _ = calendar.lastBusinessDay(in: week)
            _ = calendar.businessDay(count, in: week)
            _ = date.adding(months: count)
        }
    }

    @Test("inside the configurable ranges a count of business days always has an answer, on or after the date")
    func answersInRange() async {
        await propertyCheck(
            count: 400, input: Gen.int(in: -25_567...376_000), Gen.int(in: 0...520), Gen.int(in: 0...2)
        ) { day, count, which in
            let calendar = [CalendarCase.mondayToFriday, .mondayToSaturday, .ownDates][which].calendar
            let date = LocalDate(dayNumber: day)
            let after = calendar.businessDay(after: date, count: count)
            let before = calendar.businessDay(before: date, count: count)
            #expect(after.map { $0 >= date && calendar.isBusinessDay($0) } == true)
            #expect(before.map { $0 <= date } == true)
            // Counted from the date itself when it is a business day, else from the next one.
            if let after {
                #expect(calendar.businessDaysBetween(date, after) == count + (calendar.isBusinessDay(date) ? 0 : 1))
            }
        }
    }

    @Test("an escalation ladder of any counts, built in code past validation, never traps the alert schedule")
    func alertScheduleNoTrap() async {
        await propertyCheck(
            count: 300, input: Self.counts, Self.counts, Gen.int(in: -25_567...376_000), Gen.int(in: 0...4_000)
        ) { after, nag, deadlineDay, daysLater in
            let calendar = CalendarCase.mondayToFriday.calendar
            let policy = EscalationPolicy(
                steps: [
                    .init(afterBusinessDays: 0, targets: [.owner]),
                    .init(afterBusinessDays: after, targets: [.branchHead]),
                ],
                nagEveryBusinessDays: nag)
            let schedule = AlertSchedule(policy: policy, calendar: calendar)
            let deadline = calendar.closing(on: LocalDate(dayNumber: deadlineDay))
            let occurrence = Occurrence(
                id: 1, key: OccurrenceKey(branch: "b", duty: "d", subject: "b", period: "p"), line: "l",
                cadence: .monthly, scope: .branch, owner: "o", ownerRole: "r",
                periodStart: deadline.addingTimeInterval(-86_400 * 30), remindAt: deadline.addingTimeInterval(-86_400),
                deadline: deadline, quota: 1, doneCount: 0, state: .open, closedAt: nil, late: false)
            let now = deadline.addingTimeInterval(Double(daysLater) * 86_400)
            let (latest, next) = schedule.alerts(for: occurrence, at: now)
            if let latest { #expect(latest.dueAt <= now) }
            if let next { #expect(next.dueAt > now) }
            _ = schedule.businessDaysOverdue(occurrence, at: now)
        }
    }

    @Test("no period key, as the command line or the database gives it, traps: a key of any numbers is a period or nil")
    func periodKeysNoTrap() async {
        let numbers = Gen.oneOf(
            Gen.int(in: -3...3_000), Gen.int(),
            Gen.element(of: [Int.min, Int.max, 3_000_000, 3_000_001, -3_000_001]).map { $0! })
        await propertyCheck(count: 300, input: numbers, numbers) { a, b in
            let keys = ["\(a)-\(b)", "\(a)-W\(b)", "\(a)-Q\(b)", "\(a)-H\(b)", "\(a)", "\(a)-\(b)-01"]
            for cadence in Cadence.allCases {
                for key in keys {
                    if let period = cadence.period(key: key) {
                        #expect(!period.key.isEmpty && !period.days.upperBound.description.isEmpty, "\(key)")
                    }
                }
            }
        }
    }
}
