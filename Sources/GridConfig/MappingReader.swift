import Foundation
import GridCore
import Yams

/// Reads one YAML mapping field by field, keeping the line of every value so that a
/// problem can be reported as file:line: field: what was expected. Codable decoding loses
/// the position of values, which is why the files are read from Yams' node tree instead.
struct MappingReader {
    let file: String
    let mapping: Node.Mapping
    let line: Int
    /// How fields of this mapping are named in messages (`duty party.lecture`).
    let context: String
    let log: IssueLog

    init(file: String, node: Node, context: String, log: IssueLog) {
        self.file = file
        self.mapping = node.mapping ?? Node.Mapping([])
        self.line = MappingReader.line(of: node)
        self.context = context
        self.log = log
        if node.mapping == nil {
            log.add(file, line, context, "expected a mapping of fields")
        }
    }

    static func line(of node: Node?) -> Int { node?.mark.map(\.line) ?? 0 }

    func with(context: String) -> MappingReader {
        MappingReader(file: file, node: .mapping(mapping), context: context, log: log)
    }

    func node(_ key: String) -> Node? { mapping[key] }

    func line(of key: String) -> Int {
        for (k, v) in mapping where k.string == key { return MappingReader.line(of: v) }
        return line
    }

    func field(_ key: String) -> String { context.isEmpty ? key : "\(context): \(key)" }

    func fail(_ key: String, _ message: String) {
        log.add(file, line(of: key), field(key), message)
    }

    /// Reports fields this reader does not know: a misspelt `cadance:` must not be ignored.
    func rejectUnknownKeys(_ known: Set<String>) {
        for (k, v) in mapping {
            guard let name = k.string else { continue }
            if !known.contains(name) {
                // A key is quoted from the file: one that is no plain word is shown cut short.
                let shown = ConfigLimits.isValidID(name) ? name : ConfigLimits.quoted(name)
                log.add(
                    file, MappingReader.line(of: v), field(shown),
                    "unknown field; expected one of: \(known.sorted().joined(separator: ", "))")
            }
        }
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = mapping[key] else {
            if required { log.add(file, line, field(key), "missing; this field is required") }
            return nil
        }
        guard let scalar = value.scalar else {
            log.add(file, MappingReader.line(of: value), field(key), "expected a single value, not a list or mapping")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || (scalar.style == .plain && (text == "~" || text == "null")) {
            if required { log.add(file, MappingReader.line(of: value), field(key), "must not be empty") }
            return nil
        }
        // No value of any field is this long; the readers then never hold megabytes of text.
        let length = text.unicodeScalars.count
        if length > ConfigLimits.longText {
            fail(key, "is \(length) characters long; at most \(ConfigLimits.longText) are allowed")
            return nil
        }
        return text
    }

    /// An id: letters, digits, `.`, `_` and `-`, at most `ConfigLimits.idLength` of them.
    func id(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard ConfigLimits.isValidID(text) else {
            fail(key, ConfigLimits.idProblem(text))
            return nil
        }
        return text
    }

    /// A title or a name: one line of at most `ConfigLimits.shortText` characters.
    func text(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        return checked(key, text, limit: ConfigLimits.shortText, multiline: false) ? text : nil
    }

    /// A note, a clause or a notice: at most `ConfigLimits.longText` characters, over lines.
    func longText(_ key: String) -> String? {
        guard let text = string(key) else { return nil }
        return checked(key, text, limit: ConfigLimits.longText, multiline: true) ? text : nil
    }

    /// Checks a field that is read with `string(_:)` elsewhere, as `text(_:)` (one line) or
    /// `longText(_:)` would: `string(_:)` has reported a value past `ConfigLimits.longText`.
    func checkText(_ key: String, multiline: Bool) {
        guard let text = mapping[key]?.scalar?.string.trimmingCharacters(in: .whitespaces),
            text.unicodeScalars.count <= ConfigLimits.longText
        else { return }
        _ = checked(key, text, limit: multiline ? ConfigLimits.longText : ConfigLimits.shortText, multiline: multiline)
    }

    /// Checks an id that is read with `string(_:)` elsewhere, as `id(_:)` would.
    func checkID(_ key: String) {
        guard let text = mapping[key]?.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty,
            text.unicodeScalars.count <= ConfigLimits.longText, !ConfigLimits.isValidID(text)
        else { return }
        fail(key, ConfigLimits.idProblem(text))
    }

    private func checked(_ key: String, _ text: String, limit: Int, multiline: Bool) -> Bool {
        let length = text.unicodeScalars.count
        if length > limit {
            fail(key, "is \(length) characters long; at most \(limit) are allowed")
            return false
        }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\t"] : []
        if let bad = text.unicodeScalars.first(where: { ConfigLimits.isUnprintable($0) && !allowed.contains($0) }) {
            fail(
                key,
                "holds the control character \(bad.escaped(asASCII: true)); \(multiline ? "only line breaks and tabs are allowed" : "expected one line of printable text")"
            )
            return false
        }
        return true
    }

    /// A whole number of at least `minimum`, within the range `ConfigLimits.range(of:)` gives
    /// the field: no number a file gives is large enough to overflow what is done with it.
    func int(_ key: String, required: Bool = false, minimum: Int? = nil) -> Int? {
        guard let text = string(key, required: required) else { return nil }
        let limits = ConfigLimits.range(of: key)
        let lower = max(minimum ?? limits.lowerBound, limits.lowerBound)
        let outOfRange =
            "\(text.count > 24 ? ConfigLimits.quoted(text) : "'\(text)'") is not a whole number from \(lower) to \(limits.upperBound)"
        guard let value = Int(text) else {
            // Digits too many for any integer are a number out of range, not a misspelling.
            let digits = text.drop { $0 == "-" || $0 == "+" }
            fail(
                key,
                !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
                    ? outOfRange : "'\(text)' is not a whole number")
            return nil
        }
        if let minimum, value < minimum {
            fail(key, "\(value) is too small; expected \(minimum) or more")
            return nil
        }
        guard limits.contains(value) else {
            fail(key, outOfRange)
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(key, "'\(text)' is not true or false")
            return nil
        }
    }

    func date(_ key: String, required: Bool = false) -> LocalDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let date = MappingReader.date(text) else {
            fail(key, MappingReader.dateProblem(text))
            return nil
        }
        return date
    }

