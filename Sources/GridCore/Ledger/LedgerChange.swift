/// One change to a branch's rectification ledger: the vocabulary of its record. Every
/// change is stored, in order, as an append-only event with who made it and when; the
/// ledger as of any day is these changes applied in order (`Ledger.apply`).
public enum LedgerChange: Hashable, Sendable, Codable {
    case inspectionAdded(Inspection)
    case findingAdded(Finding)
    /// The finding's stated facts as they now read (leader, department, text, category).
    case findingRevised(Finding)
    case measureAdded(Measure)
    /// The measure's plan as it now reads: text, owner, deadline, milestones, rule.
    case measureRevised(Measure)
    case measureDone(MeasureID, MeasureDone)
    case closeRequested(finding: String, CloseOutRequest)
    case closeApproved(finding: String, note: String?)
    case closeRejected(finding: String, reason: String)

    /// The finding it concerns, if any.
    public var finding: String? {
        switch self {
        case .inspectionAdded: nil
        case .findingAdded(let f), .findingRevised(let f): f.number
        case .measureAdded(let m), .measureRevised(let m): m.id.finding
        case .measureDone(let id, _): id.finding
        case .closeRequested(let f, _), .closeApproved(let f, _), .closeRejected(let f, _): f
        }
    }

    /// The measure it concerns, if any.
    public var measure: MeasureID? {
        switch self {
        case .measureAdded(let m), .measureRevised(let m): m.id
        case .measureDone(let id, _): id
        default: nil
        }
    }

    /// A short name of the kind, as the record lists it.
    public var kind: String {
        switch self {
        case .inspectionAdded: "inspection-added"
        case .findingAdded: "finding-added"
        case .findingRevised: "finding-revised"
        case .measureAdded: "measure-added"
        case .measureRevised: "measure-revised"
        case .measureDone: "measure-done"
        case .closeRequested: "close-requested"
        case .closeApproved: "close-approved"
        case .closeRejected: "close-rejected"
        }
    }
}
