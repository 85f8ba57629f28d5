import GridCore

/// A loaded and validated configuration: the catalog, the calendars and every branch.
/// Only a configuration without errors is ever built, so the daemon can keep running on the
/// last good one when a reload fails.
public struct Configuration: Sendable {
    public let directory: String
    public let catalog: Catalog
    public let calendars: [String: NationalCalendar]
    public let branches: [Branch]
    /// `integrity.yaml`'s table; nil when there is no such file, and then no points are scored.
    public let integrity: IntegrityTable?
    /// `notify.yaml`: where alerts are delivered; `.none` without the file.
    public let notify: NotifyConfiguration
    /// Not errors, but worth saying (a vacant post, for example).
    public let warnings: [ConfigIssue]
    /// The stamp of the shared files as they were read (`ConfigLoader.sharedStamp()`).
    public let sharedStamp: String
    /// Its digest, computed once for every branch's stamp.
    private let sharedDigest: String
    /// Where each branch was read from, and that file's stamp.
    public let sources: [String: BranchSource]
    private let branchIndex: [String: Int]

    public struct BranchSource: Sendable, Equatable {
        /// Relative to the configuration directory: `branches/example.yaml`.
        public let file: String
        public let stamp: String
    }

    public init(
        directory: String, catalog: Catalog, calendars: [String: NationalCalendar], branches: [Branch],
        integrity: IntegrityTable? = nil, notify: NotifyConfiguration = .none, warnings: [ConfigIssue] = [],
        sharedStamp: String = "",
        sources: [String: BranchSource] = [:]
    ) {
        self.directory = directory
        self.sharedStamp = sharedStamp
        self.sharedDigest = ConfigurationStamp.digest(of: sharedStamp)
        self.sources = sources
        self.catalog = catalog
        self.calendars = calendars
        self.branches = branches
        self.integrity = integrity
        self.notify = notify
        self.warnings = warnings
        self.branchIndex = Dictionary(branches.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func branch(_ id: String) -> Branch? {
        branchIndex[id].map { branches[$0] }
    }

    /// The branches a person is on, for commands that take `--person` without `--branch`.
    public func branches(withPerson person: String) -> [Branch] {
        branches.filter { $0.person(person) != nil }
    }

    /// The stamp a branch's rows are written with, nil for a configuration built in code.
    public func stamp(of branchID: String) -> ConfigurationStamp? {
        guard let source = sources[branchID], !sharedStamp.isEmpty else { return nil }
        return ConfigurationStamp(
            shared: sharedStamp, sharedDigest: sharedDigest, branchFile: source.file, branchFileStamp: source.stamp)
    }
}
