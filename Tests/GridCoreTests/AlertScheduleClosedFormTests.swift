import Foundation
import GridCore
import GridTestKit
import Testing

/// The alert schedule computed in closed form against the walk it replaced, over generated
/// occurrences and instants: the same alert due and the same next alert, every time.
@Suite("AlertSchedule against the walk")
struct AlertScheduleClosedFormTests {
    static let policies: [(name: String, policy: EscalationPolicy)] = [
        ("standard", .standard),
        (
            "no repeats",
            EscalationPolicy(
                steps: [
                    .init(afterBusinessDays: 2, targets: [.gridLeader, .gridLeader]),
                    .init(afterBusinessDays: 5, targets: [.branchHead]),
                ], nagEveryBusinessDays: 0)
        ),
        (
            "repeats every 2, steps at 0 and twice at 1",
            EscalationPolicy(
                steps: [
                    .init(afterBusinessDays: 0, targets: [.gridLeader, .owner, .gridLeader]),
                    .init(afterBusinessDays: 1, targets: [.lineOwner]),
                    .init(afterBusinessDays: 1, targets: [.owner, .branchHead, .owner]),
                    .init(afterBusinessDays: 4, targets: [.branchHead]),
                ], nagEveryBusinessDays: 2)
        ),
        (
            "steps at 0 only, repeats every 3",
            EscalationPolicy(
                steps: [.init(afterBusinessDays: 0, targets: [.owner, .gridLeader])], nagEveryBusinessDays: 3)
        ),
        ("no steps, daily repeats", EscalationPolicy(steps: [], nagEveryBusinessDays: 1)),
        (
            "a negative step, repeats every 20",
            EscalationPolicy(
                steps: [
                    .init(afterBusinessDays: -1, targets: [.branchHead]),
                    .init(afterBusinessDays: 1, targets: [.owner]),
                ], nagEveryBusinessDays: 20)
        ),
    ]

    /// Times of day a deadline falls at: midnight, the fixtures' opening, closing, the last
    /// second, and any.
    private static let deadlineTimes = [0, 8 * 3600 + 1800, 17 * 3600, 86_399]

    @Test("the latest alert due and the next one are the walk's", arguments: CalendarCase.allCases)
    func againstWalk(calendarCase: CalendarCase) {
        let calendar = calendarCase.calendar
        let walkingCalendar = WalkingCalendar(calendar: calendar)
        var random = SplitMix64(seed: UInt64(CalendarCase.allCases.firstIndex(of: calendarCase)!) + 100)
        var wrong: [String] = []
        var compared = 0
        let firstDeadline = Fixtures.date("2023-10-01").dayNumber
        let lastDeadline = Fixtures.date("2028-03-31").dayNumber

        for (name, policy) in Self.policies {
            let schedule = AlertSchedule(policy: policy, calendar: calendar)
            let walking = WalkingAlertSchedule(policy: policy, calendar: walkingCalendar)
            // A calendar too wide to index walks at every probe: a few occurrences suffice.
            for n in 0..<(calendarCase == .tooWideToIndex ? 3 : 10) {
                // Given an occurrence due at some time of some day, reminded before, at or after
                let deadlineDay = LocalDate(dayNumber: Int.random(in: firstDeadline...lastDeadline, using: &random))
                let time = Self.deadlineTimes.randomElement(using: &random)!
                let seconds = n % 5 == 4 ? Int.random(in: 0..<86_400, using: &random) : time
                let deadline = walkingCalendar.instant(deadlineDay, secondsSinceMidnight: seconds)
                let lead = [0, 1, 3600, 86_400, 3 * 86_400, 6 * 86_400 + 1234, -3600].randomElement(using: &random)!
                let occurrence = Fixtures.occurrence(
                    owner: Fixtures.f, remindAt: deadline.addingTimeInterval(TimeInterval(-lead)), deadline: deadline)

                // And the walk's sequence, up to two years after the deadline (or twelve, past
                // the 2,600 repeats, for some)
                let years = n == 3 ? 12.0 : 2.0
                let limit = deadline.addingTimeInterval(years * 365.25 * 86_400)
                let sequence = walking.prefix(for: occurrence, through: limit)

                // When it is asked about instants before the reminder, at and around every
                // alert of the start of the sequence, at openings and anywhere up to the limit
                var instants = [occurrence.remindAt.addingTimeInterval(-86_400), limit]
                for instance in sequence.prefix(14) + sequence.suffix(2) {
                    instants += [-1, 0, 0.5, 1].map { instance.dueAt.addingTimeInterval($0) }
                }
                for _ in 0..<12 {
                    let day = deadlineDay.adding(days: Int.random(in: -3...Int(years * 365), using: &random))
                    instants.append(walkingCalendar.opening(on: day))
                    instants.append(walkingCalendar.opening(on: day).addingTimeInterval(-1))
                    let offset = Double.random(in: -86_400...(years * 365.25 * 86_400), using: &random)
                    instants.append(deadline.addingTimeInterval(offset.rounded()))
                }

                // Then the closed form answers as the walk does
                for now in instants where now <= limit {
                    let expected = WalkingAlertSchedule.alerts(in: sequence, at: now)
                    let latest = schedule.latestDue(for: occurrence, at: now)
                    let next = schedule.next(for: occurrence, after: now)
                    let both = schedule.alerts(for: occurrence, at: now)
                    compared += 1
                    if latest != expected.latestDue || next != expected.next || both.latestDue != latest
                        || both.next != next, wrong.count < 10
                    {
                        wrong.append(
                            "\(name), deadline \(deadline), reminder \(occurrence.remindAt), at \(now): "
                                + "\(describe(latest)) then \(describe(next)), "
                                + "walk \(describe(expected.latestDue)) then \(describe(expected.next))")
                    }
                }

                // And the reading of the walk's prefix is the walk's own, checked at a few instants
                for now in [instants[0], instants[2], instants[5], instants[instants.count / 2]] where now <= limit {
                    let expected = WalkingAlertSchedule.alerts(in: sequence, at: now)
                    if walking.latestDue(for: occurrence, at: now) != expected.latestDue
                        || walking.next(for: occurrence, after: now) != expected.next
                    {
                        wrong.append("the reference misreads its prefix at \(now)")
                    }
                }
            }
        }

        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        #expect(compared > (calendarCase == .tooWideToIndex ? 1000 : 3000))
    }

