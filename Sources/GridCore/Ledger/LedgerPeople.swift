import Foundation

/// People as a ledger's workbook writes them: a staff id, or a name unique in the branch.
/// Banks' sheets carry names (周敏); two staff of one name must be told apart by id.
public struct LedgerPeople: Sendable {
    public let branch: Branch
    private let byName: [String: [StaffMember]]

    public init(branch: Branch) {
        self.branch = branch
        self.byName = Dictionary(grouping: branch.staff, by: \.name)
    }

    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        case unknown(String, branch: String)
        case ambiguous(String, ids: [String])
        case notActive(String, on: LocalDate)

        public var description: String {
            switch self {
            case .unknown(let text, let branch):
                "'\(text)' is neither a staff id nor a name on the roster of branch '\(branch)'"
            case .ambiguous(let text, let ids):
                "'\(text)' is the name of \(ids.count) staff (\(ids.joined(separator: ", "))); write the staff id"
            case .notActive(let id, let date): "'\(id)' is not on the roster on \(date)"
            }
        }
    }

    /// The staff id `text` names, trimmed: an id first, then a unique name.
    public func resolve(_ text: String) -> Result<String, Refusal> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if branch.person(trimmed) != nil { return .success(trimmed) }
        switch byName[trimmed] ?? [] {
        case []: return .failure(.unknown(trimmed, branch: branch.id))
        case let found where found.count == 1: return .success(found[0].id)
        case let found: return .failure(.ambiguous(trimmed, ids: found.map(\.id)))
        }
    }

    /// What a workbook writes for a staff id: the name when no one else has it, else the id
    /// (and the id of someone no longer on the roster file at all).
    public func written(_ id: String) -> String {
        guard let person = branch.person(id), byName[person.name]?.count == 1 else { return id }
        return person.name
    }
}
