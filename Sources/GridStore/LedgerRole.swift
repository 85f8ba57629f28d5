import GridCore

/// The part a duty plays for the rectification ledger, stored with the duty so that the
/// store itself knows to freeze the month's ledger when the update is done, whichever path
/// recorded it.
enum LedgerRole: String {
    case measure, milestone, update

    init?(of duty: String, policy: LedgerPolicy) {
        switch duty {
        case policy.measureDuty: self = .measure
        case policy.milestoneDuty: self = .milestone
        case policy.updateDuty: self = .update
        default: return nil
        }
    }
}