    @Test("a repeat daily for twelve years ends after 2,600 repeats, as the walk did")
    func repeatBound() throws {
        let calendar = Fixtures.businessCalendar()
        let schedule = AlertSchedule(policy: .standard, calendar: calendar)
        let occurrence = Fixtures.occurrence(owner: Fixtures.f)
        let walking = WalkingAlertSchedule(policy: .standard, calendar: WalkingCalendar(calendar: calendar))
        let later = occurrence.deadline.addingTimeInterval(12 * 365.25 * 86_400)

        let latest = try #require(schedule.latestDue(for: occurrence, at: later))
        #expect(latest == walking.latestDue(for: occurrence, at: later))
        #expect(latest.kind == .nag)
        #expect(calendar.businessDaysBetween(Fixtures.date("2026-12-03"), latest.day) == 2600)
        #expect(schedule.next(for: occurrence, after: later) == nil)
        #expect(schedule.next(for: occurrence, after: latest.dueAt.addingTimeInterval(-1)) == latest)
    }

    @Test("a calendar closed for twenty years stops the sequence where a search gives up")
    func closedCalendar() {
        // Given a branch closed from 2026 to 2045, and an item due at the end of 2025
        let calendar = CalendarCase.closedTwentyYears.calendar
        let schedule = AlertSchedule(policy: .standard, calendar: calendar)
        let occurrence = Fixtures.occurrence(
            owner: Fixtures.f, remindAt: Fixtures.instant("2025-12-24T09:00:00+08:00"),
            deadline: Fixtures.instant("2025-12-30T17:00:00+08:00"))

        // Then the first step comes on the last business day, 31 December, and nothing after it
        let later = Fixtures.instant("2030-01-01T00:00:00+08:00")
        #expect(schedule.latestDue(for: occurrence, at: later)?.day == Fixtures.date("2025-12-31"))
        #expect(schedule.latestDue(for: occurrence, at: later)?.kind == .escalation)
        #expect(schedule.next(for: occurrence, after: later) == nil)
    }

    private func describe(_ instance: AlertInstance?) -> String {
        guard let instance else { return "none" }
        return
            "\(instance.kind) \(instance.level) \(instance.day) "
            + "\(instance.dueAt.timeIntervalSince1970) \(instance.targets)"
    }
}
