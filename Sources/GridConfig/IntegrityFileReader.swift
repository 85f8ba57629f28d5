import GridCore
import Yams

/// Reads `integrity.yaml`, the integrity table (清廉积分): its versions, each with its
/// effective date, baseline, bands and items. Roles an item names are checked against
/// roles.yaml and the lines and duties a duty outcome names against the catalog; a check
/// whose reference file failed to load is left to that file's own errors.
///
///     versions:
///       - version: "2026"
///         effective: 2026-01-01
///         baseline: { person: 100, branch: 100 }
///         bands:
///           person: { yellow: 80, blue: 90, green: 100 }
///           branch: { yellow: 85, blue: 95, green: 100 }
///         items:
///           - { id: duty.missed, kind: base, module: 合规建设, text: 履职事项逾期未完成,
///               points: -2, applies-to: person, yearly-cap: 20, from: { duty-outcome: missed } }
struct IntegrityFileReader {
    let file: String
    let log: IssueLog
    /// The role ids of roles.yaml; empty when it did not load whole, and then unchecked.
    let roles: Set<String>
    /// Nil when it did not load whole: lines and duties are then unchecked.
    let catalog: Catalog?

    func read(_ root: Node) -> IntegrityTable? {
        let top = MappingReader(file: file, node: root, context: "", log: log)
        top.rejectUnknownKeys(["versions"])
        let nodes = top.mappings("versions", required: true)
        if top.node("versions")?.sequence?.isEmpty == true {
            top.fail("versions", "no version; the table needs at least one (remove the file to keep points off)")
        }
        var versions: [IntegrityTableVersion] = []
        var names: [String: Int] = [:]
        var previous: (date: LocalDate, name: String)?
        for node in nodes {
            let entry = MappingReader(file: file, node: node, context: "version", log: log)
            let name = entry.id("version", required: true)
            let reader = entry.with(context: name.map { "version \($0)" } ?? "version")
            reader.rejectUnknownKeys(["version", "effective", "baseline", "bands", "items"])
            if let name {
                if let first = names[name] {
                    reader.fail("version", "duplicate version '\(name)' (first on line \(first))")
                } else {
                    names[name] = reader.line(of: "version")
                }
            }
            let effective = reader.date("effective", required: true)
            if let effective {
                if let previous, effective <= previous.date {
                    reader.fail(
                        "effective",
                        "\(effective) is not after \(previous.date), the effective date of version '\(previous.name)'; list the versions in effective order, each from a later day"
                    )
                } else {
                    previous = (effective, name ?? "")
                }
            }
            let thresholds = IntegrityThresholdsReader(reader: reader)
            let baseline = thresholds.baseline()
            let bands = thresholds.bands()
            let rules = readItems(reader)
            guard let name, let effective, let baseline, let bands, let rules else { continue }
            versions.append(
                IntegrityTableVersion(
                    version: name, effective: effective, baseline: baseline, rules: rules, bands: bands))
        }
        return versions.isEmpty ? nil : IntegrityTable(versions: versions)
    }

    /// The items of one version; nil if it has none.
    private func readItems(_ version: MappingReader) -> [IntegrityRule]? {
        let nodes = version.mappings("items", required: true)
        if version.node("items")?.sequence?.isEmpty == true {
            version.fail("items", "no item; a version needs at least one")
        }
        var rules: [IntegrityRule] = []
        var ids: [String: Int] = [:]
        var automatic: [AutomaticKey: (id: String, line: Int)] = [:]
        for node in nodes {
            let entry = MappingReader(file: file, node: node, context: "\(version.context): item", log: log)
            let id = entry.id("id", required: true)
            let reader = entry.with(context: id.map { "\(version.context): item \($0)" } ?? entry.context)
            if let id {
                if let first = ids[id] {
                    reader.fail("id", "duplicate item id '\(id)' in \(version.context) (first on line \(first))")
                } else {
                    ids[id] = reader.line(of: "id")
                }
            }
            guard let rule = readItem(reader, id: id) else { continue }
            if rule.source.isAutomatic {
                let key = AutomaticKey(source: rule.source, level: rule.appliesTo)
                if let first = automatic[key] {
                    reader.fail(
                        "from",
                        "scores the same records for the same \(rule.appliesTo.rawValue) as item '\(first.id)' (line \(first.line)); each record would be scored twice"
                    )
                } else {
                    automatic[key] = (rule.id, reader.line(of: "from"))
                }
            }
            rules.append(rule)
        }
        return rules.isEmpty ? nil : rules
    }

    /// Two automatic items may not score the same records at the same level.
    private struct AutomaticKey: Hashable {
        let source: IntegritySource
        let level: IntegrityLevel
    }

