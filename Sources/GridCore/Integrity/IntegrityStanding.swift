/// Where a person (or the branch itself) stands in the integrity points (清廉积分) on a
/// day: the total, its band, and whether a red line was crossed. Filled from the points
/// store; the monthly report shows it as it is given.
public struct IntegrityStanding: Hashable, Sendable, Codable {
    /// The staff member; nil for the branch.
    public var person: String?
    public var total: Int
    public var band: IntegrityBand
    /// A red line crossed this year, which puts the holder in red whatever the total.
    public var redLine: Bool

    public init(person: String?, total: Int, band: IntegrityBand, redLine: Bool) {
        self.person = person
        self.total = total
        self.band = band
        self.redLine = redLine
    }
}
