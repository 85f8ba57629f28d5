import Foundation

/// One person's work handed to a colleague for a range of days (leave, a course, sick days):
/// the delegate receives the delegator's items and alerts and may act for them. Ownership
/// never moves — 倒查 still says whose an item was — and every act is recorded as the
/// delegate's, for the delegator.
///
/// Delegations are stored append-only: a cancellation is a record of its own, which this
/// value carries as `cancelledAfter`, the last day the delegation stayed in force.
public struct Delegation: Sendable, Equatable, Hashable, Identifiable {
    public let id: Int64
    public let branch: String
    /// Whose work is handed over (P).
    public let from: String
    /// Who takes it over (Q).
    public let to: String
    /// The first and last day, inclusive, in the branch's calendar.
    public let start: LocalDate
    public let end: LocalDate
    /// Only items whose owner role is one of these; nil: all of the delegator's work.
    public let roles: [String]?
    public let note: String?
    /// Set once it is cancelled: the last day it stayed in force (before `start` when
    /// cancelled before it began).
    public let cancelledAfter: LocalDate?

    public init(
        id: Int64, branch: String, from: String, to: String, start: LocalDate, end: LocalDate, roles: [String]? = nil,
        note: String? = nil, cancelledAfter: LocalDate? = nil
    ) {
        self.id = id
        self.branch = branch
        self.from = from
        self.to = to
        self.start = start
        self.end = end
        self.roles = roles
        self.note = note
        self.cancelledAfter = cancelledAfter
    }

    /// The last day in force: the end, or the day before the cancellation took effect.
    public var lastDay: LocalDate { cancelledAfter.map { min($0, end) } ?? end }

    /// The days it is in force; nil when a cancellation before it began left none.
    public var days: ClosedRange<LocalDate>? { lastDay >= start ? start...lastDay : nil }

    public func isActive(on date: LocalDate) -> Bool { days?.contains(date) ?? false }

    /// Whether it is in force on some day of `range`.
    public func overlaps(_ range: ClosedRange<LocalDate>) -> Bool { days?.overlaps(range) ?? false }

    /// Whether it hands over an item (or an alert about one) whose owner holds `ownerRole`.
    public func covers(ownerRole: String) -> Bool { roles.map { $0.contains(ownerRole) } ?? true }
}
