/// Who hears about an overdue occurrence, and when, counted in business days after the
/// deadline: the owner at once, then up the grid (谁管我), then the line owner and the
/// branch head, then a daily repeat while it stays overdue.
public struct EscalationPolicy: Hashable, Sendable {
    public enum Target: String, Hashable, Sendable, CaseIterable {
        case owner
        case gridLeader = "grid-leader"
        case lineOwner = "line-owner"
        case branchHead = "branch-head"
    }

    public struct Step: Hashable, Sendable {
        public let afterBusinessDays: Int
        public let targets: [Target]

        public init(afterBusinessDays: Int, targets: [Target]) {
            self.afterBusinessDays = afterBusinessDays
            self.targets = targets
        }
    }

    /// Ordered by `afterBusinessDays`; level N is `steps[N]`.
    public let steps: [Step]
    /// After the last step, repeat it every this many business days; 0 never repeats.
    public let nagEveryBusinessDays: Int

    public init(steps: [Step], nagEveryBusinessDays: Int) {
        self.steps = steps.sorted { $0.afterBusinessDays < $1.afterBusinessDays }
        self.nagEveryBusinessDays = nagEveryBusinessDays
    }

    public static let standard = EscalationPolicy(
        steps: [
            Step(afterBusinessDays: 0, targets: [.owner]),
            Step(afterBusinessDays: 1, targets: [.owner, .gridLeader]),
            Step(afterBusinessDays: 3, targets: [.owner, .gridLeader, .lineOwner, .branchHead]),
        ],
        nagEveryBusinessDays: 1
    )
}
