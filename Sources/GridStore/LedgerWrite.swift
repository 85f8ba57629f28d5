import Foundation
import GridCore

/// Changes to one branch's rectification ledger, made together by one act (an import, a
/// measure done, a close-out approved): written in one transaction, or not at all.
public struct LedgerWrite: Sendable {
    public var branch: String
    public var changes: [LedgerChange]
    /// The branch's day the changes are made on, and the instant.
    public var day: LocalDate
    public var at: Date
    /// The staff member who makes them; nil for nobody in particular on a simulation.
    public var actor: String?
    public var attribution: Attribution
    /// The occurrences that chase the measures.
    public var items: LedgerItems
    /// The workbook's header rows, remembered for export (an import only).
    public var layout: [String: [String]]?
    /// What the record says the act was (`import example.xlsx`), shown by `audit log`.
    public var detail: String?

    public init(
        branch: String, changes: [LedgerChange], day: LocalDate, at: Date, actor: String?, attribution: Attribution,
        items: LedgerItems, layout: [String: [String]]? = nil, detail: String? = nil
    ) {
        self.branch = branch
        self.changes = changes
        self.day = day
        self.at = at
        self.actor = actor
        self.attribution = attribution
        self.items = items
        self.layout = layout
        self.detail = detail
    }
}
