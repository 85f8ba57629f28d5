/// Keeps a spreadsheet program from running text as a formula when it opens a CSV file: text
/// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written after an
/// apostrophe, and the reader takes that apostrophe off again, so writing then reading gives
/// back the same text, apostrophes included.
enum CSVFormulaGuard {
    private static let dangerous: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// Whether `text` is written after an apostrophe: it starts with a dangerous character, or
    /// with apostrophes before one (so that a text that already starts so survives the trip).
    static func needsGuard(_ text: Substring) -> Bool {
        guard let first = text.first else { return false }
        if dangerous.contains(first) { return true }
        return first == "'" && needsGuard(text.dropFirst())
    }

    /// The text as written to a CSV file.
    static func guarded(_ text: String) -> String {
        needsGuard(text[...]) ? "'" + text : text
    }

    /// The text a CSV field held, without the writer's apostrophe.
    static func unguarded(_ text: String) -> String {
        text.first == "'" && needsGuard(text.dropFirst()) ? String(text.dropFirst()) : text
    }
}
