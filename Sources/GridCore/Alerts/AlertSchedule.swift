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

    public init(policy: EscalationPolicy, calendar: BusinessCalendar) {
        self.policy = policy
        self.calendar = calendar
    }

    /// The most recent alert due at `now`, nil before the reminder or once closed.
    public func latestDue(for occurrence: Occurrence, at now: Date) -> AlertInstance? {
        guard occurrence.state == .open else { return nil }
        var latest: AlertInstance?
        walk(occurrence) { instance in
            guard instance.dueAt <= now else { return false }
            latest = instance
            return true
        }
        return latest
    }

    /// The first alert due strictly after `now`: when the daemon must next look at it.
    public func next(for occurrence: Occurrence, after now: Date) -> AlertInstance? {
        guard occurrence.state == .open else { return nil }
        var found: AlertInstance?
        walk(occurrence) { instance in
            if instance.dueAt > now {
                found = instance
                return false
            }
            return true
        }
        return found
    }

    /// Business days between the deadline day and `now`'s day: how late it is.
    public func businessDaysOverdue(_ occurrence: Occurrence, at now: Date) -> Int {
        guard now >= occurrence.deadline else { return 0 }
        return calendar.businessDaysBetween(calendar.localDate(of: occurrence.deadline), calendar.localDate(of: now))
    }

    /// Calls `body` with each instance in order until it returns false. Nags are endless,
    /// so the walk must be stopped by the caller.
    private func walk(_ occurrence: Occurrence, _ body: (AlertInstance) -> Bool) {
        let remindDay = calendar.localDate(of: occurrence.remindAt)
        if occurrence.remindAt < occurrence.deadline {
            let reminder = AlertInstance(
                kind: .reminder, level: 0, day: remindDay, dueAt: occurrence.remindAt, targets: [.owner])
            guard body(reminder) else { return }
        }
        let deadlineDay = calendar.localDate(of: occurrence.deadline)
        let immediate = policy.steps.filter { $0.afterBusinessDays == 0 }.flatMap(\.targets)
        let overdue = AlertInstance(
            kind: .overdue, level: 0, day: deadlineDay, dueAt: occurrence.deadline,
            targets: immediate.isEmpty ? [.owner] : unique(immediate))
        guard body(overdue) else { return }
        let later = policy.steps.filter { $0.afterBusinessDays > 0 }
        var lastDay = deadlineDay
        var lastTargets = overdue.targets
        for (index, step) in later.enumerated() {
            guard let day = calendar.businessDay(after: deadlineDay, count: step.afterBusinessDays) else { return }
            lastDay = day
            lastTargets = unique(step.targets)
            let instance = AlertInstance(
                kind: .escalation, level: index + 1, day: day, dueAt: calendar.opening(on: day), targets: lastTargets)
            guard body(instance) else { return }
        }
        guard policy.nagEveryBusinessDays > 0 else { return }
        let level = later.count
        // Bounded: ten years of business days is far past any use.
        for _ in 0..<2600 {
            guard let day = calendar.businessDay(after: lastDay, count: policy.nagEveryBusinessDays) else { return }
            lastDay = day
            let instance = AlertInstance(
                kind: .nag, level: level, day: day, dueAt: calendar.opening(on: day), targets: lastTargets)
            guard body(instance) else { return }
        }
    }

    private func unique(_ targets: [EscalationPolicy.Target]) -> [EscalationPolicy.Target] {
        var seen: Set<EscalationPolicy.Target> = []
        return targets.filter { seen.insert($0).inserted }
    }
}
