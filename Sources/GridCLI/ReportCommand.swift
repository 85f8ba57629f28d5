import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Open and overdue counts per branch and line, for whoever answers for the whole.",
        discussion: """
            With --month YYYY-MM: the branch's monthly supervision report (月度督导报告) — owed, on time, \
            late, missed and waived per line, grid and person, overdue items by age, escalations, a day-by-day \
            heat map, the rectification ledger and the integrity standings. --format html writes one \
            self-contained page for the browser and for printing on A4; md, json and csv the same figures.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this branch, broken down by line.") var branch: String?
    @Option(help: "The monthly report of this month (YYYY-MM) for --branch (or the only branch).") var month: String?
    @Option(
        help: """
            table, json, csv, or excel-csv (CSV with a UTF-8 byte-order mark and CRLF, for Excel); with --month \
            also md and html (table prints the Markdown).
            """)
    var format: ReportFormat = .table

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
        case excelCSV = "excel-csv"
        case md, html
    }

    func validate() throws {
        if month == nil, format == .md || format == .html {
            throw ValidationError("--format \(format.rawValue) is for the monthly report: add --month YYYY-MM")
        }
        if let month, Self.parseMonth(month) == nil {
            throw ValidationError("--month: '\(month)' is not a month; expected YYYY-MM, e.g. 2026-11")
        }
    }

    /// `2026-11` as (2026, 11); nil for anything else.
    static func parseMonth(_ text: String) -> (year: Int, month: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month), LocalDate(year: year, month: month, day: 1) != nil
        else { return nil }
        return (year, month)
    }

    struct Row: Encodable {
        let branch: String
        let line: String?
        let open: Int
        let overdue: Int
    }

    func run() throws {
        if let month, let (year, number) = Self.parseMonth(month) {
            let format: MonthlyReportRendering.Format =
                switch self.format {
                case .table, .md: .md
                case .html: .html
                case .json: .json
                case .csv: .csv
                case .excelCSV: .excelCSV
                }
            let text = try MonthlyReportSource.render(global, branch: branch, year: year, month: number, format: format)
            print(text, terminator: format == .excelCSV ? "" : "\n")
            return
        }
        // The whole bank from the database alone when every branch file is unchanged and
        // materialised through today (see `StoredContext`): the counts come from the index of
        // open items, and no branch file is parsed.
        if branch == nil,
            let (_, branches, counts) = StoredContext.openBank(global, alongside: { try $0.openCounts(now: $1) })
        {
            let rows = branches.map { b in
                let c = counts[b.key] ?? (0, 0)
                return Row(branch: b.key, line: nil, open: c.open, overdue: c.overdue)
            }
            let names = Dictionary(branches.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
            try render(rows, branchName: { names[$0] ?? $0 }, lineTitle: { $0 })
            return
        }
        let context = try CommandContext.load(global, branchID: branch)
        let configuration = context.configuration
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
        try render(
            rows, branchName: { configuration.branch($0)?.name ?? $0 },
            lineTitle: { configuration.catalog.lines[$0]?.title ?? $0 })
    }

    private func render(_ rows: [Row], branchName: (String) -> String, lineTitle: (String) -> String) throws {
        switch format {
        case .md, .html:
            throw ValidationError("--format \(format.rawValue) is for the monthly report: add --month YYYY-MM")
        case .json:
            try Output.json(rows)
        case .csv, .excelCSV:
            print(
                CSV.document(
                    header: ["branch", "line", "open", "overdue"],
                    rows: rows.map { [$0.branch, $0.line ?? "", String($0.open), String($0.overdue)] },
                    excel: format == .excelCSV), terminator: format == .csv ? "\n" : "")
        case .table:
            var table = TextTable(headers: ["网点 BRANCH", "线条 LINE", "未完成 OPEN", "逾期 OVERDUE"])
            for r in rows {
                let name = branchName(r.branch)
                let line = r.line.map(lineTitle) ?? "全部 all"
                table.append([name, line, String(r.open), String(r.overdue)])
            }
            print(table.render())
        }
    }
}
