/// A deadline stated when a triggered duty is raised, instead of the catalog's default: each
/// finding of an inspection carries its own (检查发现问题按要求整改落实).
public enum RaisedDeadline: Hashable, Sendable {
    /// Closing time on this business day of the branch.
    case on(LocalDate)
    /// Closing time N business days after the raise (0: the same business day).
    case within(Int)
}
