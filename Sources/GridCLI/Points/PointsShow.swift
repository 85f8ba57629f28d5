import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl points show`: a person's or the branch's total, band, and every entry.
struct PointsShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A person's or the branch's total and band, with every entry line by line.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, md }

    @OptionGroup var global: GlobalOptions
    @Option(help: "The person: a staff id or a unique name.") var person: String?
    @Option(help: "The branch (its own score without --person; default: the only one).") var branch: String?
    @Option(help: "The year (default: this year).") var year: Int?
    @Option(help: "table, json, csv or md.") var format: Format = .table

    func run() throws {
        let points = try PointsContext.load(
            global, branch: branch, person: person.flatMap { $0.contains(".") ? $0 : nil })
        let personID = try person.map { try points.person($0, option: "--person") }
        let year = year ?? points.today.year
        let (score, entries) = try points.score(person: personID, year: year)
        let running = PointsExplanation(
            entries: entries, table: points.table, level: personID == nil ? .branch : .person, year: year)
        let who = personID.map { "\(points.name($0)) (\($0))" } ?? "\(points.branch.name) (\(points.branch.id))"
        switch format {
        case .json:
            try Output.json(
                PointsShowDocument(
                    branch: points.branch.id, person: personID, year: year, baseline: running.baseline,
                    total: score.total, band: score.band.rawValue, red_line: score.redLine,
                    capped: score.capped, entries: running.lines.map(PointsShowDocument.Line.init)))
        case .csv:
            print(
                CSV.document(
                    header: [
                        "id", "day", "rule", "version", "source", "text", "points", "running_total", "reverses",
                        "recorded_by",
                    ],
                    rows: running.lines.map {
                        [
                            String($0.entry.id), $0.entry.day.description, $0.entry.rule, $0.entry.version,
                            $0.entry.source.key, $0.entry.text, String($0.entry.points), String($0.running),
                            $0.entry.reverses.map(String.init) ?? "", $0.entry.recordedBy ?? "",
                        ]
                    }, excel: false))
        case .table, .md:
            var lines = [
                "\(who) · \(year): \(score.total) points, band \(score.band.chinese) (\(score.band.rawValue))"
                    + (score.redLine ? " — red line" : ""),
                "baseline \(running.baseline)",
            ]
            var table = TextTable(headers: ["#", "日期", "项目", "来源", "分", "累计", "说明"])
            for line in running.lines {
                table.append([
                    String(line.entry.id), line.entry.day.description, line.entry.rule, line.entry.source.key,
                    (line.entry.points > 0 ? "+" : "") + String(line.entry.points), String(line.running),
                    line.explanation,
                ])
            }
            if format == .md {
                lines += ["", "| # | 日期 | 项目 | 来源 | 分 | 累计 | 说明 |", "|---:|---|---|---|---:|---:|---|"]
                lines += running.lines.map {
                    "| \($0.entry.id) | \($0.entry.day) | \(LedgerReportRendering.markdownEscaped($0.entry.rule)) | \(LedgerReportRendering.markdownEscaped($0.entry.source.key)) | \($0.entry.points) | \($0.running) | \(LedgerReportRendering.markdownEscaped($0.explanation)) |"
                }
                Output.lines(lines)
            } else {
                Output.lines(lines)
                print(running.lines.isEmpty ? "no entries" : table.render())
            }
        }
    }
}

/// `points show --format json`.
struct PointsShowDocument: Encodable {
    struct Line: Encodable {
        var id: Int64
        var day: String
        var rule: String
        var version: String
        var source: String
        var text: String
        var points: Int
        var running_total: Int
        var reverses: Int64?
        var reason: String?
        var recorded_by: String?
        var approved_by: String?
        var concerns_year: Int?

        init(_ line: PointsExplanation.Line) {
            let e = line.entry
            id = e.id
            day = e.day.description
            rule = e.rule
            version = e.version
            source = e.source.key
            text = e.text
            points = e.points
            running_total = line.running
            reverses = e.reverses
            reason = e.reason
            recorded_by = e.recordedBy
            approved_by = e.approvedBy
            concerns_year = e.concernsYear
        }
    }

    var branch: String
    var person: String?
    var year: Int
    var baseline: Int
    var total: Int
    var band: String
    var red_line: Bool
    var capped: [String: Int]
    var entries: [Line]
}
