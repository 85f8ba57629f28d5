import Foundation
import GridCore
import GridSheets

/// Reads the cells of one row of a ledger sheet as the values the ledger needs, and keeps
/// every problem it meets, located at its cell.
struct RecordReader {
    /// The longest text a cell may hold: longer is not a ledger's text.
    static let maxLength = 4_000

    let sheet: String
    let record: Record
    let columns: [String: Int]
    /// CSV fields carry the formula guard's apostrophe.
    let fromCSV: Bool
    /// Cells holding a formula nobody calculated: empty, but not because someone left them so.
    let uncalculated: Set<CellReference>
    private(set) var issues: [LedgerIssue] = []

    init(sheet: String, record: Record, columns: [String: Int], fromCSV: Bool, uncalculated: Set<CellReference>) {
        self.sheet = sheet
        self.record = record
        self.columns = columns
        self.fromCSV = fromCSV
        self.uncalculated = uncalculated
    }

    /// The cell of `header` in this row.
    func place(_ header: String) -> SheetPlace {
        SheetPlace(sheet: sheet, row: record.row, column: columns[header], header: header)
    }

    mutating func issue(_ header: String, _ problem: String) {
        issues.append(LedgerIssue(place: place(header), problem: problem))
    }

    /// Whether every cell of the row is empty or blank.
    var isBlank: Bool {
        record.values.values.allSatisfy { value in
            if case .text(let text) = value { return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            return false
        }
    }

    /// The cell's text, trimmed: numbers as written (3, 1.5), dates `YYYY-MM-DD`; nil when the
    /// cell is empty or holds what no text may (an error value, control characters, too much).
    mutating func text(_ header: String) -> String? {
        guard let column = columns[header] else { return nil }
        if uncalculated.contains(CellReference(column: column, row: record.row)) {
            issue(header, "the cell holds a formula no program calculated; open and save the workbook in Excel")
            return nil
        }
        guard let value = record[header] else { return nil }
        let raw: String
        switch value {
        case .error(let code):
            issue(header, "the cell holds the error \(escapedForDisplay(code))")
            return nil
        case .text(let text): raw = text
        case .number, .bool, .date: raw = value.description
        }
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if fromCSV { text = CSVFormulaGuard.unguarded(text) }
        guard text.count <= Self.maxLength else {
            issue(header, "the text is \(text.count) characters long, over the limit of \(Self.maxLength)")
            return nil
        }
        if let bad = text.unicodeScalars.first(where: Self.isRefused) {
            issue(
                header,
                "the text holds the control character U+\(String(format: "%04X", bad.value)), which no ledger text may hold"
            )
            return nil
        }
        return text.isEmpty ? nil : text
    }

    /// The cell's text, or an issue when it is empty.
    mutating func required(_ header: String) -> String? {
        let before = issues.count
        let text = text(header)
        if text == nil, issues.count == before { issue(header, "the cell is empty; it is required") }
        return text
    }

    /// The cell's day: a date cell, a plausible serial number or a date written as text.
    mutating func date(_ header: String, required: Bool) -> LocalDate? {
        guard let column = columns[header] else { return nil }
        guard let value = record[header], !uncalculated.contains(CellReference(column: column, row: record.row)) else {
            _ = required ? self.required(header) : text(header)
            return nil
        }
        switch value {
        case .date(let instant):
            return LedgerDateText.date(from: instant)
        case .number(let serial):
            if let date = LedgerDateText.date(fromSerial: serial) { return date }
            issue(header, "'\(value.description)' is a number, not a date")
            return nil
        case .text, .bool, .error:
            let before = issues.count
            guard let text = text(header) else {
                if required, issues.count == before { issue(header, "the cell is empty; it is required") }
                return nil
            }
            if let date = LedgerDateText.date(from: text) { return date }
            issue(header, "'\(escapedForDisplay(text))' is not a date")
            return nil
        }
    }

    /// The cells of `headers` that are not empty, by header.
    mutating func extra(_ headers: [String]) -> [String: String] {
        var extra: [String: String] = [:]
        for header in headers {
            if let text = text(header) { extra[header] = text }
        }
        return extra
    }

    /// Control characters other than tab and line breaks, and the invisible marks that turn
    /// text's direction around (they make a cell read differently from what it holds).
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension RecordReader {
    /// 阶段目标: `DATE 目标`, several separated by `；`, `;` or line breaks; nil when a part
    /// lacks its date or its target.
    mutating func milestones(_ header: String) -> [Milestone]? {
        guard let text = text(header) else { return [] }
        var milestones: [Milestone] = []
        var valid = true
        let parts = text.split(whereSeparator: { ["；", ";", "\n", "\r", "\r\n"].contains($0) })
        for part in parts.map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            var head = part.prefix { !$0.isWhitespace }
            var date = LedgerDateText.date(from: String(head))
            if date == nil, let end = part.firstIndex(of: "日") {
                head = part[...end]
                date = LedgerDateText.date(from: String(head))
            }
            guard let date else {
                issue(
                    header, "the stage target '\(escapedForDisplay(part))' does not start with a date (YYYY-MM-DD 目标)")
                valid = false
                continue
            }
            let target = part.dropFirst(head.count).trimmingCharacters(in: .whitespaces)
            guard !target.isEmpty else {
                issue(header, "the stage target of \(date) says nothing to reach (YYYY-MM-DD 目标)")
                valid = false
                continue
            }
            milestones.append(Milestone(date: date, text: target))
        }
        return valid ? milestones : nil
    }
}
