/// The integrity table as it stands from one day on: its items and bands. A change in July
/// is a new version effective in July; entries made before keep the version they were made
/// under.
public struct IntegrityTableVersion: Hashable, Sendable, Codable {
    /// The version's name (`2026`, `2026-07`), stored with every entry made under it.
    public var version: String
    public var effective: LocalDate
    /// The total each person and each branch starts the year with (基础分).
    public var baseline: [IntegrityLevel: Int]
    public var rules: [IntegrityRule]
    public var bands: [IntegrityLevel: IntegrityBands]

    public init(
        version: String, effective: LocalDate, baseline: [IntegrityLevel: Int], rules: [IntegrityRule],
        bands: [IntegrityLevel: IntegrityBands]
    ) {
        self.version = version
        self.effective = effective
        self.baseline = baseline
        self.rules = rules
        self.bands = bands
    }

    public func rule(_ id: String) -> IntegrityRule? { rules.first { $0.id == id } }

    /// The item that scores a duty item of `duty`, of `line`, that ended so, for a person or
    /// the branch: the most specific one, naming the duty, else naming the line, else for
    /// any duty; nil when none does. (The table holds at most one item per source and level.)
    public func rule(scoring outcome: DutyOutcome, line: String, duty: String, for level: IntegrityLevel)
        -> IntegrityRule?
    {
        func specificity(_ rule: IntegrityRule) -> Int? {
            guard rule.appliesTo == level, case .duty(outcome, let ruleLine, let ruleDuty) = rule.source,
                ruleLine == nil || ruleLine == line, ruleDuty == nil || ruleDuty == duty
            else { return nil }
            return (ruleDuty != nil ? 2 : 0) + (ruleLine != nil ? 1 : 0)
        }
        return rules.compactMap { rule in specificity(rule).map { (rule, $0) } }.max { $0.1 < $1.1 }?.0
    }
}
