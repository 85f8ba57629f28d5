/// How many terminal columns a string takes: East Asian wide and fullwidth characters
/// (汉字, fullwidth punctuation) take two, combining marks none. Chinese titles and names
/// would break a table's alignment if counted as characters.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        // Most of a table is ASCII and 汉字: answered before the Unicode property lookup,
        // which costs more than the rest of a listing's rendering.
        if (0x20..<0x300).contains(v) { return 1 }
        if (0x4E00...0x9FFF).contains(v) { return 2 }
        if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// Wide (W) and fullwidth (F) ranges of Unicode's East Asian Width property.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` padded with spaces to `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let missing = width - of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }
}
