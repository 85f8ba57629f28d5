/// The counts a rectification report states (seed: "61项问题已经整改21项。提出整改措施140条,
/// 已经完成63条。已新建制度2项"). In ``LedgerFigures/Change`` the same fields hold differences.
public struct LedgerTotals: Hashable, Sendable, Codable {
    /// Every finding; the sum of the four states below.
    public var findings: Int
    /// 未整改: no measure yet.
    public var open: Int
    /// 整改中: measures recorded, close-out not asked (or refused).
    public var rectifying: Int
    /// 待销号: close-out asked, not yet reviewed.
    public var awaitingCloseOut: Int
    /// 已销号.
    public var closed: Int
    /// Every measure of those findings; `done + overdue + running`.
    public var measures: Int
    public var done: Int
    /// Done, but after its deadline: part of `done`.
    public var doneLate: Int
    /// Not done and past its deadline on the day of the figures.
    public var overdue: Int
    /// Not done and not yet past its deadline.
    public var running: Int
    /// Rules created (新建制度) by measures that are done.
    public var rulesCreated: Int
    /// Rules revised (修订制度) by measures that are done.
    public var rulesRevised: Int
    /// Findings that repeat an earlier, closed one (屡查屡犯).
    public var recurrences: Int

    public init(
        findings: Int = 0, open: Int = 0, rectifying: Int = 0, awaitingCloseOut: Int = 0, closed: Int = 0,
        measures: Int = 0, done: Int = 0, doneLate: Int = 0, overdue: Int = 0, running: Int = 0,
        rulesCreated: Int = 0, rulesRevised: Int = 0, recurrences: Int = 0
    ) {
        self.findings = findings
        self.open = open
        self.rectifying = rectifying
        self.awaitingCloseOut = awaitingCloseOut
        self.closed = closed
        self.measures = measures
        self.done = done
        self.doneLate = doneLate
        self.overdue = overdue
        self.running = running
        self.rulesCreated = rulesCreated
        self.rulesRevised = rulesRevised
        self.recurrences = recurrences
    }

    /// Each count of `self` less the same count of `other`.
    public func subtracting(_ other: LedgerTotals) -> LedgerTotals {
        LedgerTotals(
            findings: findings - other.findings, open: open - other.open, rectifying: rectifying - other.rectifying,
            awaitingCloseOut: awaitingCloseOut - other.awaitingCloseOut, closed: closed - other.closed,
            measures: measures - other.measures, done: done - other.done, doneLate: doneLate - other.doneLate,
            overdue: overdue - other.overdue, running: running - other.running,
            rulesCreated: rulesCreated - other.rulesCreated, rulesRevised: rulesRevised - other.rulesRevised,
            recurrences: recurrences - other.recurrences)
    }
}