    private func readItem(_ reader: MappingReader, id: String?) -> IntegrityRule? {
        reader.rejectUnknownKeys([
            "id", "kind", "module", "text", "points", "applies-to", "yearly-cap", "from", "authority", "red-line",
            "clause",
        ])
        let kind = reader.choice("kind", IntegrityKind.self, required: true)
        let module = reader.choice("module", IntegrityModule.self, required: true)
        let text = reader.text("text", required: true)
        let appliesTo = reader.choice("applies-to", IntegrityLevel.self, required: true)
        let yearlyCap = reader.int("yearly-cap", minimum: 1)
        let clause = reader.longText("clause")
        var points = reader.int("points", required: true)
        if let value = points {
            if value == 0 {
                reader.fail("points", "0 scores nothing; give a non-zero number of points, or leave the item out")
                points = nil
            } else if kind == .bonus, value < 0 {
                reader.fail("points", "\(value): a bonus item adds points; expected a positive number")
                points = nil
            } else if kind == .redLine, value > 0 {
                reader.fail("points", "\(value): a red line deducts points; expected a negative number")
                points = nil
            }
        }
        let source = IntegritySourceReader(reader: reader, catalog: catalog).read()
        let authority = readAuthority(reader, source: source)
        let redLine = readRedLine(reader, kind: kind, appliesTo: appliesTo)
        var effect: RedLineEffect?
        switch redLine {
        case .none: effect = nil
        case .effect(let value): effect = value
        case .invalid: return nil
        }
        guard let id, let kind, let module, let text, let points, let appliesTo, let source, let authority else {
            return nil
        }
        return IntegrityRule(
            id: id, kind: kind, module: module, text: text, points: points, appliesTo: appliesTo,
            yearlyCap: yearlyCap, source: source, authority: authority, redLine: effect, clause: clause)
    }

    /// Who may record the item: nobody for an automatic one, at least one role of roles.yaml
    /// for a recorded one. Nil when it is wrong.
    private func readAuthority(_ reader: MappingReader, source: IntegritySource?) -> [String]? {
        let given = reader.strings("authority")
        // A source that failed was reported; the roles are checked all the same.
        guard let source else { return known(given ?? [], reader) }
        if source.isAutomatic {
            if given != nil {
                reader.fail(
                    "authority",
                    "an item scored from GridDuty's own records is recorded by no one; remove 'authority'")
                return nil
            }
            return []
        }
        guard let given, !given.isEmpty else {
            reader.fail(
                "authority",
                "\(given == nil ? "missing" : "empty"); a recorded item needs the roles (of roles.yaml) whose holders may record it"
            )
            return nil
        }
        return known(given, reader)
    }

    /// The roles of a list, each once, if roles.yaml has every one; nil after reporting
    /// those it lacks.
    private func known(_ given: [(value: String, line: Int)], _ reader: MappingReader) -> [String]? {
        var roles: [String] = []
        var valid = true
        for (role, line) in given {
            if !self.roles.isEmpty, !self.roles.contains(role) {
                log.add(
                    file, line, reader.field("authority"),
                    "unknown role \(ConfigLimits.quoted(role)); expected one of: \(self.roles.sorted().joined(separator: ", "))"
                )
                valid = false
            } else if !roles.contains(role) {
                roles.append(role)
            }
        }
        return valid ? roles : nil
    }

    /// What an item's `red-line:` gave.
    private enum RedLineRead {
        /// Not a red-line item, and none given.
        case none
        case effect(RedLineEffect)
        /// Reported.
        case invalid
    }

    /// `red-line: { branch-red: …, notice-names-person: … }`, which a red-line item needs and
    /// no other may have.
    private func readRedLine(_ reader: MappingReader, kind: IntegrityKind?, appliesTo: IntegrityLevel?)
        -> RedLineRead
    {
        let node = reader.node("red-line")
        guard kind == .redLine else {
            if node != nil, let kind {
                reader.fail("red-line", "only a red-line item has red-line effects; this one is '\(kind.rawValue)'")
                return .invalid
            }
            return .none
        }
        var valid = true
        if appliesTo == .branch {
            reader.fail(
                "applies-to",
                "a red line scores the person who crossed it (and puts the person on the blacklist); write applies-to: person, with branch-red: true to put the branch in red too"
            )
            valid = false
        }
        guard let node else {
            reader.fail(
                "red-line", "missing; a red-line item says { branch-red: true|false, notice-names-person: true|false }")
            return .invalid
        }
        let effect = MappingReader(file: file, node: node, context: reader.field("red-line"), log: log)
        guard node.mapping != nil else { return .invalid }
        effect.rejectUnknownKeys(["branch-red", "notice-names-person"])
        let branchRed = effect.requiredBool("branch-red")
        let namesPerson = effect.requiredBool("notice-names-person")
        guard let branchRed, let namesPerson, valid else { return .invalid }
        return .effect(RedLineEffect(branchRed: branchRed, noticeNamesPerson: namesPerson))
    }
}

extension MappingReader {
    /// One value of an enumeration written as its raw value, or nil after saying which
    /// values there are.
    func choice<Value: RawRepresentable & CaseIterable>(_ key: String, _: Value.Type, required: Bool = false)
        -> Value?
    where Value.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let value = Value(rawValue: text) else {
            fail(
                key,
                "unknown value \(ConfigLimits.quoted(text)); expected one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))"
            )
            return nil
        }
        return value
    }

    /// A `true` or `false` that must be written.
    func requiredBool(_ key: String) -> Bool? {
        guard node(key) != nil else {
            fail(key, "missing; write true or false")
            return nil
        }
        return bool(key)
    }
}
