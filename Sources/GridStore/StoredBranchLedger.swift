import GridCore

/// A branch's ledger as the bank's report reads it from the current tables, with the
/// branch's stored calendar and the names of its people.
public struct StoredBranchLedger: Sendable {
    public var branch: String
    /// The findings and measures with the fields the report and the scoring count: numbers,
    /// states, leaders, departments, inspections, repeats, found days, owners, deadlines, done
    /// days, rules and measures' texts. Other texts are empty.
    public var ledger: Ledger
    public var calendar: CalendarDescription?
}
