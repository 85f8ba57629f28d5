/// Text that came from a person (a note, a name, a title, a command's argument) made safe
/// to show on a terminal or write to the journal, where it is one line among others.
///
/// Control characters are written as escapes: `\n`, `\r`, `\t`, `\x1b` for the C0 controls,
/// DEL and the C1 controls, `\u{202e}` above them. Besides the C0/C1 controls that covers
/// the line and paragraph separators (U+2028, U+2029) and the bidirectional formatting
/// characters (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reorder what a
/// terminal shows after them: a name ending in U+202E can make a line read backwards. Every
/// other character, Chinese text included, is left as it is.
public enum UntrustedText {
    /// `text` with every control character escaped; the same string when it has none.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars { result += escape(scalar) }
        return result
    }

    /// `text` escaped and cut to at most `limit` characters, with "…" where it was cut: for
    /// text a remote system sent (an error body), which may be any length.
    public static func shown(_ text: String, limit: Int) -> String {
        let escaped = escaped(text)
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(max(0, limit - 1))) + "…"
    }

    /// Whether `scalar` is escaped by ``escaped(_:)``. ASCII is decided from the code point
    /// alone: this runs on every character of every journal line.
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F { return true }
        if v < 0x80 { return false }
        if v <= 0x9F { return true }
        if v < 0x61C { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (0x2028...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
    }

    /// One character as ``escaped(_:)`` writes it: itself unless it is a control character.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        guard isControl(scalar) else { return String(scalar) }
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            return scalar.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{\(hex)}"
        }
    }

    /// JSON text with every control character that an encoder may leave raw inside a string
    /// (DEL, the C1 controls, the separators and bidirectional formatting characters above)
    /// written as a `\uXXXX` escape, which any JSON reader turns back into the character.
    /// JSON requires the C0 controls to be escaped inside strings, and outside them they are
    /// pretty-printing's white space, so they are left alone; everything else escaped here
    /// can only be inside a string, the structure of JSON being ASCII.
    public static func jsonEscaped(_ json: String) -> String {
        let needsEscape = { (scalar: Unicode.Scalar) in scalar.value >= 0x20 && isControl(scalar) }
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var result = ""
        result.reserveCapacity(json.utf8.count + 8)
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
