import Foundation

/// Decides, for one open occurrence at one instant, which alert is due and whom it reaches:
/// a pure function of (occurrence, catalog, branch, the latest alert already raised, now).
/// The daemon only executes what it returns — stores the alert, logs it, schedules the next
/// look — so every rule here is testable without a database or a clock.
public struct AlertDecider: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// The decision about `occurrence` at `now`, given the due time of the latest alert
    /// already raised about it (nil: none yet). `delegations` are the branch's delegations: an
    /// alert aimed at someone whose work is delegated that day also reaches the delegate.
    public func decide(
        _ occurrence: Occurrence, lastAlertDueAt: Date?, branch: Branch, now: Date, delegations: [Delegation] = []
    ) -> AlertDecision {
        guard let duty = catalog.duty(occurrence.key.duty), catalog.isActive(duty) else {
            // A duty removed from the catalog or switched off raises nothing more.
            return AlertDecision(
                occurrenceID: occurrence.id, instance: nil, targets: [], businessDaysOverdue: 0, nextAlertAt: nil)
        }
        // Repeats folded into digests are never scheduled: after its last step an item is not
        // looked at again by the alerts, only listed in the day's digests.
        let schedule = AlertSchedule(
            policy: duty.escalation ?? catalog.escalation, calendar: branch.calendar,
            repeats: !catalog.digest.foldsNags)
        let due = schedule.alerts(for: occurrence, at: now)
        var instance = due.latestDue
        // Already raised, or a later one was: an alert is raised exactly once.
        if let found = instance, let lastAlertDueAt, found.dueAt <= lastAlertDueAt { instance = nil }
        let today = branch.calendar.localDate(of: now)
        let targets = instance.map {
            DelegationEffect(delegations).targets(
                withConfirmers(
                    people(for: $0.targets, occurrence: occurrence, branch: branch, now: now), duty: duty,
                    occurrence: occurrence, branch: branch, on: today),
                ownerRole: occurrence.ownerRole, on: today)
        }
        return AlertDecision(
            occurrenceID: occurrence.id, instance: instance, targets: targets ?? [],
            businessDaysOverdue: schedule.businessDaysOverdue(occurrence, at: now), nextAlertAt: due.next?.dueAt)
    }

    /// A two-person check whose record waits only for the second person is stuck with them,
    /// not with the owner who recorded it: its alerts also reach every holder of a role that
    /// may confirm it, right after the owner (not the owner again, nor the item's subject).
    func withConfirmers(
        _ people: [String], duty: Duty, occurrence: Occurrence, branch: Branch, on date: LocalDate
    ) -> [String] {
        guard occurrence.awaitsConfirmation, let roles = duty.confirmation?.roles else { return people }
        let subject = occurrence.scope.isPerPerson ? occurrence.key.subject : nil
        let confirmers = roles.flatMap { branch.holders(of: $0, on: date).map(\.id) }
            .filter { $0 != occurrence.owner && $0 != subject }
        var result = Array(people.prefix(1))
        for person in confirmers + people.dropFirst() where !result.contains(person) { result.append(person) }
        return result
    }

    /// People for escalation targets, owner first, without repeats. A vacant owner's alerts
    /// go to the line owner and the head of the branch from the start: someone must assign
    /// it. The head is the holder of the catalog's head role (`policy.yaml`'s `head-role`),
    /// else the branch grid's leader.
    public func people(
        for targets: [EscalationPolicy.Target], occurrence: Occurrence, branch: Branch, now: Date
    ) -> [String] {
        let today = branch.calendar.localDate(of: now)
        let line = catalog.lines[occurrence.line]
        var wanted = targets
        if occurrence.owner == nil { wanted += [.lineOwner, .branchHead] }
        var people: [String] = []
        for target in wanted {
            let person: String? =
                switch target {
                case .owner: occurrence.owner
                case .gridLeader: occurrence.owner.flatMap { branch.supervision.supervisor(of: $0) }
                case .lineOwner: line.flatMap { branch.holder(of: $0.ownerRole, on: today)?.id }
                case .branchHead: branch.holder(of: catalog.headRole, on: today)?.id ?? branch.topGridLeader
                }
            if let person, !people.contains(person) { people.append(person) }
        }
        return people
    }
}
