import Foundation
import GRDB
import GridCore

/// What a branch's monthly report is computed from, in one read so that the items and the
/// alerts agree.
extension GridDatabase {
    /// The branch's items whose deadline is in `deadlines` (any state), and the escalation
    /// alerts about its items whose day is in `alertDays`. An unknown branch has neither.
    public func monthlyRecords(
        branch: String, deadlines: Range<Date>, alertDays: ClosedRange<LocalDate>
    ) throws -> (occurrences: [Occurrence], escalations: [Alert]) {
        try writer.read { db in
            guard let branchID = try Int64.fetchOne(db, sql: "SELECT id FROM branch WHERE key = ?", arguments: [branch])
            else { return ([], []) }
            // The unique (branch, duty, subject, period) index seeks the branch's rows.
            let occurrences = try Row.fetchAll(
                db,
                sql: OccurrenceQuery.select
                    + " WHERE o.branch = ? AND o.deadline >= ? AND o.deadline < ? ORDER BY o.deadline, o.id",
                arguments: [branchID, deadlines.lowerBound.seconds, deadlines.upperBound.seconds]
            ).map(OccurrenceQuery.occurrence)
            let escalations = try AlertRecord.fetchAll(
                db,
                sql: """
                    SELECT \(AlertRecord.CodingKeys.allCases.map { "a." + $0.rawValue }.joined(separator: ", "))
                    FROM alert a JOIN occurrence o ON o.id = a.occurrence_id
                    WHERE o.branch = ? AND a.kind = ? AND a.day >= ? AND a.day <= ?
                    ORDER BY a.id
                    """,
                arguments: [
                    branchID, AlertKind.escalation.rawValue, alertDays.lowerBound.description,
                    alertDays.upperBound.description,
                ]
            ).map { try $0.alert() }
            return (occurrences, escalations)
        }
    }
}
