import GridCore
import Yams

/// Reads one line's catalog file (`catalog/*.yaml`): the line and its duties. References
/// to roles and duplicate ids across files are checked by `ConfigLoader` afterwards, with
/// the lines recorded here.
struct CatalogFileReader {
    let file: String
    let log: IssueLog

    struct Located<Value> {
        let value: Value
        let file: String
        let line: Int
    }

    struct Result {
        var line: Located<Line>?
        var duties: [Located<Duty>] = []
        /// (role id, file, line, field) for every role a duty or line names.
        var roleReferences: [(String, String, Int, String)] = []
    }

    func read(_ root: Node) -> Result {
        var result = Result()
        let top = MappingReader(file: file, node: root, context: "", log: log)
        top.rejectUnknownKeys(["line", "duties", "escalation"])
        guard let lineNode = top.node("line") else {
            top.fail("line", "missing; each catalog file declares the line its duties belong to")
            return result
        }
        let lineReader = MappingReader(file: file, node: lineNode, context: "line", log: log)
        lineReader.rejectUnknownKeys(["id", "title", "owner", "enabled"])
        guard let lineID = lineReader.id("id", required: true),
            let ownerRole = lineReader.string("owner", required: true)
        else { return result }
        let line = Line(
            id: lineID, title: lineReader.text("title") ?? lineID, ownerRole: ownerRole,
            enabled: lineReader.bool("enabled") ?? true)
        result.line = Located(value: line, file: file, line: lineReader.line)
        result.roleReferences.append((ownerRole, file, lineReader.line(of: "owner"), "line \(lineID): owner"))
        let fileEscalation = top.node("escalation").flatMap {
            EscalationReader(file: file, log: log).read($0, context: "escalation")
        }

        for dutyNode in top.mappings("duties", required: true) {
            let entry = MappingReader(file: file, node: dutyNode, context: "duty", log: log)
            let id = entry.id("id", required: true)
            let reader = entry.with(context: id.map { "duty \($0)" } ?? "duty")
            reader.rejectUnknownKeys([
                "id", "title", "owner", "owner-is-subject", "cadence", "count", "scope", "deadline", "remind", "clause",
                "note", "escalation", "confirm", "confirm-roles",
            ])
            guard let id else { continue }
            let title = reader.text("title", required: true) ?? id
            let ownerText = reader.string("owner") ?? ownerRole
            let owner = OwnerRule(catalogText: ownerText)
            var cadence: Cadence?
            if let text = reader.string("cadence", required: true) {
                cadence = Cadence(rawValue: text)
                if cadence == nil {
                    reader.fail(
                        "cadence",
                        "unknown cadence '\(text)'; expected one of: \(Cadence.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            }
            var quota = 1
            if let text = reader.string("count") {
                if let n = Int(text), ConfigLimits.count.contains(n) {
                    quota = n
                } else {
                    reader.fail(
                        "count",
                        "\(ConfigLimits.quoted(text)) is not a valid count; expected a whole number from \(ConfigLimits.count.lowerBound) to \(ConfigLimits.count.upperBound)"
                    )
                }
            }
            var scope = Scope.branch
            if let text = reader.string("scope") {
                if let parsed = Scope(rawValue: text) {
                    scope = parsed
                } else {
                    reader.fail(
                        "scope",
                        "unknown scope '\(text)'; expected one of: \(Scope.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            }
            var deadline = DeadlineRule.periodEnd
            if let text = reader.string("deadline") {
                switch DeadlineRule.parse(text) {
                case .success(.afterBusinessDays(let n)) where !ConfigLimits.businessDays.contains(n):
                    reader.fail(
                        "deadline",
                        "'\(text)': \(n) business days is out of range; expected \(ConfigLimits.businessDays.lowerBound) to \(ConfigLimits.businessDays.upperBound)"
                    )
                case .success(let rule): deadline = rule
                case .failure(let error): reader.fail("deadline", error.message)
                }
            }
            if let cadence {
                if cadence == .triggered, case .periodEnd = deadline, reader.node("deadline") == nil {
                    deadline = .afterBusinessDays(1)
                }
                if let problem = deadline.problem(for: cadence) { reader.fail("deadline", problem) }
                if cadence.isRecurring && scope.isTriggeredOnly {
                    reader.fail(
                        "scope",
                        "'\(scope.rawValue)' is for triggered duties; a \(cadence.rawValue) duty needs branch, staff, party-member, grid, grid-member or pairing"
                    )
                }
            }
            if owner == .subject && !scope.isPerPerson {
                reader.fail(
                    "owner",
                    "'self' needs a per-person scope (staff, party-member, grid-member or person), not '\(scope.rawValue)'"
                )
            }
            var ownerIsSubject = OwnerIsSubjectRule.passUp
            if let text = reader.string("owner-is-subject") {
                if let rule = OwnerIsSubjectRule(rawValue: text) {
                    ownerIsSubject = rule
                } else {
                    reader.fail(
                        "owner-is-subject",
                        "unknown rule '\(text)'; expected one of: \(OwnerIsSubjectRule.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                if owner == .subject {
                    reader.fail(
                        "owner-is-subject", "does not apply to 'owner: self', whose items are the subject's own")
                } else if !scope.isPerPerson {
                    reader.fail(
                        "owner-is-subject",
                        "applies to per-person scopes (staff, party-member, grid-member or person), not '\(scope.rawValue)'"
                    )
                }
            }
            // An inherited owner was checked once, on the line.
            if case .role(let role) = owner, reader.node("owner") != nil {
                result.roleReferences.append((role, file, reader.line(of: "owner"), reader.field("owner")))
            }
            let escalation =
                reader.node("escalation").flatMap {
                    EscalationReader(file: file, log: log).read($0, context: reader.field("escalation"))
                } ?? fileEscalation
            let confirmation = secondPerson(reader, cadence: cadence, scope: scope, result: &result)
            reader.checkText("clause", multiline: true)
            reader.checkText("note", multiline: true)
            guard let cadence else { continue }
            let duty = Duty(
                id: id, title: title, line: lineID, owner: owner, ownerIsSubject: ownerIsSubject, cadence: cadence,
                quota: quota, scope: scope,
                deadline: deadline, remindLead: reader.int("remind", minimum: 0), clause: reader.string("clause") ?? "",
                note: reader.string("note"), escalation: escalation, confirmation: confirmation)
            result.duties.append(Located(value: duty, file: file, line: entry.line))
        }
        return result
    }

    /// `confirm: second-person` with `confirm-roles: [role, …]`: a two-person check (双人).
    /// The roles are checked against roles.yaml with the other references.
    private func secondPerson(_ reader: MappingReader, cadence: Cadence?, scope: Scope, result: inout Result)
        -> SecondPerson?
    {
        let roles = reader.strings("confirm-roles")
        guard let text = reader.string("confirm") else {
            if roles != nil {
                reader.fail("confirm-roles", "needs 'confirm: second-person'; without it nobody confirms")
            }
            return nil
        }
        guard text == "second-person" else {
            reader.fail("confirm", "unknown value '\(text)'; expected second-person")
            return nil
        }
        if cadence == .triggered && scope == .`case` {
            reader.fail(
                "confirm",
                "a case is closed by rectifying it, which the record of the fix shows; 'second-person' is for checks two people perform together"
            )
        }
        guard let roles, !roles.isEmpty else {
            reader.fail("confirm-roles", "missing; 'confirm: second-person' needs the roles whose holders confirm")
            return nil
        }
        for role in roles {
            result.roleReferences.append((role.value, file, role.line, reader.field("confirm-roles")))
        }
        var unique: [String] = []
        for role in roles.map(\.value) where !unique.contains(role) { unique.append(role) }
        return SecondPerson(roles: unique)
    }
}
