/// What produces an item's entries: GridDuty's own records, scored automatically, or a
/// person with the authority the item names, recording it.
public enum IntegritySource: Hashable, Sendable, Codable {
    /// A duty item that ended so, of one line or one duty (both nil: any duty).
    case duty(outcome: DutyOutcome, line: String?, duty: String?)
    /// A measure of the rectification ledger done after its deadline.
    case measureLate
    /// A finding that repeats an earlier, closed one (屡查屡犯); scores its leader, or the branch.
    case recurrence
    /// A violation, recorded with its case reference.
    case violation
    /// An award or commendation.
    case award
    /// An assessment by the branch itself, the inspection group or a third party.
    case assessment(IntegrityAssessor)

    /// Scored from the records by GridDuty, never recorded by hand.
    public var isAutomatic: Bool {
        switch self {
        case .duty, .measureLate, .recurrence: true
        case .violation, .award, .assessment: false
        }
    }
}