    /// A date within `ConfigLimits.years`.
    static func date(_ text: String) -> LocalDate? {
        guard let date = LocalDate(iso: text), ConfigLimits.years.contains(date.year) else { return nil }
        return date
    }

    static func dateProblem(_ text: String) -> String {
        "\(ConfigLimits.quoted(text)) is not a valid date; expected YYYY-MM-DD from \(ConfigLimits.years.lowerBound) to \(ConfigLimits.years.upperBound)"
    }

    func time(_ key: String) -> TimeOfDay? {
        guard let text = string(key) else { return nil }
        guard let time = TimeOfDay(text) else {
            fail(key, "'\(text)' is not a valid time; expected HH:MM on a 24-hour clock")
            return nil
        }
        return time
    }

    /// A list of scalars, each with its line; a single scalar is accepted as a list of one.
    func strings(_ key: String) -> [(value: String, line: Int)]? {
        guard let value = mapping[key] else { return nil }
        if let scalar = value.scalar {
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            guard text.unicodeScalars.count <= ConfigLimits.shortText else {
                fail(
                    key,
                    "is \(text.unicodeScalars.count) characters long; at most \(ConfigLimits.shortText) are allowed")
                return []
            }
            return text.isEmpty ? [] : [(text, MappingReader.line(of: value))]
        }
        guard let sequence = value.sequence else {
            fail(key, "expected a list")
            return nil
        }
        var result: [(String, Int)] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                log.add(file, MappingReader.line(of: item), field(key), "expected a list of single values")
                continue
            }
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            if text.unicodeScalars.count > ConfigLimits.shortText {
                log.add(
                    file, MappingReader.line(of: item), field(key),
                    "an entry is \(text.unicodeScalars.count) characters long; at most \(ConfigLimits.shortText) are allowed"
                )
                continue
            }
            result.append((text, MappingReader.line(of: item)))
        }
        return result
    }

    /// A list of mappings, such as `duties:` or `staff:`.
    func mappings(_ key: String, required: Bool = false) -> [Node] {
        guard let value = mapping[key] else {
            if required { log.add(file, line, field(key), "missing; this list is required") }
            return []
        }
        guard let sequence = value.sequence else {
            fail(key, "expected a list of entries")
            return []
        }
        return Array(sequence)
    }
}
