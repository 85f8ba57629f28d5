/// One period of a cadence: its stable key (2026-W53, 2026-11, 2026-Q4, 2026-H2, 2026,
/// 2026-2027) and its civil days. The key is part of every occurrence's identity.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public let cadence: Cadence
    public let key: String
    public let days: ClosedRange<LocalDate>

    public init(cadence: Cadence, key: String, days: ClosedRange<LocalDate>) {
        self.cadence = cadence
        self.key = key
        self.days = days
    }

    public func contains(_ date: LocalDate) -> Bool { days.contains(date) }

    public var description: String { key }
}
