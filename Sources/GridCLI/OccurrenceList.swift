import Foundation
import GridConfig
import GridCore
import GridStore

/// Renders a list of occurrences as a table, JSON or CSV.
enum OccurrenceList {
    static func render(_ views: [OccurrenceView], format: OutputFormat) throws -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return UntrustedText.jsonEscaped(String(decoding: try encoder.encode(views), as: UTF8.self))
        case .csv:
            var lines = [
                CSV.line([
                    "id", "branch", "duty", "title", "line", "cadence", "period", "subject", "subject_name", "owner",
                    "owner_name", "status", "deadline", "done_count", "quota",
                ])
            ]
            for v in views {
                lines.append(
                    CSV.line([
                        String(v.id), v.branch, v.duty, v.title, v.line, v.cadence, v.period, v.subject, v.subjectName,
                        v.owner ?? "", v.ownerName, v.status, v.deadline, String(v.doneCount), String(v.quota),
                    ]))
            }
            return lines.joined(separator: "\n")
        case .table:
            var table = TextTable(headers: ["ID", "责任人", "事项", "周期", "对象", "截止", "进度", "状态"])
            for v in views {
                table.append([
                    String(v.id), v.ownerName, v.title, v.period, v.subjectName, v.deadlineLocal, v.progress,
                    v.statusValue.label,
                ])
            }
            return table.render()
        }
    }
}
