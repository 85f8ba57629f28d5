import Foundation

/// The occurrences that chase a ledger: one per measure, owed by its responsible person and
/// due on its deadline, and one per milestone, due on the milestone's day. They are items
/// of two triggered duties of the catalog, so due, overdue, alerts, escalation up the grid
/// and the daemon treat a measure that slips exactly as a missed check.
public struct LedgerItems: Sendable {
    public let branch: Branch
    /// The catalog's duty for a measure (整改措施) and for a milestone (阶段目标).
    public let measureDuty: Duty
    public let milestoneDuty: Duty

    public init(branch: Branch, measureDuty: Duty, milestoneDuty: Duty) {
        self.branch = branch
        self.measureDuty = measureDuty
        self.milestoneDuty = milestoneDuty
    }

    /// The subject of a finding's items: what listings say they are about.
    public static func subject(of finding: String) -> String { "问题\(finding)" }

    /// The period key of a measure's item, or of one of its milestones.
    public static func period(of id: MeasureID, milestone: LocalDate? = nil) -> String {
        milestone.map { "\(id.number)@\($0)" } ?? id.number
    }

    /// The measure's own item, raised at `now`.
    public func plan(for measure: Measure, at now: Date) -> OccurrencePlan {
        plan(duty: measureDuty, measure: measure, milestone: nil, due: measure.deadline, at: now)
    }

    /// One item per milestone, keyed by its day.
    public func milestonePlans(for measure: Measure, at now: Date) -> [LocalDate: OccurrencePlan] {
        Dictionary(
            measure.milestones.map {
                ($0.date, plan(duty: milestoneDuty, measure: measure, milestone: $0.date, due: $0.date, at: now))
            }, uniquingKeysWith: { first, _ in first })
    }

    /// The instant a measure done on `day` is recorded as performed: the branch's closing
    /// time that day, or `now` if that is still ahead, so a day's work is on time on the
    /// deadline day and never in the future.
    public func performed(on day: LocalDate, now: Date) -> Date {
        min(branch.calendar.closing(on: day), now)
    }

    private func plan(duty: Duty, measure: Measure, milestone: LocalDate?, due: LocalDate, at now: Date)
        -> OccurrencePlan
    {
        let calendar = branch.calendar
        let deadline = calendar.closing(on: due)
        // Reminded the duty's lead of business days ahead, at opening; never before now.
        let lead = duty.effectiveRemindLead
        let remindDay = lead > 0 ? (calendar.businessDay(before: due, count: lead) ?? due) : due
        let remindAt = max(min(calendar.opening(on: remindDay), deadline), now)
        return OccurrencePlan(
            key: OccurrenceKey(
                branch: branch.id, duty: duty.id, subject: Self.subject(of: measure.id.finding),
                period: Self.period(of: measure.id, milestone: milestone)),
            line: duty.line, cadence: .triggered, scope: duty.scope, owner: measure.owner,
            ownerRole: duty.owner.description, periodStart: min(now, remindAt), remindAt: min(remindAt, deadline),
            deadline: deadline, quota: 1)
    }
}
