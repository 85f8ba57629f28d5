import Foundation

/// Whether a delegation may be entered or cancelled: a pure decision over the branch's
/// roster and grid, the delegations already stored and the day it is entered on.
public struct DelegationRules: Sendable {
    public let branch: Branch
    /// The role ids `--roles` may name (the catalog's roles, `grid-leader` and `self`).
    public let knownRoles: Set<String>
    /// Every delegation of the branch stored so far, cancelled ones included.
    public let existing: [Delegation]

    public init(branch: Branch, knownRoles: Set<String>, existing: [Delegation]) {
        self.branch = branch
        self.knownRoles = knownRoles
        self.existing = existing
    }

    /// What is asked: P's work to Q for `start...end`, optionally only some roles.
    public struct Request: Sendable, Equatable {
        public var from: String
        public var to: String
        public var start: LocalDate
        public var end: LocalDate
        public var roles: [String]?

        public init(from: String, to: String, start: LocalDate, end: LocalDate, roles: [String]? = nil) {
            self.from = from
            self.to = to
            self.start = start
            self.end = end
            self.roles = roles
        }
    }

    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case unknownPerson(String)
        case toOneself(String)
        case endsBeforeStart(start: LocalDate, end: LocalDate)
        case inThePast(start: LocalDate, today: LocalDate)
        case unknownRoles([String])
        case delegateNotOnRoster(person: String, start: LocalDate, end: LocalDate)
        case overlapping(id: Int64, to: String, days: ClosedRange<LocalDate>)
        case delegateAway(person: String, id: Int64, days: ClosedRange<LocalDate>)
        case holdsOthersWork(person: String, id: Int64, of: String, days: ClosedRange<LocalDate>)
        case notPermitted(person: String, from: String)
        case noSuchDelegation(Int64)
        case alreadyOver(id: Int64, lastDay: LocalDate)

        public var description: String {
            switch self {
            case .unknownPerson(let p): "'\(p)' is not on this branch's roster"
            case .toOneself(let p): "'\(p)' cannot delegate to themselves: give another colleague with --to"
            case .endsBeforeStart(let start, let end): "the range ends (\(end)) before it starts (\(start))"
            case .inThePast(let start, let today):
                "the range starts on \(start), in the past (today is \(today)); a delegation cannot cover days already gone"
            case .unknownRoles(let roles): "unknown role(s) \(roles.joined(separator: ", "))"
            case .delegateNotOnRoster(let p, let start, let end):
                "'\(p)' is not on the roster throughout \(start)..\(end)"
            case .overlapping(let id, let to, let days):
                "it overlaps delegation #\(id) to '\(to)' (\(days.lowerBound)..\(days.upperBound))"
            case .delegateAway(let p, let id, let days):
                "'\(p)' has delegated their own work away (#\(id), \(days.lowerBound)..\(days.upperBound)) and is away then"
            case .holdsOthersWork(let p, let id, let other, let days):
                "'\(p)' holds the work of '\(other)' then (#\(id), \(days.lowerBound)..\(days.upperBound)); a delegation is not passed on: cancel that one first"
            case .notPermitted(let p, let from):
                "'\(p)' may not delegate for '\(from)': only '\(from)', a supervisor up their grid or an administrator may"
            case .noSuchDelegation(let id): "no delegation #\(id)"
            case .alreadyOver(let id, let lastDay): "delegation #\(id) is already over (its last day was \(lastDay))"
            }
        }
    }

    /// Whether `enteredBy` (nil: an administrator, who is on no roster) may enter or cancel
    /// a delegation of `from`'s work: `from` himself, or a supervisor up his grid.
    public func mayManage(for from: String, enteredBy: String?) -> Bool {
        guard let enteredBy else { return true }
        return enteredBy == from || branch.supervision.chain(above: from).contains(enteredBy)
    }

    /// Nil when the delegation may be stored; else the first reason it may not.
    public func check(_ request: Request, enteredBy: String?, today: LocalDate) -> Refusal? {
        guard branch.person(request.from) != nil else { return .unknownPerson(request.from) }
        if let enteredBy, branch.person(enteredBy) == nil { return .unknownPerson(enteredBy) }
        guard mayManage(for: request.from, enteredBy: enteredBy) else {
            return .notPermitted(person: enteredBy ?? "", from: request.from)
        }
        if request.from == request.to { return .toOneself(request.from) }
        if request.end < request.start { return .endsBeforeStart(start: request.start, end: request.end) }
        if request.start < today { return .inThePast(start: request.start, today: today) }
        if let roles = request.roles {
            let unknown = roles.filter { !knownRoles.contains($0) }
            if roles.isEmpty || !unknown.isEmpty { return .unknownRoles(unknown) }
        }
        let range = request.start...request.end
        // On the roster every day of the range: joined by its start, not leaving before its end.
        guard let delegate = branch.person(request.to), delegate.isActive(on: request.start),
            delegate.isActive(on: request.end)
        else { return .delegateNotOnRoster(person: request.to, start: request.start, end: request.end) }
        if let clash = existing.first(where: { $0.from == request.from && $0.overlaps(range) }), let days = clash.days {
            return .overlapping(id: clash.id, to: clash.to, days: days)
        }
        if let away = existing.first(where: { $0.from == request.to && $0.overlaps(range) }), let days = away.days {
            return .delegateAway(person: request.to, id: away.id, days: days)
        }
        // Work held for someone is not passed on: it would reach a third person nobody chose.
        if let held = existing.first(where: { $0.to == request.from && $0.overlaps(range) }), let days = held.days {
            return .holdsOthersWork(person: request.from, id: held.id, of: held.from, days: days)
        }
        return nil
    }

    /// Nil when delegation `id` may be cancelled today: it ends in force from today on.
    public func checkCancel(_ id: Int64, enteredBy: String?, today: LocalDate) -> Refusal? {
        guard let found = existing.first(where: { $0.id == id }) else { return .noSuchDelegation(id) }
        if let enteredBy, branch.person(enteredBy) == nil { return .unknownPerson(enteredBy) }
        guard mayManage(for: found.from, enteredBy: enteredBy) else {
            return .notPermitted(person: enteredBy ?? "", from: found.from)
        }
        if found.lastDay < today { return .alreadyOver(id: id, lastDay: found.lastDay) }
        return nil
    }
}
