/// What the configuration files looked like when they were read: sizes and modification
/// times, computed by whoever read them (`ConfigLoader.stamp(ofFile:)`). The store keeps it
/// beside each branch, so a command can tell from a few `stat` calls that the rows and
/// names it holds are those the files would give, without parsing them.
public struct ConfigurationStamp: Sendable, Equatable {
    /// Roles, policy, catalog and calendars: shared by every branch.
    public let shared: String
    /// `shared` with the branch's own file: what a branch row is stamped with.
    public let branch: String
    /// The branch's file, relative to the configuration directory.
    public let file: String

    public init(shared: String, branchFile: String, branchFileStamp: String) {
        self.shared = shared
        self.branch = shared + "\n" + branchFileStamp
        self.file = branchFile
    }
}
