import GridCore

/// A plain-text table whose columns line up in a terminal, Chinese text included. Cells are
/// untrusted text: their control characters are escaped (``UntrustedText``), so a cell is
/// shown as one line and cannot move the cursor or reorder what follows it.
public struct TextTable {
    public let headers: [String]
    public private(set) var rows: [[String]] = []

    public init(headers: [String]) {
        self.headers = headers.map(UntrustedText.escaped)
    }

    public mutating func append(_ row: [String]) {
        rows.append(row.map(UntrustedText.escaped))
    }

    public func render() -> String {
        // Each cell's width is measured once: a bank-wide report has 20,000 rows.
        let headerWidths = headers.map(DisplayWidth.of)
        let rowWidths = rows.map { $0.map(DisplayWidth.of) }
        var widths = headerWidths
        for row in rowWidths {
            for (i, width) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width) }
        }
        var out = ""
        out.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rows.count + 2))
        func line(_ cells: [String], _ cellWidths: [Int]) {
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += "  " }
                out += cell
                if i < cells.count - 1, i < widths.count, cellWidths[i] < widths[i] {
                    out += String(repeating: " ", count: widths[i] - cellWidths[i])
                }
            }
        }
        line(headers, headerWidths)
        out += "\n"
        line(widths.map { String(repeating: "-", count: $0) }, widths)
        for (cells, cellWidths) in zip(rows, rowWidths) {
            out += "\n"
            line(cells, cellWidths)
        }
        return out
    }
}
