/// A person on a branch's roster, with the roles they hold and when they joined or left.
public struct StaffMember: Hashable, Sendable, Identifiable {
    public let id: String
    public let name: String
    public let roles: [String]
    public let partyMember: Bool
    /// First day on the roster; nil: since before tracking began.
    public let joined: LocalDate?
    /// First day no longer on the roster; nil: still there.
    public let left: LocalDate?
    /// The operating-system login that acts as this person (`unix-user:`); nil: nobody
    /// logs in as them, and no write can be made in their name.
    public let unixUser: String?
    /// Where messages reach this person, by kind of address: `wecom` (their WeCom user id),
    /// `mail`, `mobile` (DingTalk's @mention). Only the receivers that need one use it.
    public let contacts: [String: String]

    public init(
        id: String, name: String, roles: [String] = [], partyMember: Bool = false, joined: LocalDate? = nil,
        left: LocalDate? = nil, unixUser: String? = nil, contacts: [String: String] = [:]
    ) {
        self.unixUser = unixUser
        self.contacts = contacts
        self.id = id
        self.name = name
        self.roles = roles
        self.partyMember = partyMember
        self.joined = joined
        self.left = left
    }

    public func isActive(on date: LocalDate) -> Bool {
        (joined.map { $0 <= date } ?? true) && (left.map { date < $0 } ?? true)
    }

    /// On the roster for at least one day of `days`.
    public func isActive(during days: ClosedRange<LocalDate>) -> Bool {
        (joined.map { $0 <= days.upperBound } ?? true) && (left.map { $0 > days.lowerBound } ?? true)
    }
}
