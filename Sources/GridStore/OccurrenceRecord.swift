import Foundation
import GRDB
import GridCore

/// A row of `occurrence`.
struct OccurrenceRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "occurrence"

    var id: Int64?
    var branch: String
    var duty: String
    var subject: String
    var period: String
    var line: String
    var cadence: String
    var scope: String
    var owner: String?
    var ownerRole: String
    var periodStart: Int64
    var remindAt: Int64
    var deadline: Int64
    var quota: Int
    var doneCount: Int
    var state: String
    var closedAt: Int64?
    var late: Bool
    var createdAt: Int64
    /// When the daemon must next look at it; only meaningful while open.
    var nextAlertAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, branch, duty, subject, period, line, cadence, scope, owner
        case ownerRole = "owner_role"
        case periodStart = "period_start"
        case remindAt = "remind_at"
        case deadline, quota
        case doneCount = "done_count"
        case state
        case closedAt = "closed_at"
        case late
        case createdAt = "created_at"
        case nextAlertAt = "next_alert_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let branch = Column(CodingKeys.branch)
        static let duty = Column(CodingKeys.duty)
        static let subject = Column(CodingKeys.subject)
        static let period = Column(CodingKeys.period)
        static let line = Column(CodingKeys.line)
        static let cadence = Column(CodingKeys.cadence)
        static let owner = Column(CodingKeys.owner)
        static let ownerRole = Column(CodingKeys.ownerRole)
        static let periodStart = Column(CodingKeys.periodStart)
        static let remindAt = Column(CodingKeys.remindAt)
        static let deadline = Column(CodingKeys.deadline)
        static let state = Column(CodingKeys.state)
        static let nextAlertAt = Column(CodingKeys.nextAlertAt)
    }

    var occurrence: Occurrence {
        Occurrence(
            id: id ?? 0, key: OccurrenceKey(branch: branch, duty: duty, subject: subject, period: period), line: line,
            cadence: Cadence(rawValue: cadence) ?? .triggered, scope: Scope(rawValue: scope) ?? .branch, owner: owner,
            ownerRole: ownerRole, periodStart: Date(seconds: periodStart), remindAt: Date(seconds: remindAt),
            deadline: Date(seconds: deadline), quota: quota, doneCount: doneCount,
            state: OccurrenceState(rawValue: state) ?? .open, closedAt: closedAt.map(Date.init(seconds:)), late: late)
    }
}

extension Date {
    init(seconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Whole seconds, rounded down: the store's resolution. Saturates instead of trapping on
    /// an instant no calendar will reach (`--within` of a million years).
    var seconds: Int64 {
        let value = timeIntervalSince1970.rounded(.down)
        guard value.isFinite else { return value < 0 ? Int64.min : Int64.max }
        return Int64(exactly: value) ?? (value < 0 ? Int64.min : Int64.max)
    }
}
