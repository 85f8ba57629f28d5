import GridCore

extension MonthlyReportRendering {
    /// One self-contained page: inline CSS, inline SVG, no script and nothing fetched, so it
    /// reads the same offline, mailed or printed. Every figure it states is an element with
    /// `data-figure` (the JSON path, `lines/ops/on_time`) and `data-value` (the JSON value),
    /// so a program can check the page against the JSON; every text from a person or the
    /// configuration (names, titles) is escaped (``HTMLText``).
    static func html(_ f: MonthlyFigures) -> String {
        let e = HTMLText.escaped
        var body = "<h1>\(e(f.branchName)) 月度督导报告 \(e(f.month))</h1>\n"
        body += "<p class=\"meta\">网点 branch \(e(f.branch)) · 统计期 \(f.firstDay) – \(f.lastDay) · "
        body += "截至 as of \(e(f.asOfText))</p>\n"
        body += section("合计 Totals", tallyTable([("total", "合计 total", f.totals)], prefix: { _ in "totals/" }))
        body += section(
            "每日按时完成率 On-time rate per business day",
            MonthlyPictures.heatMap(f)
                + "<p class=\"meta\">格内:按时/应办;颜色:红 0% → 绿 100%;灰:非营业日。"
                + "Each day: on time/owed; red 0% to green 100%; grey: closed.</p>")
        for (title, key, rows) in [
            ("线条 Lines", "lines", f.lines), ("网格 Grids", "grids", f.grids), ("人员 People", "people", f.people),
        ] {
            guard !rows.isEmpty else {
                body += section(title, "<p class=\"none\">无 none</p>")
                continue
            }
            let table = tallyTable(rows.map { ($0.key, $0.name, $0.tally) }, prefix: { "\(key)/\($0)/" })
            let bars = key == "grids" ? "" : MonthlyPictures.stackedBars(rows, label: title) + MonthlyPictures.legend
            body += section(title, bars + table)
        }
        body += section("逾期账龄与升级 Overdue by age and escalations", agesAndEscalations(f))
        body += section("整改台账 Rectification ledger", ledger(f))
        body += section("清廉积分 Integrity", integrity(f))
        return page(title: "\(f.branchName) 月度督导报告 \(f.month)", body: body)
    }

    /// A whole page around `body`, with the shared style.
    static func page(title: String, body: String, extraStyle: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escaped(title))</title>
        <style>
        \(HTMLText.style)
        \(extraStyle)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>
        """
    }

    static func section(_ title: String, _ content: String) -> String {
        "<section>\n<h2>\(HTMLText.escaped(title))</h2>\n\(content)\n</section>\n"
    }

    /// A table of tallies, one row each, every count tagged under `prefix(key)`.
    static func tallyTable(_ rows: [(key: String, name: String, tally: DutyTally)], prefix: (String) -> String)
        -> String
    {
        var html = "<table><thead><tr><th></th><th>应办 owed</th><th>按时 on time</th><th>逾期完成 late</th>"
        html += "<th>未完成 missed</th><th>豁免 waived</th><th>未到期 pending</th><th>按时率 rate</th></tr></thead><tbody>"
        for row in rows {
            html += "<tr><td class=\"text\">\(HTMLText.escaped(row.name))</td>"
            for (figure, value) in tallyValues(row.tally) {
                let shown = figure == "on_time_rate" ? HTMLText.percent(row.tally.onTimeRate) : value
                html += "<td\(HTMLText.figure(prefix(row.key) + figure, value))>\(shown)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    private static func agesAndEscalations(_ f: MonthlyFigures) -> String {
        var html = "<table><thead><tr><th>逾期工作日 business days overdue</th><th>1–3</th><th>4–10</th><th>11+</th>"
        html += "</tr></thead><tbody><tr><td>未完成事项 missed items</td>"
        for (figure, value) in ageValues(f.overdueByAge) {
            html += "<td\(HTMLText.figure("overdue_by_age/" + figure, value))>\(value)</td>"
        }
        html += "</tr></tbody></table>"
        html += "<table><thead><tr><th>本月升级 escalations raised</th><th>合计 total</th>"
        let levels = f.escalations.byLevel.keys.sorted()
        for level in levels { html += "<th>\(level) 级 level \(level)</th>" }
        html += "</tr></thead><tbody><tr><td>升级提醒 escalation alerts</td>"
        html += "<td\(HTMLText.figure("escalations/total", String(f.escalations.total)))>\(f.escalations.total)</td>"
        for level in levels {
            let count = String(f.escalations.byLevel[level]!)
            html += "<td\(HTMLText.figure("escalations/by_level/\(level)", count))>\(count)</td>"
        }
        return html + "</tr></tbody></table>"
    }

    private static func ledger(_ f: MonthlyFigures) -> String {
        guard let ledger = f.ledger else { return "<p class=\"none\">无整改台账 no ledger</p>" }
        var html = "<p>截至 \(ledger.asOf):\(HTMLText.escaped(ledger.sentence))</p>"
        html += "<table><thead><tr><th>项目 figure</th><th>数 count</th></tr></thead><tbody>"
        for (figure, value) in MonthlyFigures.ledgerTotals(ledger.totals) {
            html += "<tr><td>\(figure)</td><td\(HTMLText.figure("ledger/totals/" + figure, String(value)))>"
            html += "\(value)</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private static func integrity(_ f: MonthlyFigures) -> String {
        guard let integrity = f.integrity else { return "<p class=\"none\">无清廉积分表 no integrity table</p>" }
        var html = MonthlyPictures.bandBars(integrity.bands)
        html += "<table><thead><tr><th>档次 band</th>"
        for band in IntegrityBand.allCases { html += "<th>\(band.chinese) \(band.rawValue)</th>" }
        html += "</tr></thead><tbody><tr><td>人数 people</td>"
        for band in IntegrityBand.allCases {
            let count = String(integrity.bands[band] ?? 0)
            html += "<td\(HTMLText.figure("integrity/bands/" + band.rawValue, count))>\(count)</td>"
        }
        html += "</tr></tbody></table>"
        html += "<table><thead><tr><th>人员 person</th><th>积分 total</th><th>档次 band</th><th>红线 red line</th>"
        html += "</tr></thead><tbody>"
        var rows: [(path: String, name: String, standing: IntegrityStanding)] = []
        if let own = integrity.branch { rows.append(("integrity/branch/", f.branchName, own)) }
        rows += integrity.people.map { ("integrity/people/\($0.id)/", $0.name, $0.standing) }
        for row in rows {
            let s = row.standing
            html += "<tr><td class=\"text\">\(HTMLText.escaped(row.name))</td>"
            html += "<td\(HTMLText.figure(row.path + "total", String(s.total)))>\(s.total)</td>"
            html += "<td\(HTMLText.figure(row.path + "band", s.band.rawValue)) style=\"color:"
            html += "\(HTMLText.bandColour(s.band))\">\(s.band.chinese) \(s.band.rawValue)</td>"
            html += "<td\(HTMLText.figure(row.path + "red_line", String(s.redLine)))>\(s.redLine ? "是 yes" : "否 no")"
            html += "</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
