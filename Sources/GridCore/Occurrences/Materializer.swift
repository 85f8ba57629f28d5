import Foundation

/// Expands the catalog over a branch's roster and calendar into the occurrences owed in a
/// span of days. Pure: the same inputs always give the same plans, which is what makes
/// materialisation idempotent across passes and restarts.
public struct Materializer: Sendable {
    public let catalog: Catalog
    public let branch: Branch

    /// The longest span of days one pass fills in: three years. A longer catch-up is a
    /// mistyped date or a clock set to the wrong decade, and filling it would write years of
    /// occurrences for good.
    public static let maximumSpanDays = 1100

    public init(catalog: Catalog, branch: Branch) {
        self.catalog = catalog
        self.branch = branch
    }

    /// The days a pass at `today` must cover: from the day after the last materialised one
    /// (or from the branch's `since`, or today on a first pass) through today. The current
    /// periods are always included, so a roster change reaches them on the next pass.
    /// Nil before tracking starts.
    public func daysToMaterialize(materializedThrough: LocalDate?, today: LocalDate) -> ClosedRange<LocalDate>? {
        let start: LocalDate
        if let materializedThrough {
            start = min(materializedThrough.adding(days: 1), today)
        } else if let since = branch.since {
            guard since <= today else { return nil }
            // A first pass years after `since` tracks the last span only, not the whole past.
            start = max(since, today.adding(days: 1 - Materializer.maximumSpanDays))
        } else {
            start = today
        }
        return start...today
    }

    /// Every occurrence of every active recurring duty whose period overlaps `days`.
    /// Owners are resolved from the roster as of `asOf`, clamped into each period.
    public func plans(overlapping days: ClosedRange<LocalDate>, asOf: LocalDate) -> [OccurrencePlan] {
        plans(overlapping: days, asOf: asOf, beginningWithin: false)
    }

    /// What a pass through `today` must write when the pass through `materializedThrough`
    /// read the same files. A period stored by that pass plans exactly as it was stored —
    /// same catalog, calendar and roster — unless someone joined or left since, which can
    /// change its owner; so only the periods that begin after it are planned, or, after a
    /// roster date, every current period again. On a bank's ordinary morning this is a few
    /// new items per branch instead of hundreds of unchanged ones.
    public func plans(after materializedThrough: LocalDate, through today: LocalDate) -> [OccurrencePlan] {
        guard materializedThrough < today else { return [] }
        let days = materializedThrough.adding(days: 1)...today
        return plans(overlapping: days, asOf: today, beginningWithin: !branch.rosterChanges(on: days))
    }

    private func plans(overlapping days: ClosedRange<LocalDate>, asOf: LocalDate, beginningWithin: Bool)
        -> [OccurrencePlan]
    {
        var result: [OccurrencePlan] = []
        for duty in catalog.activeDuties where duty.cadence.isRecurring {
            for period in duty.cadence.periods(overlapping: days)
            where !beginningWithin || period.days.lowerBound >= days.lowerBound {
                appendPlans(for: duty, in: period, asOf: asOf, into: &result)
            }
        }
        return result
    }

    /// The occurrences of one duty in one period.
    public func plans(for duty: Duty, in period: Period, asOf: LocalDate) -> [OccurrencePlan] {
        var result: [OccurrencePlan] = []
        appendPlans(for: duty, in: period, asOf: asOf, into: &result)
        return result
    }

    /// When a duty's occurrences in a period start, are reminded and fall due; nil if the
    /// branch is closed for the whole period (nothing is owed then).
    public func timing(of duty: Duty, in period: Period) -> (periodStart: Date, remindAt: Date, deadline: Date)? {
        let calendar = branch.calendar
        guard let deadlineDay = duty.deadline.deadlineDay(in: period, calendar: calendar),
            let firstDay = calendar.firstBusinessDay(in: period.days)
        else { return nil }
        let remindDay = max(
            calendar.businessDay(before: deadlineDay, count: duty.effectiveRemindLead) ?? firstDay, firstDay)
        return (
            calendar.instant(period.days.lowerBound, secondsSinceMidnight: 0), calendar.opening(on: remindDay),
            calendar.closing(on: deadlineDay)
        )
    }

