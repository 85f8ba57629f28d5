import Foundation

/// The alerts an open occurrence calls for over its life, in order: the reminder, the
/// overdue alert at the deadline, each escalation step at the opening of the Nth business
/// day after the deadline day, then a repeat every `nag` business days.
///
/// The daemon raises only the latest alert due at each pass, and only if it comes after
/// every alert already raised for the occurrence. That one rule gives: nothing twice after a
/// restart, one alert per occurrence (not one per missed repeat) after downtime, and no
/// step raised again when the wall clock is set back.
public struct AlertSchedule: Sendable {
    public let policy: EscalationPolicy
    public let calendar: BusinessCalendar
    /// Who hears of the overdue alert: the owner, or the steps due at once.
    private let overdueTargets: [EscalationPolicy.Target]
    /// The steps after the deadline day, in order, each told its people once.
    private let laterSteps: [EscalationPolicy.Step]
    /// False when the repeats are folded into digests: the ladder then ends at its last step.
    public let repeats: Bool

    /// Repeats are bounded: ten years of business days is far past any use.
    private static let nagLimit = 2600

    public init(policy: EscalationPolicy, calendar: BusinessCalendar, repeats: Bool = true) {
        self.policy = policy
        self.repeats = repeats
        self.calendar = calendar
        // The daemon makes a schedule per occurrence at every pass: kept to a loop, no hashing.
        var immediate: [EscalationPolicy.Target] = []
        var later: [EscalationPolicy.Step] = []
        for step in policy.steps {
            if step.afterBusinessDays == 0 {
                immediate += step.targets
            } else if step.afterBusinessDays > 0 {
                later.append(
                    EscalationPolicy.Step(afterBusinessDays: step.afterBusinessDays, targets: Self.unique(step.targets))
                )
            }
        }
        self.overdueTargets = immediate.isEmpty ? [.owner] : Self.unique(immediate)
        self.laterSteps = later
    }

    /// The most recent alert due at `now`, nil before the reminder or once closed.
    public func latestDue(for occurrence: Occurrence, at now: Date) -> AlertInstance? {
        alerts(for: occurrence, at: now).latestDue
    }

    /// The first alert due strictly after `now`: when the daemon must next look at it.
    public func next(for occurrence: Occurrence, after now: Date) -> AlertInstance? {
        alerts(for: occurrence, at: now).next
    }

    /// Both of the above at once, for a caller that wants both: they are read off the same
    /// place in the sequence.
    ///
    /// The sequence is taken in order up to its first alert due after `now`: that alert is
    /// `next`, the one before it `latestDue`. The reminder, the overdue alert and the steps are
    /// a handful; the repeats are endless, so the one reached is computed, not walked to.
    public func alerts(for occurrence: Occurrence, at now: Date) -> (latestDue: AlertInstance?, next: AlertInstance?) {
        guard occurrence.state == .open else { return (nil, nil) }
        var latest: AlertInstance?
        if occurrence.remindAt < occurrence.deadline {
            let reminder = AlertInstance(
                kind: .reminder, level: 0, day: calendar.localDate(of: occurrence.remindAt),
                dueAt: occurrence.remindAt, targets: [.owner])
            guard reminder.dueAt <= now else { return (nil, reminder) }
            latest = reminder
        }
        let deadlineDay = calendar.localDate(of: occurrence.deadline)
        let overdue = AlertInstance(
            kind: .overdue, level: 0, day: deadlineDay, dueAt: occurrence.deadline, targets: overdueTargets)
        guard overdue.dueAt <= now else { return (latest, overdue) }
        latest = overdue
        var lastDay = deadlineDay
        var lastTargets = overdueTargets
        for index in laterSteps.indices {
            let step = laterSteps[index]
            guard let day = calendar.businessDay(after: deadlineDay, count: step.afterBusinessDays) else {
                return (latest, nil)
            }
            lastDay = day
            lastTargets = step.targets
            let escalation = AlertInstance(
                kind: .escalation, level: index + 1, day: day, dueAt: calendar.opening(on: day), targets: step.targets)
            guard escalation.dueAt <= now else { return (latest, escalation) }
            latest = escalation
        }
        guard repeats, policy.nagEveryBusinessDays > 0 else { return (latest, nil) }
        let (lastRepeat, nextRepeat) = repeats(after: lastDay, targets: lastTargets, around: now)
        return (lastRepeat ?? latest, nextRepeat)
    }

    /// Business days between the deadline day and `now`'s day: how late it is.
    public func businessDaysOverdue(_ occurrence: Occurrence, at now: Date) -> Int {
        guard now >= occurrence.deadline else { return 0 }
        return calendar.businessDaysBetween(calendar.localDate(of: occurrence.deadline), calendar.localDate(of: now))
    }

    /// Targets in order, each once: there are four kinds at most, so a scan beats hashing.
    private static func unique(_ targets: [EscalationPolicy.Target]) -> [EscalationPolicy.Target] {
        var result: [EscalationPolicy.Target] = []
        result.reserveCapacity(targets.count)
        for target in targets where !result.contains(target) { result.append(target) }
        return result
    }

    // MARK: - Repeats

    /// Repeat `k` after the last step, which fell on `lastDay`: on the business day
    /// `k × every` business days after it. Counting `every` business days `k` times lands
    /// where counting `k × every` at once does, and fails (a calendar closed for ten years)
    /// exactly when one of the `k` counts would.
    private func repeatInstance(
        _ k: Int, after lastDay: LocalDate, targets: [EscalationPolicy.Target]
    ) -> AlertInstance? {
        let (count, overflow) = k.multipliedReportingOverflow(by: policy.nagEveryBusinessDays)
        guard !overflow, let day = calendar.businessDay(after: lastDay, count: count) else { return nil }
        return AlertInstance(
            kind: .nag, level: laterSteps.count, day: day, dueAt: calendar.opening(on: day), targets: targets)
    }

    /// The last repeat due at `now` and the first due after it.
    ///
    /// Whether repeat `k` exists and is due at `now` holds up to some `k` and never after:
    /// repeats end only together, and their days are in order, so are their openings (in
    /// every zone whose clocks never went back a whole day). So the answer is where that turns
    /// false, found by bisection, first probed where the business days elapsed since the last
    /// step put it; that probe is nearly always right.
    private func repeats(
        after lastDay: LocalDate, targets: [EscalationPolicy.Target], around now: Date
    ) -> (AlertInstance?, AlertInstance?) {
        var due = 0
        var dueRepeat: AlertInstance?
        var notDue = Self.nagLimit + 1
        var notDueRepeat: AlertInstance?
        func probe(_ k: Int) {
            let found = repeatInstance(k, after: lastDay, targets: targets)
            if let found, found.dueAt <= now {
                due = k
                dueRepeat = found
            } else {
                notDue = k
                notDueRepeat = found
            }
        }
        let elapsed = calendar.businessDaysBetween(lastDay, calendar.localDate(of: now))
        let guess = min(elapsed / policy.nagEveryBusinessDays, Self.nagLimit)
        if guess > due { probe(guess) }
        if due == guess {
            if guess + 1 < notDue { probe(guess + 1) }
        } else if guess - 1 > due {
            probe(guess - 1)
        }
        while notDue - due > 1 { probe(due + (notDue - due) / 2) }
        return (dueRepeat, notDue <= Self.nagLimit ? notDueRepeat : nil)
    }
}
