/// One recurring or triggered check of the catalog, with the clause of the branch's
/// implementation plan it comes from.
public struct Duty: Hashable, Sendable, Identifiable {
    public let id: String
    public let title: String
    public let line: String
    public let owner: OwnerRule
    /// What happens when the owner rule picks the item's own subject.
    public let ownerIsSubject: OwnerIsSubjectRule
    public let cadence: Cadence
    /// "At least N": completions needed inside one period.
    public let quota: Int
    public let scope: Scope
    public let deadline: DeadlineRule
    /// Business days before the deadline day at whose opening the reminder goes out;
    /// nil takes the cadence's default.
    public let remindLead: Int?
    public let clause: String
    public let note: String?
    /// Overrides the catalog's escalation ladder for this duty.
    public let escalation: EscalationPolicy?
    /// A two-person check (`confirm: second-person`): its completion waits for a second
    /// person's confirmation before the item closes.
    public let confirmation: SecondPerson?

    public init(
        id: String, title: String, line: String, owner: OwnerRule, ownerIsSubject: OwnerIsSubjectRule = .passUp,
        cadence: Cadence, quota: Int = 1, scope: Scope = .branch, deadline: DeadlineRule = .periodEnd,
        remindLead: Int? = nil, clause: String = "", note: String? = nil, escalation: EscalationPolicy? = nil,
        confirmation: SecondPerson? = nil
    ) {
        self.id = id
        self.title = title
        self.line = line
        self.owner = owner
        self.ownerIsSubject = ownerIsSubject
        self.cadence = cadence
        self.quota = quota
        self.scope = scope
        self.deadline = deadline
        self.remindLead = remindLead
        self.clause = clause
        self.note = note
        self.escalation = escalation
        self.confirmation = confirmation
    }

    /// The reminder lead in business days: daily at opening, weekly the business day
    /// before, monthly 3 business days before, anything longer 10 before.
    public var effectiveRemindLead: Int {
        if let remindLead { return remindLead }
        switch cadence {
        case .daily, .triggered: return 0
        case .weekly: return 1
        case .monthly: return 3
        case .quarterly, .halfYearly, .yearly, .biennial: return 10
        }
    }
}
