import Foundation

/// The figures of a branch's monthly supervision report (月度督导报告): how the duties whose
/// deadline fell in the month stood at the report's instant — the month's end, or now when
/// the month is not over — per line, per grid and per person; the overdue items by age; the
/// escalations raised; each day's owed and on-time items for the heat map; and, filled by
/// the caller, the rectification ledger's figures and the integrity standings.
///
/// An item counts when its deadline's branch-local day is in the month. Items closed because
/// their subject left the roster are not owed. Each owed item is, at the report's instant:
/// on time (done by its deadline), late (done after it), waived, missed (still open and past
/// its deadline) or pending (still open, not yet due). An item done or waived after the
/// report's instant is read as it stood then: open. A person's items are those they own; a
/// grid's are its members' (the leader's own items are the leader's, in the grid they are a
/// member of). Items nobody owns count in the lines and the totals only.
public struct MonthlyFigures: Hashable, Sendable {
    public var branch: String
    public var branchName: String
    /// `2026-11`.
    public var month: String
    public var firstDay: LocalDate
    public var lastDay: LocalDate
    /// The report's instant: the month's end, or `now` when earlier.
    public var asOf: Date
    /// The last day the report's instant reaches (the month's last day once it is over):
    /// later days' items are still to come.
    public var asOfDay: LocalDate
    /// `asOf` as the branch reads it (RFC 3339 with the branch's offset).
    public var asOfText: String
    public var totals: DutyTally
    /// Per line, in the catalog's order of ids.
    public var lines: [Row]
    /// Per grid, in the branch's order.
    public var grids: [Row]
    /// Per person who owed something, in roster order.
    public var people: [Row]
    /// Missed items by business days past their deadline at `asOf`: 1–3, 4–10, 11 or more
    /// (an item past its deadline on the deadline's own day is in its first day).
    public var overdueByAge: AgeBuckets
    /// Escalation alerts whose day is in the month, about the month's items or earlier ones.
    public var escalations: Escalations
    /// Every day of the month, whether the branch is open, and the items due that day.
    public var days: [Day]
    /// The rectification ledger as of the month's end (or `asOf`); nil when there is none.
    public var ledger: LedgerFigures?
    /// The integrity standings given; nil when none were.
    public var integrity: IntegrityFigures?

    public struct Row: Hashable, Sendable {
        public var key: String
        public var name: String
        public var tally: DutyTally
    }

    public struct AgeBuckets: Hashable, Sendable, Codable {
        public var upTo3 = 0
        public var upTo10 = 0
        public var over10 = 0

        public init(upTo3: Int = 0, upTo10: Int = 0, over10: Int = 0) {
            self.upTo3 = upTo3
            self.upTo10 = upTo10
            self.over10 = over10
        }

        enum CodingKeys: String, CodingKey {
            case upTo3 = "1-3"
            case upTo10 = "4-10"
            case over10 = "11+"
        }
    }

    public struct Escalations: Hashable, Sendable {
        public var total = 0
        /// Level (1, 2, …) to the number raised at it.
        public var byLevel: [Int: Int] = [:]
    }

    public struct Day: Hashable, Sendable {
        public var date: LocalDate
        public var business: Bool
        public var tally: DutyTally
    }

    public struct IntegrityFigures: Hashable, Sendable {
        public var branch: IntegrityStanding?
        /// People's standings in roster order (people not on the roster after them, by id).
        public var people: [PersonStanding]
        /// How many people are in each band.
        public var bands: [IntegrityBand: Int]
    }

    public struct PersonStanding: Hashable, Sendable {
        public var id: String
        public var name: String
        public var standing: IntegrityStanding
    }

