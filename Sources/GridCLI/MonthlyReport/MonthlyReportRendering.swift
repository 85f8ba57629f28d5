import ArgumentParser
import Foundation
import GridCore

/// How `gridctl report --month` prints ``MonthlyFigures``: JSON for programs, Markdown for a
/// wiki or the terminal, CSV (one table of figures) for a spreadsheet, and HTML — one
/// self-contained, printable A4 page with pictures — for the people who read it.
///
/// The CSV is one table of five columns, `section,key,name,figure,value`: a row per figure,
/// `section` one of `total`, `line`, `grid`, `person`, `day`, `overdue_by_age`,
/// `escalations`, `ledger`, `integrity`, `integrity_band`; `key` the line, grid, person or
/// day (empty for totals); `figure` the JSON name (`on_time`, `on_time_rate`, …); `value`
/// as JSON writes it (a rate is a fraction, `null` when nothing was counted).
package enum MonthlyReportRendering {
    package enum Format: String, CaseIterable, Sendable {
        case html, md, csv, json
        /// CSV for Excel: a UTF-8 byte-order mark and CRLF line endings.
        case excelCSV = "excel-csv"
    }

    package static func render(_ figures: MonthlyFigures, format: Format) throws -> String {
        switch format {
        case .json: try json(figures)
        case .md: markdown(figures)
        case .csv, .excelCSV: csv(figures, excel: format == .excelCSV)
        case .html: html(figures)
        }
    }

    // MARK: - JSON

    package static func json(_ figures: MonthlyFigures) throws -> String {
        UntrustedText.jsonEscaped(String(decoding: try Output.encodedJSON(figures), as: UTF8.self))
    }

    // MARK: - Figures as rows

    /// Every figure of the report, in reading order: (section, key, name, figure, value).
    static func figureRows(_ f: MonthlyFigures) -> [[String]] {
        var rows: [[String]] = []
        func tally(_ section: String, _ key: String, _ name: String, _ t: DutyTally) {
            for (figure, value) in tallyValues(t) { rows.append([section, key, name, figure, value]) }
        }
        tally("total", "", f.branchName, f.totals)
        for r in f.lines { tally("line", r.key, r.name, r.tally) }
        for r in f.grids { tally("grid", r.key, r.name, r.tally) }
        for r in f.people { tally("person", r.key, r.name, r.tally) }
        for d in f.days {
            for (figure, value) in [
                ("business", String(d.business)), ("owed", String(d.tally.owed)), ("on_time", String(d.tally.onTime)),
                ("waived", String(d.tally.waived)), ("on_time_rate", HTMLText.rateValue(d.tally.onTimeRate)),
            ] {
                rows.append(["day", d.date.description, "", figure, value])
            }
        }
        for (figure, value) in ageValues(f.overdueByAge) { rows.append(["overdue_by_age", "", "", figure, value]) }
        rows.append(["escalations", "", "", "total", String(f.escalations.total)])
        for level in f.escalations.byLevel.keys.sorted() {
            rows.append(["escalations", String(level), "", "by_level", String(f.escalations.byLevel[level]!)])
        }
        if let ledger = f.ledger {
            for (figure, value) in MonthlyFigures.ledgerTotals(ledger.totals) {
                rows.append(["ledger", ledger.asOf.description, "", figure, String(value)])
            }
        }
        if let integrity = f.integrity {
            if let own = integrity.branch { rows += standingRows(f.branch, f.branchName, own) }
            for p in integrity.people { rows += standingRows(p.id, p.name, p.standing) }
            for band in IntegrityBand.allCases {
                rows.append([
                    "integrity_band", band.rawValue, band.chinese, "people", String(integrity.bands[band] ?? 0),
                ])
            }
        }
        return rows
    }

    static func tallyValues(_ t: DutyTally) -> [(String, String)] {
        [
            ("owed", String(t.owed)), ("on_time", String(t.onTime)), ("late", String(t.late)),
            ("missed", String(t.missed)), ("waived", String(t.waived)), ("pending", String(t.pending)),
            ("on_time_rate", HTMLText.rateValue(t.onTimeRate)),
        ]
    }

    static func ageValues(_ a: MonthlyFigures.AgeBuckets) -> [(String, String)] {
        [("1-3", String(a.upTo3)), ("4-10", String(a.upTo10)), ("11+", String(a.over10))]
    }

    private static func standingRows(_ key: String, _ name: String, _ s: IntegrityStanding) -> [[String]] {
        [
            ["integrity", key, name, "total", String(s.total)], ["integrity", key, name, "band", s.band.rawValue],
            ["integrity", key, name, "red_line", String(s.redLine)],
        ]
    }

    // MARK: - CSV

    static func csv(_ f: MonthlyFigures, excel: Bool) -> String {
        CSV.document(header: ["section", "key", "name", "figure", "value"], rows: figureRows(f), excel: excel)
    }

    // MARK: - Markdown

    static func markdown(_ f: MonthlyFigures) -> String {
        func md(_ text: String) -> String { LedgerReportRendering.markdownEscaped(text) }
        let header = "| | 应办 owed | 按时 on time | 逾期完成 late | 未完成 missed | 豁免 waived | 未到期 pending | 按时率 rate |"
        let rule = "|---|---:|---:|---:|---:|---:|---:|---:|"
        func row(_ name: String, _ t: DutyTally) -> String {
            "| \(md(name)) | \(t.owed) | \(t.onTime) | \(t.late) | \(t.missed) | \(t.waived) | \(t.pending) | "
                + "\(HTMLText.percent(t.onTimeRate)) |"
        }
        var out = ["# \(md(f.branchName)) 月度督导报告 \(f.month)", "", "截至 as of \(f.asOfText)", ""]
        out += ["## 合计 Totals", "", header, rule, row("合计 total", f.totals), ""]
        for (title, rows) in [("## 线条 Lines", f.lines), ("## 网格 Grids", f.grids), ("## 人员 People", f.people)] {
            out += [title, "", header, rule] + rows.map { row($0.name, $0.tally) } + [""]
        }
        let a = f.overdueByAge
        out += [
            "## 逾期账龄(工作日)Overdue by age (business days)", "", "| 1–3 | 4–10 | 11+ |", "|---:|---:|---:|",
            "| \(a.upTo3) | \(a.upTo10) | \(a.over10) |", "",
        ]
        let levels = f.escalations.byLevel.keys.sorted().map { "\($0) 级 level \($0): \(f.escalations.byLevel[$0]!)" }
        out += [
            "## 升级 Escalations", "",
            "本月升级 raised this month: \(f.escalations.total)"
                + (levels.isEmpty ? "" : "(" + levels.joined(separator: ";") + ")"), "",
        ]
        out += ["## 每日 Days", "", "| 日期 day | 营业 open | 应办 owed | 按时 on time | 按时率 rate |", "|---|---|---:|---:|---:|"]
        for d in f.days where d.business || d.tally.owed > 0 {
            out.append(
                "| \(d.date) | \(d.business ? "是" : "否") | \(d.tally.owed) | \(d.tally.onTime) | "
                    + "\(HTMLText.percent(d.tally.onTimeRate)) |")
        }
        out += ["", "## 整改台账 Rectification ledger", ""]
        if let ledger = f.ledger {
            out += ["截至 \(ledger.asOf):\(md(ledger.sentence))", "", "| 项目 figure | 数 |", "|---|---:|"]
            out += MonthlyFigures.ledgerTotals(ledger.totals).map { "| \($0.0) | \($0.1) |" }
        } else {
            out.append("无整改台账 no ledger")
        }
        out += ["", "## 清廉积分 Integrity", ""]
        if let integrity = f.integrity {
            out += ["| 人员 person | 积分 total | 档次 band | 红线 red line |", "|---|---:|---|---|"]
            if let own = integrity.branch { out.append(standingRow(md(f.branchName), own)) }
            out += integrity.people.map { standingRow(md($0.name), $0.standing) }
            out += [
                "",
                "档次分布 bands: "
                    + IntegrityBand.allCases.map { "\($0.chinese) \(integrity.bands[$0] ?? 0)" }.joined(separator: ","),
            ]
        } else {
            out.append("无清廉积分表 no integrity table")
        }
        return out.joined(separator: "\n")
    }

    private static func standingRow(_ name: String, _ s: IntegrityStanding) -> String {
        "| \(name) | \(s.total) | \(s.band.chinese) \(s.band.rawValue) | \(s.redLine ? "是 yes" : "否 no") |"
    }
}
