import Foundation

/// An occurrence as stored: its plan plus its progress.
public struct Occurrence: Hashable, Sendable, Identifiable {
    public let id: Int64
    public let key: OccurrenceKey
    public let line: String
    public let cadence: Cadence
    public let scope: Scope
    public let owner: String?
    public let ownerRole: String
    public let periodStart: Date
    public let remindAt: Date
    public let deadline: Date
    public let quota: Int
    public let doneCount: Int
    public let state: OccurrenceState
    /// When the last required completion was performed, or when it was waived or closed.
    public let closedAt: Date?
    public let late: Bool

    public init(
        id: Int64, key: OccurrenceKey, line: String, cadence: Cadence, scope: Scope, owner: String?,
        ownerRole: String, periodStart: Date, remindAt: Date, deadline: Date, quota: Int, doneCount: Int,
        state: OccurrenceState, closedAt: Date?, late: Bool
    ) {
        self.id = id
        self.key = key
        self.line = line
        self.cadence = cadence
        self.scope = scope
        self.owner = owner
        self.ownerRole = ownerRole
        self.periodStart = periodStart
        self.remindAt = remindAt
        self.deadline = deadline
        self.quota = quota
        self.doneCount = doneCount
        self.state = state
        self.closedAt = closedAt
        self.late = late
    }

    public func status(at now: Date) -> OccurrenceStatus {
        switch state {
        case .done: return late ? .doneLate : .done
        case .waived: return .waived
        case .left: return .left
        case .open:
            if now >= deadline { return .overdue }
            if awaitsConfirmation { return .awaitingConfirmation }
            return now >= remindAt ? .due : .upcoming
        }
    }

    public var isUnassigned: Bool { owner == nil }

    /// A two-person check whose completions are all recorded: it stays open, and overdue
    /// past its deadline, until a second person confirms it (`SecondPerson`).
    public var awaitsConfirmation: Bool { state == .open && doneCount >= quota }

    /// "1 of 2" for a quota, empty for a single completion.
    public var progress: String { quota > 1 ? "\(doneCount)/\(quota)" : "" }
}
