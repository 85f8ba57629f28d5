/// `schedules/integrity.yaml`: every version of the bank's integrity table, in effective order.
public struct IntegrityTable: Hashable, Sendable, Codable {
    public var versions: [IntegrityTableVersion]

    public init(versions: [IntegrityTableVersion]) {
        self.versions = versions.sorted { $0.effective < $1.effective }
    }

    /// The version in force on `date`; nil before the first.
    public func version(on date: LocalDate) -> IntegrityTableVersion? {
        versions.last { $0.effective <= date }
    }

    /// A version by name.
    public func version(named name: String) -> IntegrityTableVersion? {
        versions.first { $0.version == name }
    }
}
