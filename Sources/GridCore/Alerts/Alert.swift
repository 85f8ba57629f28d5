import Foundation

/// An alert as raised and stored: written to the database first, then to the log, then
/// acknowledged by a person with `gridctl ack`.
public struct Alert: Hashable, Sendable, Identifiable {
    public let id: Int64
    public let occurrenceID: Int64
    public let kind: AlertKind
    public let level: Int
    public let day: LocalDate
    public let dueAt: Date
    public let raisedAt: Date
    /// The people told, owner first.
    public let targets: [String]
    public let businessDaysOverdue: Int
    /// Set when raised on catching up after downtime or a clock step: the span missed.
    public let catchUpFrom: Date?
    public let catchUpTo: Date?
    public let acknowledgedBy: String?
    public let acknowledgedAt: Date?

    public init(
        id: Int64, occurrenceID: Int64, kind: AlertKind, level: Int, day: LocalDate, dueAt: Date, raisedAt: Date,
        targets: [String], businessDaysOverdue: Int, catchUpFrom: Date?, catchUpTo: Date?, acknowledgedBy: String?,
        acknowledgedAt: Date?
    ) {
        self.id = id
        self.occurrenceID = occurrenceID
        self.kind = kind
        self.level = level
        self.day = day
        self.dueAt = dueAt
        self.raisedAt = raisedAt
        self.targets = targets
        self.businessDaysOverdue = businessDaysOverdue
        self.catchUpFrom = catchUpFrom
        self.catchUpTo = catchUpTo
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
    }
}
