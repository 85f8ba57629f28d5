/// The thresholds of the bands at one level: a total at or above a band's minimum is in it
/// (the best band whose minimum it reaches); below every minimum, red. A red line puts the
/// holder in red whatever the total.
public struct IntegrityBands: Hashable, Sendable, Codable {
    /// Each band's lowest total, for yellow, blue and green (red is everything below).
    public var minimums: [IntegrityBand: Int]

    public init(minimums: [IntegrityBand: Int]) {
        self.minimums = minimums
    }

    public func band(total: Int, redLine: Bool) -> IntegrityBand {
        if redLine { return .red }
        return IntegrityBand.allCases.reversed().first { band in
            band == .red || minimums[band].map { total >= $0 } == true
        } ?? .red
    }
}
