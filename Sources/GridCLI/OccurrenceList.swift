import Foundation
import GridConfig
import GridCore
import GridStore

/// Renders a list of occurrences as a table, JSON or CSV.
enum OccurrenceList {
    static func render(_ views: [OccurrenceView], format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return UntrustedText.jsonEscaped(String(decoding: try Output.encodedJSON(views), as: UTF8.self))
        case .csv, .excelCSV:
            // The same fields as the JSON, in its order.
            return CSV.document(
                header: [
                    "id", "branch", "duty", "title", "line", "cadence", "period", "subject", "subject_name", "owner",
                    "owner_name", "owner_role", "unassigned", "status", "period_start", "remind_at", "deadline",
                    "quota", "done_count",
                ],
                rows: views.map { v in
                    [
                        String(v.id), v.branch, v.duty, v.title, v.line, v.cadence, v.period, v.subject, v.subjectName,
                        v.owner ?? "", v.ownerName, v.ownerRole, String(v.unassigned), v.status, v.periodStart,
                        v.remindAt, v.deadline, String(v.quota), String(v.doneCount),
                    ]
                }, excel: format == .excelCSV)
        case .table:
            var table = TextTable(headers: ["ID", "责任人", "事项", "周期", "对象", "截止", "进度", "状态"])
            for v in views {
                table.append([
                    String(v.id), v.heldFor == nil ? v.ownerName : "for \(v.ownerName)", v.title, v.period,
                    v.subjectName, v.deadlineLocal, v.progress,
                    v.statusValue.label,
                ])
            }
            return table.render()
        }
    }
}
