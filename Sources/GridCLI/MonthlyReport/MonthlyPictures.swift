import GridCore

/// The report's pictures, drawn as inline SVG: nothing fetched, nothing run. Their numbers
/// are the figures the tables beside them state (and tag), so a picture adds no figure of
/// its own but for the heat map, whose cells are tagged with the day's figures.
enum MonthlyPictures {
    /// The month as a calendar, Monday first: each business day coloured by its on-time
    /// rate (red 0% through amber to green 100%), a business day with nothing due pale,
    /// a closed day grey, a day after the report's instant paler still (its items are still
    /// to come); each cell shows the day and "on time/owed".
    static func heatMap(_ figures: MonthlyFigures) -> String {
        let cell = 52.0
        let gap = 4.0
        let top = 18.0
        let leading = figures.firstDay.weekday.index
        let weeks = (leading + figures.days.count + 6) / 7
        let width = 7 * (cell + gap)
        let height = top + Double(weeks) * (cell + gap)
        var svg = """
            <svg viewBox="0 0 \(width) \(height)" width="\(width)" \
            height="\(height)" role="img" aria-label="每日按时完成率 on-time rate per business day">
            """
        for (i, name) in ["一", "二", "三", "四", "五", "六", "日"].enumerated() {
            svg += "<text x=\"\(Double(i) * (cell + gap) + cell / 2)\" y=\"12\" text-anchor=\"middle\" "
            svg += "font-size=\"11\" fill=\"#52606d\">\(name)</text>"
        }
        for (n, day) in figures.days.enumerated() {
            let slot = leading + n
            let x = Double(slot % 7) * (cell + gap)
            let y = top + Double(slot / 7) * (cell + gap)
            let path = "days/\(day.date)/"
            let rate = day.tally.onTimeRate
            let coloured = day.business && day.date <= figures.asOfDay ? rate : nil
            let pale = day.tally.owed > 0 && day.date <= figures.asOfDay ? "#e4e7eb" : "#f5f7fa"
            let fill = !day.business ? "#bcc3ca" : coloured.map(HTMLText.rateColour) ?? pale
            let ink = coloured.map { $0 < 0.25 || $0 > 0.75 } ?? false ? "#ffffff" : "#1f2933"
            svg += "<g class=\"day\(day.business ? "" : " closed")\">"
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"4\" fill=\"\(fill)\""
            svg += HTMLText.figure(path + "on_time_rate", HTMLText.rateValue(rate)) + "/>"
            svg += "<text x=\"\(x + 5)\" y=\"\(y + 15)\" font-size=\"12\" font-weight=\"600\" fill=\"\(ink)\">"
            svg += "\(day.date.day)\(day.business ? "" : " 休")</text>"
            svg +=
                "<text x=\"\(x + cell - 5)\" y=\"\(y + cell - 8)\" font-size=\"11\" text-anchor=\"end\" fill=\"\(ink)\">"
            svg += "<tspan\(HTMLText.figure(path + "on_time", String(day.tally.onTime)))>\(day.tally.onTime)</tspan>/"
            svg += "<tspan\(HTMLText.figure(path + "owed", String(day.tally.owed)))>\(day.tally.owed)</tspan></text>"
            svg += "<desc\(HTMLText.figure(path + "waived", String(day.tally.waived)))>豁免 waived "
            svg += "\(day.tally.waived)</desc>"
            svg += "<desc\(HTMLText.figure(path + "business", String(day.business)))>"
            svg += (day.business ? "营业日 business day" : "非营业日 closed") + "</desc>"
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// One horizontal bar per row, on time, late, missed, waived and pending stacked, on one
    /// scale (the largest owed).
    static func stackedBars(_ rows: [MonthlyFigures.Row], label: String) -> String {
        let labelWidth = 130.0
        let barWidth = 540.0
        let rowHeight = 18.0
        let height = Double(rows.count) * rowHeight + 4
        let scale = Double(max(1, rows.map(\.tally.owed).max() ?? 1))
        var svg = """
            <svg viewBox="0 0 \(labelWidth + barWidth) \(height)" \
            width="\(labelWidth + barWidth)" height="\(height)" role="img" aria-label="\(HTMLText.escaped(label))">
            """
        for (i, row) in rows.enumerated() {
            let y = Double(i) * rowHeight + 2
            svg += "<text x=\"0\" y=\"\(y + 12)\" font-size=\"11\">\(HTMLText.escaped(clipped(row.name)))</text>"
            var x = labelWidth
            let t = row.tally
            for (count, colour) in [
                (t.onTime, HTMLText.onTimeColour), (t.late, HTMLText.lateColour), (t.missed, HTMLText.missedColour),
                (t.waived, HTMLText.waivedColour), (t.pending, HTMLText.pendingColour),
            ] where count > 0 {
                let w = Double(count) / scale * barWidth
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(rowHeight - 5)\" fill=\"\(colour)\"/>"
                x += w
            }
        }
        return svg + "</svg>"
    }

    /// How many people are in each band, worst first.
    static func bandBars(_ bands: [IntegrityBand: Int]) -> String {
        let width = 670.0
        let rowHeight = 20.0
        let scale = Double(max(1, bands.values.max() ?? 1))
        var svg = """
            <svg viewBox="0 0 \(width) \(rowHeight * 4 + 4)" width="\(width)" \
            height="\(rowHeight * 4 + 4)" role="img" aria-label="积分档次分布 people per band">
            """
        for (i, band) in IntegrityBand.allCases.enumerated() {
            let y = Double(i) * rowHeight + 2
            let w = Double(bands[band] ?? 0) / scale * (width - 130)
            svg += "<text x=\"0\" y=\"\(y + 13)\" font-size=\"11\">\(band.chinese) \(band.rawValue)</text>"
            svg += "<rect x=\"130\" y=\"\(y)\" width=\"\(w)\" height=\"\(rowHeight - 6)\" "
            svg += "fill=\"\(HTMLText.bandColour(band))\"/>"
        }
        return svg + "</svg>"
    }

    /// A label short enough for the bars' label column.
    static func clipped(_ name: String) -> String {
        name.count > 12 ? String(name.prefix(11)) + "…" : name
    }

    /// The colours of the stacked bars, explained.
    static let legend = """
        <p class="legend"><span><i style="background:\(HTMLText.onTimeColour)"></i>按时 on time</span>\
        <span><i style="background:\(HTMLText.lateColour)"></i>逾期完成 late</span>\
        <span><i style="background:\(HTMLText.missedColour)"></i>未完成 missed</span>\
        <span><i style="background:\(HTMLText.waivedColour)"></i>豁免 waived</span>\
        <span><i style="background:\(HTMLText.pendingColour)"></i>未到期 pending</span></p>
        """
}
