import Foundation

/// What a pass decided about one occurrence: the alert to raise now, if any, whom it
/// reaches, and when the occurrence must next be looked at.
public struct AlertDecision: Sendable, Hashable {
    public let occurrenceID: Int64
    /// Nil when nothing is due now, or what is due was already raised.
    public let instance: AlertInstance?
    /// The people the alert reaches, owner first, without repeats.
    public let targets: [String]
    public let businessDaysOverdue: Int
    /// Nil when nothing more will ever be due (the ladder is done and nothing repeats, or the
    /// duty was switched off).
    public let nextAlertAt: Date?

    public init(
        occurrenceID: Int64, instance: AlertInstance?, targets: [String], businessDaysOverdue: Int, nextAlertAt: Date?
    ) {
        self.occurrenceID = occurrenceID
        self.instance = instance
        self.targets = targets
        self.businessDaysOverdue = businessDaysOverdue
        self.nextAlertAt = nextAlertAt
    }
}
