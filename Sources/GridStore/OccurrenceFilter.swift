import Foundation

/// Which open occurrences a listing wants. Every field narrows; nil fields do not.
public struct OccurrenceFilter: Sendable {
    public var branch: String?
    /// Owed by any of these people.
    public var owners: [String]?
    public var line: String?
    public var ownerRole: String?
    public var cadence: String?
    public var duty: String?
    /// Only items whose deadline is at or before this instant.
    public var deadlineBefore: Date?
    public var limit: Int?

    public init(
        branch: String? = nil, owners: [String]? = nil, line: String? = nil, ownerRole: String? = nil,
        cadence: String? = nil, duty: String? = nil, deadlineBefore: Date? = nil, limit: Int? = nil
    ) {
        self.branch = branch
        self.owners = owners
        self.line = line
        self.ownerRole = ownerRole
        self.cadence = cadence
        self.duty = duty
        self.deadlineBefore = deadlineBefore
        self.limit = limit
    }
}
