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
                log.add(
                    file, MappingReader.line(of: v), field(name),
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
        return text
    }

    func int(_ key: String, required: Bool = false, minimum: Int? = nil) -> Int? {
        guard let text = string(key, required: required) else { return nil }
        guard let value = Int(text) else {
            fail(key, "'\(text)' is not a whole number")
            return nil
        }
        if let minimum, value < minimum {
            fail(key, "\(value) is too small; expected \(minimum) or more")
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
        guard let date = LocalDate(iso: text) else {
            fail(key, "'\(text)' is not a valid date; expected YYYY-MM-DD")
            return nil
        }
        return date
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
            result.append((scalar.string.trimmingCharacters(in: .whitespaces), MappingReader.line(of: item)))
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
