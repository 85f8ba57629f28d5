/// A leader's request to close a finding (销号申请): the three tests the rectification
/// reports name, each stated separately with its evidence, so a reviewer can reject one.
public struct CloseOutRequest: Hashable, Sendable, Codable {
    /// 问题已解决: what shows the problem itself is gone.
    public var solved: String
    /// 成效明显: what shows the effect is real.
    public var effective: String
    /// 长效机制: the lasting mechanism, named (a rule or a practice).
    public var mechanism: String
    /// What shows the mechanism is in place.
    public var mechanismEvidence: String?

    public init(solved: String, effective: String, mechanism: String, mechanismEvidence: String? = nil) {
        self.solved = solved
        self.effective = effective
        self.mechanism = mechanism
        self.mechanismEvidence = mechanismEvidence
    }
}
