import Foundation

/// A check the rules require two people for (双人): seals and blank vouchers, vault and
/// cash reconciliation (账实核对), cash boxes and drawers. One person records it; a second,
/// holding one of `roles`, confirms it, and only then is the item closed.
public struct SecondPerson: Hashable, Sendable {
    /// The roles (from roles.yaml) whose holders may confirm.
    public let roles: [String]

    public init(roles: [String]) {
        self.roles = roles
    }

    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        case notAwaiting(id: Int64, status: OccurrenceStatus)
        case unknownPerson(String)
        case notOnRoster(String)
        case recorder(person: String)
        case subject(person: String)
        case lacksRole(person: String, roles: [String])

        public var description: String {
            switch self {
            case .notAwaiting(let id, let status):
                "#\(id) is not awaiting confirmation: it is \(status.rawValue); only a two-person check whose completions are all recorded is confirmed"
            case .unknownPerson(let p): "'\(p)' is not on this branch's roster"
            case .notOnRoster(let p): "'\(p)' is no longer on this branch's roster"
            case .recorder(let p):
                "'\(p)' recorded this check and may not confirm it: a two-person check needs a second person"
            case .subject(let p): "'\(p)' may not confirm this item: it is about '\(p)'"
            case .lacksRole(let p, let roles):
                "'\(p)' may not confirm this check: only a holder of \(roles.joined(separator: " or ")) may"
            }
        }
    }

    /// Whether `person` may confirm `item`, recorded by `recorders` (every completion's
    /// performer and whoever entered it), on `date`: a different staff member than any of
    /// them and than the item's subject, on the roster and holding one of the roles.
    public func check(
        confirmer person: String, of item: Occurrence, recorders: Set<String>, branch: Branch, on date: LocalDate,
        at now: Date
    ) -> Refusal? {
        guard item.awaitsConfirmation else { return .notAwaiting(id: item.id, status: item.status(at: now)) }
        guard let staff = branch.person(person) else { return .unknownPerson(person) }
        guard staff.isActive(on: date) else { return .notOnRoster(person) }
        if recorders.contains(person) { return .recorder(person: person) }
        if item.scope.isPerPerson && item.key.subject == person { return .subject(person: person) }
        guard staff.roles.contains(where: roles.contains) else { return .lacksRole(person: person, roles: roles) }
        return nil
    }
}