    private func appendPlans(for duty: Duty, in period: Period, asOf: LocalDate, into result: inout [OccurrencePlan]) {
        guard let (periodStart, remindAt, deadline) = timing(of: duty, in: period) else { return }
        // What fell due before tracking began is not this system's to chase.
        if let since = branch.since, deadline < branch.calendar.instant(since, secondsSinceMidnight: 0) { return }
        let resolutionDay = min(max(asOf, period.days.lowerBound), period.days.upperBound)

        for (subject, context) in subjects(of: duty.scope, during: period.days) {
            guard case .assigned(let owner) = assignment(of: duty, subject: subject, grid: context, on: resolutionDay)
            else { continue }
            let key = OccurrenceKey(branch: branch.id, duty: duty.id, subject: subject, period: period.key)
            result.append(
                OccurrencePlan(
                    key: key, line: duty.line, cadence: duty.cadence, scope: duty.scope, owner: owner,
                    ownerRole: duty.owner.description, periodStart: periodStart, remindAt: remindAt,
                    deadline: deadline, quota: duty.quota))
        }
    }

    /// Subjects of a scope during a period, each with the grid it belongs to when that
    /// matters for finding the grid leader.
    public func subjects(of scope: Scope, during days: ClosedRange<LocalDate>) -> [(String, Grid?)] {
        switch scope {
        case .branch:
            return [(branch.id, nil)]
        case .staff:
            return branch.staff.filter { $0.isActive(during: days) }.map { ($0.id, nil) }
        case .partyMember:
            return branch.staff.filter { $0.partyMember && $0.isActive(during: days) }.map { ($0.id, nil) }
        case .grid:
            return branch.grids.map { ($0.id, $0) }
        case .gridMember:
            return branch.grids.flatMap { grid in
                grid.members.filter { branch.person($0)?.isActive(during: days) ?? false }.map { ($0, grid) }
            }
        case .pairing:
            return branch.pairings.map { ($0.id, nil) }
        case .person, .case:
            return []
        }
    }

    /// Whether an item about `subject` is owed, and by whom.
    public enum Assignment: Hashable, Sendable {
        /// Owed by this person; nil when the post is vacant or nobody in the branch may take it
        /// (raised unassigned, for the upper level to see).
        case assigned(String?)
        /// Not owed at all: the owner rule picks the subject and the duty says `skip`.
        case skipped
    }

    /// The person who must act, or nil when the owning post is vacant on `date`, nobody in
    /// the branch qualifies, or the item is skipped.
    public func owner(of duty: Duty, subject: String, grid: Grid?, on date: LocalDate) -> String? {
        guard case .assigned(let owner) = assignment(of: duty, subject: subject, grid: grid, on: date) else {
            return nil
        }
        return owner
    }

    /// Who owes an item about `subject` on `date`. The owner rule's pick is never the subject
    /// himself unless the rule is `self`: then the duty skips the item or passes it up.
    public func assignment(of duty: Duty, subject: String, grid: Grid?, on date: LocalDate) -> Assignment {
        guard let candidate = ruleOwner(of: duty, subject: subject, grid: grid, on: date) else { return .assigned(nil) }
        // A case's description is not a person, whatever it spells.
        guard duty.scope.isPerPerson, candidate == subject, duty.owner != .subject else {
            return .assigned(candidate)
        }
        switch duty.ownerIsSubject {
        case .skip: return .skipped
        case .passUp: return .assigned(passedUp(from: subject, line: duty.line, on: date))
        }
    }

    /// Whom the owner rule picked before passing an item up because it is about that very
    /// person: `show` says why someone else owes it. Nil for an item that was not passed up.
    public func passedUpFrom(_ duty: Duty, subject: String, on date: LocalDate) -> String? {
        guard duty.scope.isPerPerson, duty.owner != .subject, duty.ownerIsSubject == .passUp else { return nil }
        let grid = duty.scope == .gridMember ? branch.supervision.grid(of: subject) : nil
        return ruleOwner(of: duty, subject: subject, grid: grid, on: date) == subject ? subject : nil
    }

