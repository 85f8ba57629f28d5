import GridCore

/// An occurrence with the names a listing shows, as the database last learnt them from the
/// configuration. Any of them is nil for rows carried over from before names were stored,
/// until the next pass that reads the configuration fills them in.
public struct ListedOccurrence: Sendable {
    public let occurrence: Occurrence
    public let title: String?
    /// The duty's place in the catalog, for a stable order among items due together.
    public let dutyPosition: Int?
    public let subjectName: String?
    public let ownerName: String?
    /// The owner's place on the branch roster.
    public let ownerRank: Int?
    public let branchName: String?
    /// The branch's IANA zone, to show instants in local time.
    public let timeZone: String?
}
