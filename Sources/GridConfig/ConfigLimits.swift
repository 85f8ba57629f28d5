/// The bounds every value of the schedules must fall within, as the README's schedules
/// section documents them. Values outside are validation errors with file, line and field:
/// a count of ten quadrillion business days is a typo, and the calendar arithmetic it would
/// lead to is the kind that overflows.
public enum ConfigLimits {
    /// Business days in any count: escalation `after` and `nag-every`, the digest's `every`, a duty's `remind`, a
    /// triggered duty's `after N business-days`. Two years of business days.
    public static let businessDays = 0...520
    /// `policy.yaml`'s `late-entry-after`: business days a completion may be dated back
    /// before it is a late entry.
    public static let lateEntryAfter = 0...30
    /// Any other whole number a file gives.
    public static let anyInteger = -1_000_000...1_000_000
    /// An integrity item's `points`, either way (a red line's deduction at most): a point
    /// value past it is a typo, and a year's entries are summed.
    public static let integrityPoints = -1000...1000
    /// A duty's `count`: completions owed inside one period.
    public static let count = 1...1000
    /// The years a date or a calendar year may name.
    public static let years = 1900...2999
    /// Characters (Unicode scalars) of a title, a name or any other one-line value.
    public static let shortText = 200
    /// Characters of a note, a clause or a notice, which may run over several lines.
    public static let longText = 4000
    /// Characters of an id. An id is letters, digits, `.`, `_` and `-` only: ids are joined
    /// with `/` into occurrence keys (`DUTY/PERIOD`) and appear unquoted in log lines.
    public static let idLength = 64

    /// The range of a whole-number field, by its key: every field named here has this
    /// range wherever it appears, and any other whole number `anyInteger`.
    static func range(of key: String) -> ClosedRange<Int> {
        switch key {
        case "after", "nag-every", "remind", "every": businessDays
        case "year": years
        case "late-entry-after": lateEntryAfter
        case "points": integrityPoints
        // WeCom's application ids are 32-bit (1000002 for the first custom application).
        case "agent-id": 1...2_147_483_647
        default: anyInteger
        }
    }

    static func idProblem(_ text: String) -> String {
        "\(quoted(text)) is not a valid id; expected at most \(idLength) letters, digits, '.', '_' or '-'"
    }

    /// Whether `text` can be an id.
    public static func isValidID(_ text: String) -> Bool {
        guard !text.isEmpty, text.unicodeScalars.count <= idLength else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
    }

    /// A value as quoted in a message: control characters escaped and anything long cut, so
    /// that a hostile value cannot forge lines of the report it is named in.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for (n, scalar) in text.unicodeScalars.enumerated() {
            if n == 40 {
                result += "…"
                break
            }
            if scalar == "'" {
                result += "\\'"
            } else if isUnprintable(scalar) {
                result += scalar.escaped(asASCII: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "'"
    }

    /// `text` with every unprintable character escaped (`\n`, `\u{1B}`).
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnprintable) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isUnprintable(scalar) {
                result += scalar.escaped(asASCII: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Control characters and invisible formatting (line and paragraph separators, bidi
    /// overrides), which no one-line value may hold.
    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
