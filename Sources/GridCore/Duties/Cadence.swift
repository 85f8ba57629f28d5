/// How often a duty recurs. Every period is computed from the calendar, never from the
/// previous occurrence, so month ends, leap days, ISO week 53 and year ends cannot drift.
public enum Cadence: String, CaseIterable, Sendable, Codable {
    /// Every business day of the branch; no occurrence on a day the branch is closed.
    case daily
    /// ISO week, Monday to Sunday; keyed by ISO week-year (2026-W53 runs into 2027).
    case weekly
    case monthly
    case quarterly
    case halfYearly = "half-yearly"
    case yearly
    /// Two calendar years starting on an even year (2026-2027), as the biennial external
    /// security assessment rounds are counted.
    case biennial
    /// Raised by an event (a finding, a new hire, a warning sign), with a deadline counted
    /// in business days from the moment it is raised.
    case triggered

    public var isRecurring: Bool { self != .triggered }

    /// The period of this cadence that contains `date`; nil for `triggered`.
    public func period(containing date: LocalDate) -> Period? {
        let (y, m, _) = date.components
        switch self {
        case .daily:
            return Period(cadence: self, key: date.description, days: date...date)
        case .weekly:
            let monday = date.adding(days: -date.weekday.index)
            let (wy, w) = date.isoWeek
            return Period(cadence: self, key: "\(wy)-W\(LocalDate.pad(w, 2))", days: monday...monday.adding(days: 6))
        case .monthly:
            return Period(cadence: self, key: "\(y)-\(LocalDate.pad(m, 2))", days: Cadence.months(y, m, 1))
        case .quarterly:
            let q = (m - 1) / 3 + 1
            return Period(cadence: self, key: "\(y)-Q\(q)", days: Cadence.months(y, (q - 1) * 3 + 1, 3))
        case .halfYearly:
            let h = m <= 6 ? 1 : 2
            return Period(cadence: self, key: "\(y)-H\(h)", days: Cadence.months(y, h == 1 ? 1 : 7, 6))
        case .yearly:
            return Period(cadence: self, key: "\(y)", days: Cadence.months(y, 1, 12))
        case .biennial:
            let start = y - (((y % 2) + 2) % 2)
            return Period(
                cadence: self, key: "\(start)-\(start + 1)",
                days: LocalDate(year: start, month: 1, day: 1)!...LocalDate(year: start + 1, month: 12, day: 31)!)
        case .triggered:
            return nil
        }
    }

    /// The period after `period`, computed from its last day.
    public func period(after period: Period) -> Period? {
        self.period(containing: period.days.upperBound.adding(days: 1))
    }

    /// All periods overlapping `days`, in order.
    public func periods(overlapping days: ClosedRange<LocalDate>) -> [Period] {
        guard var current = period(containing: days.lowerBound) else { return [] }
        var result = [current]
        while current.days.upperBound < days.upperBound, let next = period(after: current) {
            result.append(next)
            current = next
        }
        return result
    }

    /// The period with a given key, for reading keys back from the database and the CLI.
    public func period(key: String) -> Period? {
        switch self {
        case .daily:
            return LocalDate(iso: key).flatMap { period(containing: $0) }
        case .weekly:
            let parts = key.split(separator: "-W")
            guard parts.count == 2, let y = Int(parts[0]), let w = Int(parts[1]), (1...53).contains(w),
                let jan4 = LocalDate(year: y, month: 1, day: 4)
            else { return nil }
            let monday = jan4.adding(days: -jan4.weekday.index + (w - 1) * 7)
            let found = period(containing: monday)
            return found?.key == key ? found : nil
        case .monthly:
            let parts = key.split(separator: "-")
            guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
                let first = LocalDate(year: y, month: m, day: 1)
            else { return nil }
            return period(containing: first)
        case .quarterly, .halfYearly:
            let marker: Character = self == .quarterly ? "Q" : "H"
            let parts = key.split(separator: "-")
            guard parts.count == 2, let y = Int(parts[0]), parts[1].first == marker,
                let n = Int(parts[1].dropFirst()), (1...(self == .quarterly ? 4 : 2)).contains(n),
                let first = LocalDate(year: y, month: (n - 1) * (self == .quarterly ? 3 : 6) + 1, day: 1)
            else { return nil }
            return period(containing: first)
        case .yearly:
            guard let y = Int(key), let first = LocalDate(year: y, month: 1, day: 1) else { return nil }
            return period(containing: first)
        case .biennial:
            let parts = key.split(separator: "-")
            guard parts.count == 2, let y = Int(parts[0]), let first = LocalDate(year: y, month: 1, day: 1),
                Int(parts[1]) == y + 1, y % 2 == 0
            else { return nil }
            return period(containing: first)
        case .triggered:
            return nil
        }
    }

    /// The most days a period of this cadence can have; bounds "business day N" rules.
    public var maximumDays: Int {
        switch self {
        case .daily: 1
        case .weekly: 7
        case .monthly: 31
        case .quarterly: 92
        case .halfYearly: 184
        case .yearly: 366
        case .biennial: 731
        case .triggered: Int.max
        }
    }

    /// The number of calendar months in a period; nil when months do not divide it.
    public var months: Int? {
        switch self {
        case .monthly: 1
        case .quarterly: 3
        case .halfYearly: 6
        case .yearly: 12
        case .biennial: 24
        case .daily, .weekly, .triggered: nil
        }
    }

    private static func months(_ year: Int, _ firstMonth: Int, _ count: Int) -> ClosedRange<LocalDate> {
        let first = LocalDate(year: year, month: firstMonth, day: 1)!
        let last = first.adding(months: count).adding(days: -1)
        return first...last
    }
}
