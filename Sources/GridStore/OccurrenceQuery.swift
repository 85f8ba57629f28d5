import Foundation
import GRDB
import GridCore

/// How an occurrence is read back: the integer row joined with its dictionaries, so that
/// callers keep seeing the keys of the configuration (`wang.li`, `ops.daily-check`,
/// `2026-W48`) and never the numbers the store uses for them.
enum OccurrenceQuery {
    /// Every column an `Occurrence` needs, plus the names a listing shows, in the order
    /// `occurrence(_:)` and `listed(_:)` read them.
    static let columns = """
        o.id, b.key AS branch, d.key AS duty, s.key AS subject, p.key AS period,
            d.line, d.cadence, d.scope, w.key AS owner, d.owner_role,
            o.period_start, o.remind_at, o.deadline, o.quota, o.done_count, o.state, o.closed_at, o.late,
            d.title, d.position, s.name AS subject_name, w.name AS owner_name, w.rank AS owner_rank,
            b.name AS branch_name, b.time_zone
        """
    static let joins = """
        FROM occurrence o
        JOIN branch b ON b.id = o.branch
        JOIN duty d ON d.id = o.duty
        JOIN party s ON s.id = o.subject
        JOIN period p ON p.id = o.period
        LEFT JOIN party w ON w.id = o.owner
        """

    static let select = "SELECT " + columns + "\n" + joins

    /// The stored order of `OccurrenceState`: the `state` column holds the index.
    static let states: [OccurrenceState] = [.open, .done, .waived, .left]

    static func code(_ state: OccurrenceState) -> Int {
        states.firstIndex(of: state) ?? 0
    }

    /// Columns are read by position, in the order of `select`: looking a column up by name
    /// lower-cases and compares strings, and cost more than SQLite's reading of the row.
    static func occurrence(_ row: Row) -> Occurrence {
        let state: Int = row[15]
        return Occurrence(
            id: row[0],
            key: OccurrenceKey(branch: row[1], duty: row[2], subject: row[3], period: row[4]),
            line: row[5], cadence: Cadence(rawValue: row[6]) ?? .triggered,
            scope: Scope(rawValue: row[7]) ?? .branch, owner: row[8], ownerRole: row[9],
            periodStart: Date(seconds: row[10]), remindAt: Date(seconds: row[11]),
            deadline: Date(seconds: row[12]), quota: row[13], doneCount: row[14],
            state: states.indices.contains(state) ? states[state] : .open,
            closedAt: (row[16] as Int64?).map(Date.init(seconds:)), late: row[17])
    }

    static func listed(_ row: Row) -> ListedOccurrence {
        ListedOccurrence(
            occurrence: occurrence(row), title: row[18], dutyPosition: row[19],
            subjectName: row[20], ownerName: row[21], ownerRank: row[22],
            branchName: row[23], timeZone: row[24])
    }
}
