import Foundation
import GridCore

/// `AlertSchedule` as it was before its closed form: it walks the alert sequence one alert
/// at a time, on the walking calendar. Copied from it unchanged, as the reference.
struct WalkingAlertSchedule {
    let policy: EscalationPolicy
    let calendar: WalkingCalendar

    func latestDue(for occurrence: Occurrence, at now: Date) -> AlertInstance? {
        guard occurrence.state == .open else { return nil }
        var latest: AlertInstance?
        walk(occurrence) { instance in
            guard instance.dueAt <= now else { return false }
            latest = instance
            return true
        }
        return latest
    }

    func next(for occurrence: Occurrence, after now: Date) -> AlertInstance? {
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

    /// The sequence up to and including its first alert due after `limit` (all of it if it
    /// ends first), so that many instants up to `limit` are answered with one walk.
    func prefix(for occurrence: Occurrence, through limit: Date) -> [AlertInstance] {
        var instances: [AlertInstance] = []
        walk(occurrence) { instance in
            instances.append(instance)
            return instance.dueAt <= limit
        }
        return instances
    }

    /// `latestDue` and `next` read off a prefix as the walk reads them: up to the first alert
    /// due after `now`. `now` must not be after the prefix's limit.
    static func alerts(in prefix: [AlertInstance], at now: Date) -> (latestDue: AlertInstance?, next: AlertInstance?) {
        var latest: AlertInstance?
        for instance in prefix {
            if instance.dueAt > now { return (latest, instance) }
            latest = instance
        }
        return (latest, nil)
    }

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
