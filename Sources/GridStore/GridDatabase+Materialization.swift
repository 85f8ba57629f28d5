import Foundation
import GridCore

extension GridDatabase {

    /// Brings a branch's occurrences up to `now`: creates every occurrence owed since the
    /// last pass (or since tracking began), refreshes the current ones from the roster, and
    /// closes the open items of people who left. Idempotent: running it twice, or again
    /// after a crash, creates nothing twice. Both the daemon and `gridctl` call it, so a
    /// listing is right even when the daemon is not running.
    @discardableResult
    public func bringUpToDate(catalog: Catalog, branch: Branch, now: Date) throws -> MaterializeResult {
        let materializer = Materializer(catalog: catalog, branch: branch)
        let today = branch.calendar.localDate(of: now)
        guard
            let days = materializer.daysToMaterialize(
                materializedThrough: try materializedThrough(branch: branch.id), today: today)
        else { return MaterializeResult() }
        guard days.days <= Materializer.maximumSpanDays else {
            throw StoreError.implausibleSpan(
                branch: branch.id, from: days.lowerBound.description, to: days.upperBound.description, days: days.days)
        }
        let plans = materializer.plans(overlapping: days, asOf: today)
        let result = try materialize(branch: branch.id, plans: plans, through: today, now: now)
        let staying = Set(branch.staff.filter { $0.isActive(on: today) }.map(\.id))
        try closeItemsOfLeavers(branch: branch.id, staying: staying, at: now)
        return result
    }
}
