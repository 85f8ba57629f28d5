import GRDB
import GridCore

/// The many-row upsert that materialises occurrences: its columns named once, in the order
/// of the statement's parameters. Parameter 1 is now; then one group of parameters per row.
enum OccurrenceUpsert {
    /// A row's parameters, in order.
    enum Parameter: Int32, CaseIterable {
        case branch, duty, subject, period, owner, periodStart, remindAt, deadline, quota

        /// The column each fills.
        var column: String {
            switch self {
            case .branch: "branch"
            case .duty: "duty"
            case .subject: "subject"
            case .period: "period"
            case .owner: "owner"
            case .periodStart: "period_start"
            case .remindAt: "remind_at"
            case .deadline: "deadline"
            case .quota: "quota"
            }
        }
    }

    static let perRow = Int32(Parameter.allCases.count)

    /// The number of parameter `parameter` of row `row` (SQLite counts from 1; 1 is now).
    static func index(_ parameter: Parameter, row: Int) -> Int32 {
        2 + Int32(row) * perRow + parameter.rawValue
    }

    /// Rows per statement. Measured on a year from empty: fewer lose the saving, more gain
    /// nothing and compile a longer statement.
    static let batch = 32
    // Built once: the statement cache is keyed by the text, and a daily pass asks for it
    // per branch.
    static let batchSQL = sql(rows: batch)
    static let singleSQL = sql(rows: 1)

    /// An upsert of `rows` occurrences. A new row's next alert is its reminder. An existing
    /// open item not yet due takes a changed owner, deadline, reminder or quota; a closed or
    /// due one is history and stays as it is.
    static func sql(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let parameters = Parameter.allCases.map { "?\(index($0, row: row))" } + ["?\(index(.remindAt, row: row))"]
            return "(" + parameters.joined(separator: ", ") + ")"
        }
        let columns = Parameter.allCases.map(\.column) + ["next_alert_at"]
        return """
            INSERT INTO occurrence
                (\(columns.joined(separator: ", ")))
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (subject, duty, period) DO UPDATE SET
                owner = excluded.owner, remind_at = excluded.remind_at, deadline = excluded.deadline,
                quota = excluded.quota,
                next_alert_at = min(coalesce(occurrence.next_alert_at, excluded.remind_at), excluded.remind_at)
            WHERE occurrence.state = 0 AND occurrence.deadline > ?1 AND excluded.deadline > ?1
              AND (occurrence.owner IS NOT excluded.owner OR occurrence.deadline != excluded.deadline
                   OR occurrence.remind_at != excluded.remind_at OR occurrence.quota != excluded.quota)
            """
    }
}
