import GridCore

/// Text made safe inside an HTML page (element content and quoted attribute values alike):
/// control characters first written as visible escapes (``UntrustedText``), then `& < > " '`
/// as character references, so a name can neither close an element nor an attribute.
package enum HTMLText {
    package static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in UntrustedText.escaped(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The attributes that mark an element as showing a figure of the report's JSON: its
    /// path (`lines/ops/on_time`) and its value as JSON writes it (`null` for no rate).
    package static func figure(_ path: String, _ value: String) -> String {
        " data-figure=\"\(escaped(path))\" data-value=\"\(escaped(value))\""
    }

    /// A rate as a percentage with one decimal, or a dash for none.
    package static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        let tenths = Int((rate * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A rate's JSON value.
    package static func rateValue(_ rate: Double?) -> String {
        rate.map { "\($0)" } ?? "null"
    }

    /// The style shared by the monthly report and the portrait: A4, a font stack with Chinese
    /// faces on a stock Windows PC, a Mac and Linux with Noto CJK, and sections kept whole.
    package static let style = """
        @page { size: A4; margin: 14mm 12mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0 auto; max-width: 186mm; color: #1f2933; font-size: 10.5pt; line-height: 1.45;
          font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
          "WenQuanYi Micro Hei", sans-serif; }
        h1 { font-size: 17pt; margin: 0 0 2mm; }
        h2 { font-size: 12.5pt; margin: 5mm 0 2mm; border-bottom: 1px solid #9aa5b1; break-after: avoid; }
        p.meta { color: #52606d; margin: 0 0 3mm; }
        section { break-inside: avoid; page-break-inside: avoid; }
        table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        th, td { border: 1px solid #cbd2d9; padding: 0.6mm 1.6mm; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f0f4f8; font-weight: 600; }
        td.text { text-align: left; }
        svg { display: block; max-width: 100%; height: auto; }
        svg text { font-family: inherit; }
        .legend span { display: inline-block; margin-right: 4mm; }
        .legend i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: -0.3mm; }
        .none { color: #52606d; font-style: italic; }
        """

    package static let onTimeColour = "#2e7d32"
    package static let lateColour = "#f9a825"
    package static let missedColour = "#c62828"
    package static let waivedColour = "#90a4ae"
    package static let pendingColour = "#d9e2ec"

    package static func bandColour(_ band: IntegrityBand) -> String {
        switch band {
        case .red: "#c62828"
        case .yellow: "#f9a825"
        case .blue: "#1565c0"
        case .green: "#2e7d32"
        }
    }

    /// A colour from red (0) through amber (0.5) to green (1).
    package static func rateColour(_ rate: Double) -> String {
        let r = max(0, min(1, rate))
        let (from, to, t): ((Double, Double, Double), (Double, Double, Double), Double) =
            r < 0.5 ? ((198, 40, 40), (249, 168, 37), r * 2) : ((249, 168, 37), (46, 125, 50), (r - 0.5) * 2)
        func channel(_ a: Double, _ b: Double) -> String {
            let v = Int((a + (b - a) * t).rounded())
            let hex = String(v, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(from.0, to.0) + channel(from.1, to.1) + channel(from.2, to.2)
    }
}
