/// What a red-line entry does besides its points: the person (and, if the table says so, the
/// branch) is in the red band whatever the total, the person goes on the blacklist, and every
/// staff member of the branch is warned, with or without the person's name.
public struct RedLineEffect: Hashable, Sendable, Codable {
    /// The branch, too, is in red for the year.
    public var branchRed: Bool
    /// The warning notice names the person ("员工某…现在向全行警示" names nobody).
    public var noticeNamesPerson: Bool

    public init(branchRed: Bool, noticeNamesPerson: Bool) {
        self.branchRed = branchRed
        self.noticeNamesPerson = noticeNamesPerson
    }
}
