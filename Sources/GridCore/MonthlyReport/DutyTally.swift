/// How a set of occurrences stood at a report's instant: every item owed falls in exactly
/// one of on time, late, missed, waived or pending, so `owed` is their sum.
public struct DutyTally: Hashable, Sendable {
    public var owed = 0
    /// Done by the deadline.
    public var onTime = 0
    /// Done after the deadline.
    public var late = 0
    /// Still open at the report's instant and past the deadline.
    public var missed = 0
    public var waived = 0
    /// Still open at the report's instant and not yet due (only when the month is not over).
    public var pending = 0

    public init() {}

    public init(owed: Int, onTime: Int, late: Int, missed: Int, waived: Int, pending: Int) {
        self.owed = owed
        self.onTime = onTime
        self.late = late
        self.missed = missed
        self.waived = waived
        self.pending = pending
    }

    /// On time out of what was owed and not waived; nil when nothing was.
    public var onTimeRate: Double? {
        let counted = owed - waived
        return counted > 0 ? Double(onTime) / Double(counted) : nil
    }

    public mutating func add(_ outcome: MonthlyOutcome) {
        owed += 1
        switch outcome {
        case .onTime: onTime += 1
        case .late: late += 1
        case .missed: missed += 1
        case .waived: waived += 1
        case .pending: pending += 1
        }
    }
}

extension DutyTally: Encodable {
    /// Every key always present, the rate as null when there is none: a reader sees the same
    /// keys every month.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: MonthlyFigures.Key.self)
        try MonthlyFigures.encode(tally: self, into: &c)
    }
}

/// Where one occurrence stood at the report's instant.
public enum MonthlyOutcome: String, Sendable, Codable {
    case onTime, late, missed, waived, pending
}
