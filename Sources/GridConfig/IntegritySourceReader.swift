import GridCore
import Yams

/// Reads an integrity item's `from:`, what produces its entries. Scored from GridDuty's
/// records: `{ duty-outcome: on-time|late|missed|waived }` with an optional `line:` and
/// `duty:` of the catalog, `measure-late`, `recurrence`. Recorded by a person: `violation`,
/// `award`, `{ assessment: self|inspection-group|third-party }`.
struct IntegritySourceReader {
    let reader: MappingReader
    /// Nil when it did not load whole: lines and duties are then unchecked.
    let catalog: Catalog?

    private var file: String { reader.file }
    private var log: IssueLog { reader.log }

    static let expected =
        "measure-late, recurrence, violation, award, { duty-outcome: \(DutyOutcome.allCases.map(\.rawValue).joined(separator: "|")) }"
        + " or { assessment: \(IntegrityAssessor.allCases.map(\.rawValue).joined(separator: "|")) }"

    func read() -> IntegritySource? {
        guard let node = reader.node("from") else {
            reader.fail("from", "missing; expected \(Self.expected)")
            return nil
        }
        if node.mapping != nil { return readMapping(node) }
        guard let text = reader.string("from", required: true) else { return nil }
        switch text {
        case "measure-late": return .measureLate
        case "recurrence": return .recurrence
        case "violation": return .violation
        case "award": return .award
        case "duty-outcome", "assessment":
            reader.fail("from", "'\(text)' needs its value: { \(text): … }")
        default:
            reader.fail("from", "unknown source \(ConfigLimits.quoted(text)); expected \(Self.expected)")
        }
        return nil
    }

    private func readMapping(_ node: Node) -> IntegritySource? {
        let from = MappingReader(file: file, node: node, context: reader.field("from"), log: log)
        if from.node("assessment") != nil {
            from.rejectUnknownKeys(["assessment"])
            return from.choice("assessment", IntegrityAssessor.self, required: true).map { .assessment($0) }
        }
        guard from.node("duty-outcome") != nil else {
            from.rejectUnknownKeys(["duty-outcome", "line", "duty", "assessment"])
            reader.fail("from", "expected \(Self.expected)")
            return nil
        }
        from.rejectUnknownKeys(["duty-outcome", "line", "duty"])
        let outcome = from.choice("duty-outcome", DutyOutcome.self, required: true)
        var valid = true
        let line = from.id("line")
        if from.node("line") != nil, line == nil { valid = false }
        if let line, let catalog, catalog.lines[line] == nil {
            from.fail(
                "line",
                "unknown line '\(line)'; expected one of: \(catalog.lines.keys.sorted().joined(separator: ", "))")
            valid = false
        }
        let duty = from.id("duty")
        if from.node("duty") != nil, duty == nil { valid = false }
        if let duty, let catalog {
            if let defined = catalog.duty(duty) {
                if let line, catalog.lines[line] != nil, defined.line != line {
                    from.fail("duty", "duty '\(duty)' is of the line '\(defined.line)', not '\(line)'")
                    valid = false
                }
            } else {
                from.fail("duty", "unknown duty '\(duty)'; the catalog must define it")
                valid = false
            }
        }
        guard let outcome, valid else { return nil }
        return .duty(outcome: outcome, line: line, duty: duty)
    }
}
