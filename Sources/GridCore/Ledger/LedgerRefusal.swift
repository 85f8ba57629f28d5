/// Why a change cannot apply to a ledger as it stands. Nothing is written when one is refused.
public enum LedgerRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    case duplicateInspection(String)
    case unknownInspection(String)
    case duplicateFinding(String)
    case unknownFinding(String)
    case repeatsUnknown(finding: String, repeats: String)
    case repeatsOpen(finding: String, repeats: String)
    case repeatsItself(String)
    case findingClosed(String)
    case duplicateMeasure(MeasureID)
    case unknownMeasure(MeasureID)
    case measureDone(MeasureID)
    case doneBeforeFound(MeasureID, done: LocalDate, found: LocalDate)
    case noMeasures(String)
    case measuresOpen(finding: String, open: [MeasureID])
    case notAwaitingCloseOut(String, FindingState)
    case alreadyAwaitingCloseOut(String)

    public var description: String {
        switch self {
        case .duplicateInspection(let n): "the ledger already has an inspection named '\(n)'"
        case .unknownInspection(let n): "no inspection is named '\(n)'"
        case .duplicateFinding(let n): "finding \(n) already exists; a finding's number is never used twice"
        case .unknownFinding(let n): "no finding is numbered \(n)"
        case .repeatsUnknown(let f, let r): "finding \(f) repeats \(r), but no finding is numbered \(r)"
        case .repeatsOpen(let f, let r):
            "finding \(f) repeats \(r), which is not closed; a repeat (屡查屡犯) names a closed finding"
        case .repeatsItself(let f): "finding \(f) cannot repeat itself"
        case .findingClosed(let n):
            "finding \(n) is closed (已销号) and never reopens; record a new finding that repeats it"
        case .duplicateMeasure(let id): "measure \(id) already exists"
        case .unknownMeasure(let id): "no measure \(id)"
        case .measureDone(let id): "measure \(id) is done; its record is final"
        case .doneBeforeFound(let id, let done, let found):
            "measure \(id) cannot be done on \(done), before its finding was found (\(found))"
        case .noMeasures(let n): "finding \(n) has no measures; a close-out follows measures done"
        case .measuresOpen(let f, let open):
            "finding \(f) has measures not done: \(open.map(\.description).joined(separator: ", "))"
        case .notAwaitingCloseOut(let n, let state):
            "finding \(n) is not awaiting close-out (it is \(state.rawValue), \(state.chinese))"
        case .alreadyAwaitingCloseOut(let n): "finding \(n) is already awaiting close-out"
        }
    }
}