    /// - Parameters:
    ///   - occurrences: the branch's items whose deadline may fall in the month (others are
    ///     ignored).
    ///   - alerts: alerts about the branch's items (only escalations in the month count).
    ///   - lineTitles: each line's title, by id.
    public init(
        branch: Branch, year: Int, month: Int, now: Date, occurrences: [Occurrence], alerts: [Alert],
        lineTitles: [String: String], ledger: LedgerFigures? = nil, integrity: [IntegrityStanding] = []
    ) {
        let calendar = branch.calendar
        let first = LocalDate(year: year, month: month, day: 1) ?? LocalDate(dayNumber: 0)
        let last = first.adding(days: LocalDate.daysIn(month: first.month, year: first.year) - 1)
        let monthEnd = calendar.instant(last.adding(days: 1), secondsSinceMidnight: 0)
        let asOf = min(now, monthEnd)
        self.branch = branch.id
        self.branchName = branch.name
        self.month = "\(first.year)-" + (first.month < 10 ? "0" : "") + "\(first.month)"
        self.firstDay = first
        self.lastDay = last
        self.asOf = asOf
        self.asOfText = InstantText.rfc3339(asOf, in: calendar)
        self.ledger = ledger

        var totals = DutyTally()
        var byLine: [String: DutyTally] = [:]
        var byPerson: [String: DutyTally] = [:]
        var byDay: [LocalDate: DutyTally] = [:]
        var ages = AgeBuckets()
        // The day the report's instant ends: the month's last day when it is the month's end.
        let asOfDay = calendar.localDate(of: asOf.addingTimeInterval(-1))
        self.asOfDay = asOfDay
        for o in occurrences where o.state != .left {
            let day = calendar.localDate(of: o.deadline)
            guard day >= first, day <= last else { continue }
            let outcome = Self.outcome(of: o, at: asOf)
            totals.add(outcome)
            byLine[o.line, default: DutyTally()].add(outcome)
            byDay[day, default: DutyTally()].add(outcome)
            if let owner = o.owner { byPerson[owner, default: DutyTally()].add(outcome) }
            if outcome == .missed {
                let age = max(1, calendar.businessDaysBetween(day, asOfDay))
                switch age {
                case ...3: ages.upTo3 += 1
                case ...10: ages.upTo10 += 1
                default: ages.over10 += 1
                }
            }
        }
        self.totals = totals
        self.overdueByAge = ages
        self.lines = byLine.keys.sorted().map { Row(key: $0, name: lineTitles[$0] ?? $0, tally: byLine[$0]!) }
        self.grids = branch.grids.map { grid in
            var tally = DutyTally()
            for member in Set(grid.members) {
                if let t = byPerson[member] { tally = tally.adding(t) }
            }
            return Row(key: grid.id, name: grid.name, tally: tally)
        }
        let rostered = branch.staff.map(\.id).filter { byPerson[$0] != nil }
        let others = byPerson.keys.filter { branch.person($0) == nil }.sorted()
        self.people = (rostered + others).map { Row(key: $0, name: branch.displayName($0), tally: byPerson[$0]!) }
        var days: [Day] = []
        (first...last).forEachDay { date in
            days.append(Day(date: date, business: calendar.isBusinessDay(date), tally: byDay[date] ?? DutyTally()))
        }
        self.days = days
        var escalations = Escalations()
        for alert in alerts where alert.kind == .escalation && alert.day >= first && alert.day <= last {
            escalations.total += 1
            escalations.byLevel[alert.level, default: 0] += 1
        }
        self.escalations = escalations
        self.integrity = integrity.isEmpty ? nil : Self.integrityFigures(integrity, branch: branch)
    }

    /// Where an item stood at `instant`.
    public static func outcome(of o: Occurrence, at instant: Date) -> MonthlyOutcome {
        let closedBy = o.closedAt.map { $0 <= instant } ?? false
        switch o.state {
        case .done where closedBy: return o.late ? .late : .onTime
        case .waived where closedBy: return .waived
        default: return o.deadline <= instant ? .missed : .pending
        }
    }

    static func integrityFigures(_ standings: [IntegrityStanding], branch: Branch) -> IntegrityFigures {
        let rank = Dictionary(branch.staff.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let people = standings.compactMap { s in
            s.person.map { PersonStanding(id: $0, name: branch.displayName($0), standing: s) }
        }
        .sorted { a, b in (rank[a.id] ?? Int.max, a.id) < (rank[b.id] ?? Int.max, b.id) }
        var bands = Dictionary(uniqueKeysWithValues: IntegrityBand.allCases.map { ($0, 0) })
        for p in people { bands[p.standing.band, default: 0] += 1 }
        return IntegrityFigures(branch: standings.first { $0.person == nil }, people: people, bands: bands)
    }
}

extension DutyTally {
    /// Each count of `self` plus the same count of `other`.
    public func adding(_ other: DutyTally) -> DutyTally {
        DutyTally(
            owed: owed + other.owed, onTime: onTime + other.onTime, late: late + other.late,
            missed: missed + other.missed, waived: waived + other.waived, pending: pending + other.pending)
    }
}
