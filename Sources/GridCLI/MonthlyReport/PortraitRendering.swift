import GridCore

/// The one-page employee portrait (员工画像) as HTML, in the monthly report's style: the
/// duties by line, lateness per month and the band at each month's end as pictures, and the
/// points entries with their running total. It fits one A4 page: beyond
/// ``maximumEntriesShown`` entries only the latest are listed, with the count of the others.
package enum PortraitRendering {
    package static let maximumEntriesShown = 18

    /// One line per entry, cut with an ellipsis, so the page's height is known.
    static let entriesStyle = """
        table.entries { table-layout: fixed; font-size: 9pt; }
        table.entries td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        table.entries th:nth-child(2), table.entries th:nth-child(3) { text-align: left; }
        """

    package static func html(_ model: PortraitModel) -> String {
        let e = HTMLText.escaped
        var body = "<h1>\(e(model.name)) 员工画像 \(model.year)</h1>\n"
        body += "<p class=\"meta\">\(e(model.person)) · \(e(model.branchName))(\(e(model.branch)))</p>\n"
        var lines = "<table><thead><tr><th>线条 line</th><th>应办 owed</th><th>按时 on time</th>"
        lines += "<th>逾期完成 late</th><th>未完成 missed</th><th>豁免 waived</th><th>按时率 rate</th></tr></thead><tbody>"
        for l in model.lines {
            let t = l.tally
            lines += "<tr><td class=\"text\">\(e(l.title))</td><td>\(t.owed)</td><td>\(t.onTime)</td><td>\(t.late)</td>"
            lines += "<td>\(t.missed)</td><td>\(t.waived)</td><td>\(HTMLText.percent(t.onTimeRate))</td></tr>"
        }
        if model.lines.isEmpty { lines += "<tr><td class=\"text\" colspan=\"7\">无 none</td></tr>" }
        body += MonthlyReportRendering.section("履职 Duties", lines + "</tbody></table>")
        body += MonthlyReportRendering.section(
            "每月逾期与未完成 Late or missed per month", latenessChart(model.latenessByMonth))
        body += MonthlyReportRendering.section("每月档次 Band at each month's end", bandStrip(model.bands))
        body += MonthlyReportRendering.section("积分明细 Points", entries(model))
        return MonthlyReportRendering.page(
            title: "\(model.name) 员工画像 \(model.year)", body: body, extraStyle: entriesStyle)
    }

    private static func entries(_ model: PortraitModel) -> String {
        let e = HTMLText.escaped
        let all = model.runningTotals
        let shown = all.suffix(maximumEntriesShown)
        var html = ""
        if all.count > shown.count {
            html += "<p class=\"meta\">前 \(all.count - shown.count) 条从略 \(all.count - shown.count) earlier entries "
            html += "not listed; total before them: \(all[all.count - shown.count - 1].total)</p>"
        }
        html += "<table class=\"entries\"><colgroup><col style=\"width:24mm\"><col style=\"width:34mm\"><col>"
        html += "<col style=\"width:18mm\"><col style=\"width:18mm\"></colgroup>"
        html += "<thead><tr><th>日期 day</th><th>规则 rule</th><th>事由 what</th><th>分 points</th>"
        html += "<th>累计 total</th></tr></thead><tbody>"
        for (entry, total) in shown {
            html += "<tr><td>\(entry.day)</td><td class=\"text\">\(e(entry.rule))</td>"
            html += "<td class=\"text\">\(e(clipped(entry.text)))</td>"
            html += "<td>\(entry.points > 0 ? "+" : "")\(entry.points)</td><td>\(total)</td></tr>"
        }
        if all.isEmpty { html += "<tr><td colspan=\"5\">无 none</td></tr>" }
        return html + "</tbody></table>"
    }

    /// One column per month, its height the items late or missed.
    static func latenessChart(_ counts: [Int]) -> String {
        let width = 670.0
        let height = 110.0
        let column = width / 12
        let scale = Double(max(1, counts.max() ?? 1))
        var svg = """
            <svg viewBox="0 0 \(width) \(height)" width="\(width)" \
            height="\(height)" role="img" aria-label="每月逾期 late or missed per month">
            """
        for month in 1...12 {
            let x = Double(month - 1) * column
            if month <= counts.count {
                let count = counts[month - 1]
                let h = Double(count) / scale * (height - 36)
                svg += "<rect x=\"\(x + 8)\" y=\"\(height - 18 - h)\" width=\"\(column - 16)\" height=\"\(h)\" "
                svg += "fill=\"\(HTMLText.missedColour)\"/>"
                svg += "<text x=\"\(x + column / 2)\" y=\"\(height - 22 - h)\" font-size=\"10\" "
                svg += "text-anchor=\"middle\">\(count)</text>"
            }
            svg += "<text x=\"\(x + column / 2)\" y=\"\(height - 4)\" font-size=\"10\" text-anchor=\"middle\" "
            svg += "fill=\"#52606d\">\(month)月</text>"
        }
        return svg + "</svg>"
    }

    /// Twelve cells, each month's band colour; an unknown month left blank.
    static func bandStrip(_ bands: [PortraitModel.MonthBand]) -> String {
        let width = 670.0
        let column = width / 12
        let byMonth = Dictionary(bands.map { ($0.month, $0.band) }, uniquingKeysWith: { _, b in b })
        var svg = """
            <svg viewBox="0 0 \(width) 46" width="\(width)" height="46" \
            role="img" aria-label="每月档次 band per month">
            """
        for month in 1...12 {
            let x = Double(month - 1) * column
            let fill = byMonth[month].map(HTMLText.bandColour) ?? "#f5f7fa"
            svg += "<rect x=\"\(x + 2)\" y=\"2\" width=\"\(column - 4)\" height=\"26\" rx=\"3\" fill=\"\(fill)\" "
            svg += "stroke=\"#cbd2d9\"/>"
            if let band = byMonth[month] {
                svg += "<text x=\"\(x + column / 2)\" y=\"20\" font-size=\"11\" text-anchor=\"middle\" "
                svg += "fill=\"#ffffff\">\(band.chinese)</text>"
            }
            svg += "<text x=\"\(x + column / 2)\" y=\"42\" font-size=\"10\" text-anchor=\"middle\" "
            svg += "fill=\"#52606d\">\(month)月</text>"
        }
        return svg + "</svg>"
    }

    /// An entry's text cut to one line of the table.
    static func clipped(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(39)) + "…" : text
    }
}
