/// One branch's ledger with the calendar its deadlines are counted on: what the report
/// figures are computed from, a bank's branches side by side.
public struct BranchLedger: Sendable {
    public var branch: String
    public var ledger: Ledger
    public var calendar: BusinessCalendar

    public init(branch: String, ledger: Ledger, calendar: BusinessCalendar) {
        self.branch = branch
        self.ledger = ledger
        self.calendar = calendar
    }
}
