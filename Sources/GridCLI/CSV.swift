import Foundation
import GridConfig
import GridCore
import GridStore

/// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled.
///
/// Cells are untrusted text. A control character is escaped as in every other output
/// (``UntrustedText``), and a cell that a spreadsheet would read as a formula — one that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return — is prefixed with a single
/// quote, as OWASP advises against CSV injection: `=HYPERLINK(…)` in a note is shown as
/// text, not run. JSON (`--format json`) is the exact form for programs.
enum CSV {
    /// A whole CSV document: a header and rows. For Excel on a Chinese Windows PC
    /// (`--format excel-csv`) it starts with a UTF-8 byte-order mark, without which Excel
    /// reads the file in the system's GBK code page and garbles every Chinese name, and ends
    /// its lines with CRLF, as RFC 4180 writes them.
    static func document(header: [String], rows: [[String]], excel: Bool) -> String {
        let lines = ([header] + rows).map(line)
        return excel ? "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n" : lines.joined(separator: "\n")
    }

    static func line(_ fields: [String]) -> String {
        fields.map { raw in
            let field = UntrustedText.escaped(neutralized(raw))
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    /// `field` with a `'` before it when a spreadsheet would take it for a formula.
    static func neutralized(_ field: String) -> String {
        guard let first = field.unicodeScalars.first else { return field }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + field
        default: return field
        }
    }
}
