/// A branch: its calendar, roster, grids and pairings — everything needed to expand the
/// catalog into the occurrences this branch owes.
public struct Branch: Sendable, Identifiable {
    public let id: String
    public let name: String
    public let calendar: BusinessCalendar
    /// The first day tracked: occurrences of earlier periods are never created. Nil: the
    /// first pass starts tracking at the instant it runs.
    public let since: LocalDate?
    public let staff: [StaffMember]
    public let grids: [Grid]
    public let pairings: [Pairing]
    public let supervision: Supervision
    /// The leader of the outermost grid (网点网格长), who answers for branch-wide grid duties.
    public let topGridLeader: String?
    private let staffIndex: [String: Int]

    public init(
        id: String, name: String, calendar: BusinessCalendar, since: LocalDate? = nil, staff: [StaffMember],
        grids: [Grid] = [], pairings: [Pairing] = []
    ) {
        self.id = id
        self.name = name
        self.calendar = calendar
        self.since = since
        self.staff = staff
        self.grids = grids
        self.pairings = pairings
        self.supervision = Supervision(grids: grids)
        let members = Set(grids.flatMap(\.members))
        self.topGridLeader =
            grids.first { grid in grid.leader.map { !members.contains($0) } ?? false }?.leader ?? grids.first?.leader
        self.staffIndex = Dictionary(staff.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func person(_ id: String) -> StaffMember? {
        staffIndex[id].map { staff[$0] }
    }

    /// Holders of a role on a date, in roster order; empty when the role is vacant.
    public func holders(of role: String, on date: LocalDate) -> [StaffMember] {
        staff.filter { $0.roles.contains(role) && $0.isActive(on: date) }
    }

    /// The person answering for a role: its first active holder.
    public func holder(of role: String, on date: LocalDate) -> StaffMember? {
        staff.first { $0.roles.contains(role) && $0.isActive(on: date) }
    }

    /// Whether someone joins or leaves on one of these days: only then can who holds a post,
    /// or who is owed a per-person duty, differ between their first and last day.
    public func rosterChanges(on days: ClosedRange<LocalDate>) -> Bool {
        staff.contains { person in
            person.joined.map { days.contains($0) } ?? false || person.left.map { days.contains($0) } ?? false
        }
    }

    public func displayName(_ personID: String?) -> String {
        guard let personID else { return "—" }
        return person(personID)?.name ?? personID
    }

    /// What an item is about, as people read it: the branch's name, a person's, a grid's, or
    /// a pairing's members and partner ("王丽、赵刚—社区党支部").
    public func subjectName(_ subject: String) -> String {
        if subject == id { return name }
        if let person = person(subject) { return person.name }
        if let grid = grids.first(where: { $0.id == subject }) { return grid.name }
        if let pairing = pairings.first(where: { $0.id == subject }) {
            let names = pairing.members.map { displayName($0) }.joined(separator: "、")
            return pairing.partner.map { "\(names)—\($0)" } ?? names
        }
        return subject
    }
}
