import Foundation

/// One overdue item as a digest lists it.
public struct DigestItem: Hashable, Sendable {
    public let occurrenceID: Int64
    public let duty: String
    public let period: String
    /// Nil for a vacant owner.
    public let owner: String?
    public let deadline: Date
    public let businessDaysOverdue: Int
    /// The level of the item's latest overdue or escalation alert.
    public let level: Int
    /// The item is not the person's own: it escalated to them (a member's, or a vacant one).
    public let escalated: Bool

    public init(
        occurrenceID: Int64, duty: String, period: String, owner: String?, deadline: Date, businessDaysOverdue: Int,
        level: Int, escalated: Bool
    ) {
        self.occurrenceID = occurrenceID
        self.duty = duty
        self.period = period
        self.owner = owner
        self.deadline = deadline
        self.businessDaysOverdue = businessDaysOverdue
        self.level = level
        self.escalated = escalated
    }
}

/// The day's summary to one person of the overdue items that reached them: in place of one
/// repeat per item. Keyed by (branch, person, day): raised once.
public struct Digest: Hashable, Sendable {
    /// Nil until stored.
    public var id: Int64?
    public let branch: String
    public let person: String
    public let day: LocalDate
    public let raisedAt: Date
    /// Most overdue first (business days overdue, then the earlier deadline, then the item).
    public let items: [DigestItem]
    public var loggedAt: Date?

    public init(
        id: Int64? = nil, branch: String, person: String, day: LocalDate, raisedAt: Date, items: [DigestItem],
        loggedAt: Date? = nil
    ) {
        self.id = id
        self.branch = branch
        self.person = person
        self.day = day
        self.raisedAt = raisedAt
        self.items = items
        self.loggedAt = loggedAt
    }

    public var count: Int { items.count }
    public var oldestDeadline: Date? { items.map(\.deadline).min() }
    /// The three most overdue items.
    public var mostOverdue: ArraySlice<DigestItem> { items.prefix(3) }
    /// How many of the items escalated to the person rather than being their own.
    public var escalatedCount: Int { items.count { $0.escalated } }

    /// The order items are listed in: most overdue first.
    public static func mostOverdueFirst(_ a: DigestItem, _ b: DigestItem) -> Bool {
        if a.businessDaysOverdue != b.businessDaysOverdue { return a.businessDaysOverdue > b.businessDaysOverdue }
        if a.deadline != b.deadline { return a.deadline < b.deadline }
        return a.occurrenceID < b.occurrenceID
    }
}

/// An open overdue item of a branch with whom its latest overdue or escalation alert reached:
/// what the digest planner is given.
public struct OverdueItem: Hashable, Sendable {
    public let occurrenceID: Int64
    public let duty: String
    public let period: String
    public let owner: String?
    public let deadline: Date
    /// The latest overdue or escalation alert's level and people.
    public let level: Int
    public let targets: [String]

    public init(
        occurrenceID: Int64, duty: String, period: String, owner: String?, deadline: Date, level: Int,
        targets: [String]
    ) {
        self.occurrenceID = occurrenceID
        self.duty = duty
        self.period = period
        self.owner = owner
        self.deadline = deadline
        self.level = level
        self.targets = targets
    }
}

/// Decides the digests due in one branch at one instant: a pure function of the branch (its
/// calendar), the policy, now, the branch's open overdue items with the people their latest
/// alert reached, and each person's last digest day.
///
/// A person gets a digest on a business day at or after the digest time when at least one
/// overdue item reached them: their own items, and — for a grid leader, line owner or head —
/// the items that escalated to them, marked as such. Not again until `every` business days
/// after their last one.
public struct DigestPlanner: Sendable {
    public let policy: DigestPolicy

    public init(policy: DigestPolicy) {
        self.policy = policy
    }

    public func due(
        branch: Branch, now: Date, items: [OverdueItem], lastDigestDays: [String: LocalDate]
    ) -> [Digest] {
        let calendar = branch.calendar
        guard let today = policy.day(at: now, calendar: calendar) else { return [] }
        var byPerson: [String: [DigestItem]] = [:]
        for item in items where item.deadline <= now {
            let overdue = calendar.businessDaysBetween(calendar.localDate(of: item.deadline), today)
            var people: [String] = []
            if let owner = item.owner { people.append(owner) }
            for person in item.targets where !people.contains(person) { people.append(person) }
            for person in people {
                byPerson[person, default: []].append(
                    DigestItem(
                        occurrenceID: item.occurrenceID, duty: item.duty, period: item.period, owner: item.owner,
                        deadline: item.deadline, businessDaysOverdue: overdue, level: item.level,
                        escalated: person != item.owner))
            }
        }
        var digests: [Digest] = []
        for (person, items) in byPerson.sorted(by: { $0.key < $1.key }) {
            if let last = lastDigestDays[person],
                last >= today || calendar.businessDaysBetween(last, today) < policy.everyBusinessDays
            {
                continue
            }
            digests.append(
                Digest(
                    branch: branch.id, person: person, day: today, raisedAt: now,
                    items: items.sorted(by: Digest.mostOverdueFirst)))
        }
        return digests
    }
}
