/// A stored sum of points: one subject's entries of one item in one year.
public struct PointsSum: Sendable, Hashable {
    public var branch: String
    /// "" for the branch itself.
    public var person: String
    public var year: Int
    public var rule: String
    public var points: Int
}
