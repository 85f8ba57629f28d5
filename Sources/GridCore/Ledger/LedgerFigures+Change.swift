extension LedgerFigures {
    /// How the figures moved since an earlier report (the month before, as the ledger is
    /// updated monthly): each total's difference, and how many findings were closed and
    /// measures done since, counted by identity.
    public struct Change: Hashable, Sendable, Codable {
        /// The day of the earlier figures.
        public var since: LocalDate
        /// Each total now less the same total then.
        public var totals: LedgerTotals
        /// Findings closed now that were not closed then.
        public var newlyClosed: Int
        /// Measures done now that were not done then.
        public var newlyDone: Int

        public init(since: LocalDate, totals: LedgerTotals, newlyClosed: Int, newlyDone: Int) {
            self.since = since
            self.totals = totals
            self.newlyClosed = newlyClosed
            self.newlyDone = newlyDone
        }

        /// The movement as one line, in a fixed wording:
        /// `较2026-10-31：新销号问题1项，新完成措施3条；问题+1，已销号+1，待销号0，整改中-1，未整改+1；措施+2，已完成+3，逾期-1。`
        /// A difference is signed, and 0 unsigned.
        public var sentence: String {
            let t = totals
            return "较\(since)：新销号问题\(newlyClosed)项，新完成措施\(newlyDone)条；"
                + "问题\(Self.signed(t.findings))，已销号\(Self.signed(t.closed))，待销号\(Self.signed(t.awaitingCloseOut))，"
                + "整改中\(Self.signed(t.rectifying))，未整改\(Self.signed(t.open))；"
                + "措施\(Self.signed(t.measures))，已完成\(Self.signed(t.done))，逾期\(Self.signed(t.overdue))。"
        }

        /// `+3`, `-2`, `0`.
        public static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
    }

    /// How these figures moved since `previous`, an earlier report over the same branches.
    public func change(since previous: LedgerFigures) -> Change {
        Change(
            since: previous.asOf, totals: totals.subtracting(previous.totals),
            newlyClosed: Set(closedFindings).subtracting(previous.closedFindings).count,
            newlyDone: Set(doneMeasures).subtracting(previous.doneMeasures).count)
    }

    /// The progress as the rectification reports state it, in a fixed wording (every count
    /// always present, 0 included), for the report's first line and for pasting into one:
    /// `共发现问题5项，已整改销号1项，待销号1项，整改中2项，未整改1项；提出整改措施12条，已完成6条，逾期2条；新建制度1项，修订制度0项；屡查屡犯问题0项。`
    public var sentence: String {
        let t = totals
        return "共发现问题\(t.findings)项，已整改销号\(t.closed)项，待销号\(t.awaitingCloseOut)项，整改中\(t.rectifying)项，"
            + "未整改\(t.open)项；提出整改措施\(t.measures)条，已完成\(t.done)条，逾期\(t.overdue)条；"
            + "新建制度\(t.rulesCreated)项，修订制度\(t.rulesRevised)项；屡查屡犯问题\(t.recurrences)项。"
    }
}
