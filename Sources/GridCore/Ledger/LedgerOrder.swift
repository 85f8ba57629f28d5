/// The order numbers are listed in: as people number them, so 2 before 10 and 1.2 before
/// 1.10, whatever digits and separators a branch uses.
public enum LedgerOrder {
    /// A key that compares runs of digits by value and the rest as text.
    public static func key(_ text: String) -> Key {
        var parts: [Part] = []
        var digits = ""
        var other = ""
        func flush() {
            if !digits.isEmpty {
                let trimmed = digits.drop(while: { $0 == "0" })
                parts.append(Part(isNumber: true, width: trimmed.count, text: String(trimmed)))
                digits = ""
            }
            if !other.isEmpty {
                parts.append(Part(isNumber: false, width: 0, text: other))
                other = ""
            }
        }
        for character in text {
            // ASCII digits by their byte: Unicode's numeric property is costly, and a bank's
            // report compares these keys by the hundred thousand.
            if let ascii = character.asciiValue, ascii >= 0x30, ascii <= 0x39 {
                if !other.isEmpty { flush() }
                digits.append(character)
            } else {
                if !digits.isEmpty { flush() }
                other.append(character)
            }
        }
        flush()
        return Key(parts: parts)
    }

    /// Compares part by part.
    public struct Key: Comparable, Sendable {
        var parts: [Part]

        public static func < (a: Key, b: Key) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
    }

    /// One run of a number: digits compare by length first (no leading zeros), then text.
    public struct Part: Comparable, Sendable {
        var isNumber: Bool
        var width: Int
        var text: String

        public static func < (a: Part, b: Part) -> Bool {
            if a.isNumber != b.isNumber { return a.isNumber }
            if a.isNumber, a.width != b.width { return a.width < b.width }
            return a.text < b.text
        }
    }

    /// `items` in the order of their references, each key made once.
    public static func sorted(_ items: [LedgerReference]) -> [LedgerReference] {
        items.map { (key($0.branch), key($0.finding), key($0.measure ?? ""), $0) }
            .sorted { ($0.0, $0.1, $0.2, $0.3.branch, $0.3.finding) < ($1.0, $1.1, $1.2, $1.3.branch, $1.3.finding) }
            .map(\.3)
    }
}
