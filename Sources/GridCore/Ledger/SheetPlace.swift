/// Where something stands in a workbook: a sheet, a 1-based row and, when one cell is
/// meant, its 1-based column and header. Written `sheet:row:column` with the column as
/// Excel letters, as a person finds it on screen.
public struct SheetPlace: Hashable, Sendable, CustomStringConvertible {
    public var sheet: String
    public var row: Int
    public var column: Int?
    public var header: String?

    public init(sheet: String, row: Int, column: Int? = nil, header: String? = nil) {
        self.sheet = sheet
        self.row = row
        self.column = column
        self.header = header
    }

    /// The same row, at the column of `header` (nil column when the sheet lacks it).
    public func at(_ header: String, columns: [String: Int]) -> SheetPlace {
        SheetPlace(sheet: sheet, row: row, column: columns[header], header: header)
    }

    public var description: String {
        guard let column else { return "\(sheet):\(row)" }
        return "\(sheet):\(row):\(Self.letters(column))"
    }

    /// 1 → A, 27 → AA.
    public static func letters(_ column: Int) -> String {
        var n = column
        var text = ""
        while n > 0 {
            let digit = (n - 1) % 26
            text = String(UnicodeScalar(UInt8(65 + digit))) + text
            n = (n - 1) / 26
        }
        return text
    }
}
