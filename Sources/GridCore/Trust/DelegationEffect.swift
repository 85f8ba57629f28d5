import Foundation

/// What the delegations in force mean for items and alerts: a pure function of the
/// delegations passed in and the day asked about.
public struct DelegationEffect: Sendable {
    public let delegations: [Delegation]

    public init(_ delegations: [Delegation]) {
        self.delegations = delegations
    }

    /// Who receives `person`'s items and alerts about an item owned under `ownerRole` on `date`.
    public func delegates(of person: String, ownerRole: String, on date: LocalDate) -> [String] {
        delegations.filter { $0.from == person && $0.isActive(on: date) && $0.covers(ownerRole: ownerRole) }
            .map(\.to)
    }

    /// Whose work `person` holds on `date`: the delegations to them in force.
    public func heldBy(_ person: String, on date: LocalDate) -> [Delegation] {
        delegations.filter { $0.to == person && $0.isActive(on: date) }
    }

    /// An alert's people with each one's delegates after them, without repeats: a reminder
    /// or escalation aimed at someone away reaches whoever holds their work.
    public func targets(_ people: [String], ownerRole: String, on date: LocalDate) -> [String] {
        var result: [String] = []
        for person in people {
            for id in [person] + delegates(of: person, ownerRole: ownerRole, on: date) where !result.contains(id) {
                result.append(id)
            }
        }
        return result
    }

    /// For whom `actor` may act on an item whose owner holds `ownerRole`: the first of the
    /// people whose work they hold on `date` for whom `permits` says the act is allowed.
    /// Nil when the item is about `actor` himself (nobody checks on himself) or none permits.
    public func principal(
        for actor: String, item: Occurrence, on date: LocalDate, permits: (String) -> Bool
    ) -> String? {
        if item.scope.isPerPerson, item.key.subject == actor, item.ownerRole != "self" { return nil }
        return heldBy(actor, on: date).first { $0.covers(ownerRole: item.ownerRole) && permits($0.from) }?.from
    }
}
