import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open and overdue counts per branch and line, for whoever answers for the whole.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this branch, broken down by line.") var branch: String?
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func run() throws {
        let context = try CommandContext.load(global, branchID: branch)
        let configuration = context.configuration
        struct Row: Encodable {
            let branch: String
            let line: String?
            let open: Int
            let overdue: Int
        }
        var rows: [Row] = []
        if let branch {
            for line in configuration.catalog.lines.values.sorted(by: { $0.id < $1.id }) where line.enabled {
                let filter = OccurrenceFilter(branch: branch, line: line.id)
                let due = try context.database.countOpen(filter, now: context.now, overdue: false)
                let late = try context.database.countOpen(filter, now: context.now, overdue: true)
                rows.append(Row(branch: branch, line: line.id, open: due + late, overdue: late))
            }
        } else {
            let counts = try context.database.openCounts(now: context.now)
            for b in configuration.branches {
                let c = counts[b.id] ?? (0, 0)
                rows.append(Row(branch: b.id, line: nil, open: c.open, overdue: c.overdue))
            }
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        case .csv:
            print(CSV.line(["branch", "line", "open", "overdue"]))
            for r in rows { print(CSV.line([r.branch, r.line ?? "", String(r.open), String(r.overdue)])) }
        case .table:
            var table = TextTable(headers: ["网点 BRANCH", "线条 LINE", "未完成 OPEN", "逾期 OVERDUE"])
            for r in rows {
                let name = configuration.branch(r.branch)?.name ?? r.branch
                let line = r.line.map { configuration.catalog.lines[$0]?.title ?? $0 } ?? "全部 all"
                table.append([name, line, String(r.open), String(r.overdue)])
            }
            print(table.render())
        }
    }
}