    /// The owner rule as written, applied to the roster: a role's holder, the grid's leader or
    /// the subject; nil when that post is vacant on `date`.
    private func ruleOwner(of duty: Duty, subject: String, grid: Grid?, on date: LocalDate) -> String? {
        let candidate: String?
        switch duty.owner {
        case .role(let role):
            return branch.holder(of: role, on: date)?.id
        case .subject:
            candidate = duty.scope.isPerPerson ? subject : nil
        case .gridLeader:
            if let grid {
                candidate = grid.leader
            } else if duty.scope.isPerPerson {
                // Nobody above the branch grid leader: the rule picks him for the items about him.
                candidate = branch.supervision.supervisor(of: subject) ?? branch.topGridLeader
            } else {
                candidate = branch.topGridLeader
            }
        }
        guard let candidate, isActive(candidate, on: date) else { return nil }
        return candidate
    }

    /// Who takes an item its owner cannot because it is about himself: the nearest active
    /// supervisor up his grid (谁管我); at the top of the branch, the first holder of another
    /// line's owning post, in catalog order, who is not the subject; nil when the branch has
    /// nobody (the item is for the upper level).
    private func passedUp(from subject: String, line: String, on date: LocalDate) -> String? {
        if let supervisor = branch.supervision.chain(above: subject).first(where: { isActive($0, on: date) }) {
            return supervisor
        }
        for other in catalog.lineOrder where other != line {
            guard let otherLine = catalog.lines[other], otherLine.enabled,
                let holder = branch.holder(of: otherLine.ownerRole, on: date)?.id, holder != subject
            else { continue }
            return holder
        }
        return nil
    }

    private func isActive(_ person: String, on date: LocalDate) -> Bool {
        branch.person(person)?.isActive(on: date) ?? false
    }

    /// A triggered occurrence raised at `instant` about `subject`, due as the catalog says or
    /// by the deadline given when it is raised (a finding carries its own). Nil when the branch
    /// has no business day ahead, when the given deadline is no business day of the branch or
    /// lies before the raise, or when the duty skips items about their owner.
    public func triggeredPlan(
        for duty: Duty, subject: String, sequence: Int, at instant: Date, deadline given: RaisedDeadline? = nil
    ) -> OccurrencePlan? {
        guard duty.cadence == .triggered else { return nil }
        let calendar = branch.calendar
        let day = calendar.localDate(of: instant)
        guard let deadlineDay = deadlineDay(of: duty, raisedAt: instant, given: given),
            case .assigned(let owner) = assignment(of: duty, subject: subject, grid: nil, on: day)
        else { return nil }
        return OccurrencePlan(
            key: OccurrenceKey(branch: branch.id, duty: duty.id, subject: subject, period: "\(day)#\(sequence)"),
            line: duty.line, cadence: .triggered, scope: duty.scope, owner: owner, ownerRole: duty.owner.description,
            periodStart: instant, remindAt: instant, deadline: calendar.closing(on: deadlineDay), quota: duty.quota)
    }

    /// The business day a triggered item raised at `instant` falls due on: N business days
    /// from the raise (the catalog's N, or the one given), or the date given.
    public func deadlineDay(of duty: Duty, raisedAt instant: Date, given: RaisedDeadline? = nil) -> LocalDate? {
        let calendar = branch.calendar
        let day = calendar.localDate(of: instant)
        // Raised after closing: the day's business is over, counting starts tomorrow.
        let startDay =
            calendar.isBusinessDay(day) && instant >= calendar.closing(on: day) ? day.adding(days: 1) : day
        var count = 0
        switch given {
        case .on(let date):
            guard date >= startDay, calendar.isBusinessDay(date) else { return nil }
            return date
        case .within(let n):
            count = n
        case nil:
            if case .afterBusinessDays(let n) = duty.deadline { count = n }
        }
        return calendar.businessDay(after: startDay, count: count)
    }
}
