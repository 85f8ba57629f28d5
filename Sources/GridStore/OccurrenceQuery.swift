import Foundation
import GRDB
import GridCore

/// How an occurrence is read back: the integer row joined with its dictionaries, so that
/// callers keep seeing the keys of the configuration (`wang.li`, `ops.daily-check`,
/// `2026-W48`) and never the numbers the store uses for them.
enum OccurrenceQuery {
    /// Every column an `Occurrence` needs, plus the names a listing shows.
    static let select = """
        SELECT o.id, b.key AS branch, d.key AS duty, s.key AS subject, p.key AS period,
            d.line, d.cadence, d.scope, w.key AS owner, d.owner_role,
            o.period_start, o.remind_at, o.deadline, o.quota, o.done_count, o.state, o.closed_at, o.late,
            d.title, d.position, s.name AS subject_name, w.name AS owner_name, w.rank AS owner_rank,
            b.name AS branch_name, b.time_zone
        FROM occurrence o
        JOIN branch b ON b.id = o.branch
        JOIN duty d ON d.id = o.duty
        JOIN party s ON s.id = o.subject
        JOIN period p ON p.id = o.period
        LEFT JOIN party w ON w.id = o.owner
        """

    /// The stored order of `OccurrenceState`: the `state` column holds the index.
    static let states: [OccurrenceState] = [.open, .done, .waived, .left]

    static func code(_ state: OccurrenceState) -> Int {
        states.firstIndex(of: state) ?? 0
    }

    static func occurrence(_ row: Row) -> Occurrence {
        let state: Int = row["state"]
        return Occurrence(
            id: row["id"],
            key: OccurrenceKey(
                branch: row["branch"], duty: row["duty"], subject: row["subject"], period: row["period"]),
            line: row["line"], cadence: Cadence(rawValue: row["cadence"]) ?? .triggered,
            scope: Scope(rawValue: row["scope"]) ?? .branch, owner: row["owner"], ownerRole: row["owner_role"],
            periodStart: Date(seconds: row["period_start"]), remindAt: Date(seconds: row["remind_at"]),
            deadline: Date(seconds: row["deadline"]), quota: row["quota"], doneCount: row["done_count"],
            state: states.indices.contains(state) ? states[state] : .open,
            closedAt: (row["closed_at"] as Int64?).map(Date.init(seconds:)), late: row["late"])
    }

    static func listed(_ row: Row) -> ListedOccurrence {
        ListedOccurrence(
            occurrence: occurrence(row), title: row["title"], dutyPosition: row["position"],
            subjectName: row["subject_name"], ownerName: row["owner_name"], ownerRank: row["owner_rank"],
            branchName: row["branch_name"], timeZone: row["time_zone"])
    }
}
