import Foundation
import GRDB
import GridCore

/// How an occurrence is read back: the integer row joined with its dictionaries, so that
/// callers keep seeing the keys of the configuration (`wang.li`, `ops.daily-check`,
/// `2026-W48`) and never the numbers the store uses for them.
enum OccurrenceQuery {
    /// Every column an `Occurrence` needs, plus the names a listing shows: named once, in
    /// the order the select lists them and `occurrence(_:)` and `listed(_:)` read them.
    enum Column: Int, CaseIterable {
        case id, branch, duty, subject, period, line, cadence, scope, owner, ownerRole
        case periodStart, remindAt, deadline, quota, doneCount, state, closedAt, late
        case title, position, subjectName, ownerName, ownerRank, branchName, timeZone

        /// The column's SQL in the select.
        var sql: String {
            switch self {
            case .id: "o.id"
            case .branch: "b.key AS branch"
            case .duty: "d.key AS duty"
            case .subject: "s.key AS subject"
            case .period: "p.key AS period"
            case .line: "d.line"
            case .cadence: "d.cadence"
            case .scope: "d.scope"
            case .owner: "w.key AS owner"
            case .ownerRole: "d.owner_role"
            case .periodStart: "o.period_start"
            case .remindAt: "o.remind_at"
            case .deadline: "o.deadline"
            case .quota: "o.quota"
            case .doneCount: "o.done_count"
            case .state: "o.state"
            case .closedAt: "o.closed_at"
            case .late: "o.late"
            case .title: "d.title"
            case .position: "d.position"
            case .subjectName: "s.name AS subject_name"
            case .ownerName: "w.name AS owner_name"
            case .ownerRank: "w.rank AS owner_rank"
            case .branchName: "b.name AS branch_name"
            case .timeZone: "b.time_zone"
            }
        }
    }

    static let columns = Column.allCases.map(\.sql).joined(separator: ", ")
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
    /// lower-cases and compares strings, and cost more than SQLite's reading of the row. A
    /// value no GridDuty wrote (an unknown cadence, scope or state) is an error naming the
    /// row, never read as a default.
    static func occurrence(_ row: Row) throws -> Occurrence {
        func value<T: DatabaseValueConvertible>(_ column: Column) -> T { row[column.rawValue] }
        let id: Int64 = value(.id)
        func decoded<T>(_ column: Column, _ parse: (String) -> T?) throws -> T {
            let text: String = value(column)
            guard let parsed = parse(text) else {
                throw StoreError.corruptRow(table: "occurrence", id: id, column: "\(column)", value: text)
            }
            return parsed
        }
        let state: Int = value(.state)
        guard states.indices.contains(state) else {
            throw StoreError.corruptRow(table: "occurrence", id: id, column: "state", value: "\(state)")
        }
        return Occurrence(
            id: id,
            key: OccurrenceKey(
                branch: value(.branch), duty: value(.duty), subject: value(.subject), period: value(.period)),
            line: value(.line), cadence: try decoded(.cadence, Cadence.init(rawValue:)),
            scope: try decoded(.scope, Scope.init(rawValue:)), owner: value(.owner), ownerRole: value(.ownerRole),
            periodStart: Date(seconds: value(.periodStart)), remindAt: Date(seconds: value(.remindAt)),
            deadline: Date(seconds: value(.deadline)), quota: value(.quota), doneCount: value(.doneCount),
            state: states[state], closedAt: (row[Column.closedAt.rawValue] as Int64?).map(Date.init(seconds:)),
            late: value(.late))
    }

    static func listed(_ row: Row) throws -> ListedOccurrence {
        func value<T: DatabaseValueConvertible>(_ column: Column) -> T { row[column.rawValue] }
        return ListedOccurrence(
            occurrence: try occurrence(row), title: value(.title), dutyPosition: value(.position),
            subjectName: value(.subjectName), ownerName: row[Column.ownerName.rawValue],
            ownerRank: row[Column.ownerRank.rawValue], branchName: value(.branchName), timeZone: value(.timeZone))
    }
}
