import Foundation

/// Who may complete or waive an occurrence. A completion is the owner's word that the check
/// was performed, so only the owner may give it — or a supervisor up the owner's grid, who
/// must then say why in a note. Waiving cancels a duty, so only a supervisor may do it.
public struct Permissions: Sendable {
    public let branch: Branch
    public let lineOwnerRole: String?

    public init(branch: Branch, lineOwnerRole: String?) {
        self.branch = branch
        self.lineOwnerRole = lineOwnerRole
    }

    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        case unknownPerson(String)
        case notOnRoster(String)
        case notOwner(person: String, owner: String?)
        case supervisorNeedsNote(person: String, owner: String)
        case notSupervisor(person: String, owner: String?)
        case ownSubject(person: String)
        case reasonRequired

        public var description: String {
            switch self {
            case .unknownPerson(let p): "'\(p)' is not on this branch's roster"
            case .notOnRoster(let p): "'\(p)' is no longer on this branch's roster"
            case .notOwner(let p, let o):
                "'\(p)' may not complete this item: it is owed by \(o ?? "nobody (the role is vacant)"); only the owner, or a supervisor of the owner with --note, may complete it"
            case .supervisorNeedsNote(let p, let o):
                "'\(p)' supervises '\(o)' and may complete this item on their behalf only with --note saying why"
            case .notSupervisor(let p, let o):
                "'\(p)' may not waive this item: only a supervisor of \(o ?? "the vacant owner"), the line owner or the branch head may"
            case .ownSubject(let p):
                "'\(p)' may not record or waive this item: it is about '\(p)', and nobody checks on themselves"
            case .reasonRequired: "a waiver needs --reason"
            }
        }
    }

    /// People who may act for the owner: the grid chain above them, the line owner and the
    /// branch grid leader (who also answer for a vacant post).
    public func supervisors(ofOwner owner: String?, on date: LocalDate) -> [String] {
        var result: [String] = []
        if let owner { result += branch.supervision.chain(above: owner) }
        if let lineOwnerRole, let holder = branch.holder(of: lineOwnerRole, on: date)?.id { result.append(holder) }
        if let top = branch.topGridLeader { result.append(top) }
        return result.filter { $0 != owner }
    }

    /// Whether `person` is whom a per-person item is about, and it is not his own by the
    /// catalog (`owner: self`): the branch head may not record the talk about himself that
    /// passed to the discipline inspector, though he supervises her.
    private func isOwnSubject(_ person: String, of occurrence: Occurrence) -> Bool {
        occurrence.scope.isPerPerson && occurrence.key.subject == person && occurrence.ownerRole != "self"
    }

    public func checkCompletion(by person: String, of occurrence: Occurrence, note: String?, on date: LocalDate)
        -> Refusal?
    {
        guard let staff = branch.person(person) else { return .unknownPerson(person) }
        guard staff.isActive(on: date) else { return .notOnRoster(person) }
        if isOwnSubject(person, of: occurrence) { return .ownSubject(person: person) }
        if occurrence.owner == person { return nil }
        guard supervisors(ofOwner: occurrence.owner, on: date).contains(person) else {
            return .notOwner(person: person, owner: occurrence.owner)
        }
        if (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .supervisorNeedsNote(person: person, owner: occurrence.owner ?? "a vacant post")
        }
        return nil
    }

    public func checkWaiver(by person: String, of occurrence: Occurrence, reason: String, on date: LocalDate)
        -> Refusal?
    {
        guard let staff = branch.person(person) else { return .unknownPerson(person) }
        guard staff.isActive(on: date) else { return .notOnRoster(person) }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .reasonRequired }
        if isOwnSubject(person, of: occurrence) { return .ownSubject(person: person) }
        guard supervisors(ofOwner: occurrence.owner, on: date).contains(person) else {
            return .notSupervisor(person: person, owner: occurrence.owner)
        }
        return nil
    }
}
