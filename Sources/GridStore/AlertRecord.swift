import Foundation
import GRDB
import GridCore

/// A row of `alert`: the outbox of alerts. A row is written before its log line, and
/// `logged_at` is set after, so a crash between the two re-logs it rather than losing it.
struct AlertRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "alert"

    var id: Int64?
    var occurrenceID: Int64
    var kind: String
    var level: Int
    var day: String
    var dueAt: Int64
    var raisedAt: Int64
    var targets: String
    var daysOverdue: Int
    var catchUpFrom: Int64?
    var catchUpTo: Int64?
    var loggedAt: Int64?
    var ackedBy: String?
    var ackedAt: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case occurrenceID = "occurrence_id"
        case kind, level, day
        case dueAt = "due_at"
        case raisedAt = "raised_at"
        case targets
        case daysOverdue = "days_overdue"
        case catchUpFrom = "catch_up_from"
        case catchUpTo = "catch_up_to"
        case loggedAt = "logged_at"
        case ackedBy = "acked_by"
        case ackedAt = "acked_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let occurrenceID = Column(CodingKeys.occurrenceID)
        static let dueAt = Column(CodingKeys.dueAt)
        static let loggedAt = Column(CodingKeys.loggedAt)
        static let ackedAt = Column(CodingKeys.ackedAt)
        static let targets = Column(CodingKeys.targets)
    }

    /// Every column, in the order `init(row:)` reads them.
    static var databaseSelection: [any SQLSelectable] { CodingKeys.allCases.map { Column($0) } }

    /// The alert this row stores; a kind or day no GridDuty wrote is an error naming the row.
    func alert() throws -> Alert {
        let rowID = id ?? 0
        guard let kind = AlertKind(rawValue: kind) else {
            throw StoreError.corruptRow(table: "alert", id: rowID, column: "kind", value: self.kind)
        }
        guard let day = LocalDate(iso: day) else {
            throw StoreError.corruptRow(table: "alert", id: rowID, column: "day", value: self.day)
        }
        return Alert(
            id: rowID, occurrenceID: occurrenceID, kind: kind, level: level, day: day, dueAt: Date(seconds: dueAt),
            raisedAt: Date(seconds: raisedAt), targets: targets.split(separator: ",").map(String.init),
            businessDaysOverdue: daysOverdue, catchUpFrom: catchUpFrom.map(Date.init(seconds:)),
            catchUpTo: catchUpTo.map(Date.init(seconds:)), acknowledgedBy: ackedBy,
            acknowledgedAt: ackedAt.map(Date.init(seconds:)))
    }
}

extension AlertRecord {
    /// Reads by position: looking columns up by name, as decoding does, lower-cases and
    /// compares every column name for each value, and the daemon reads alerts by the
    /// hundred thousand at bank scale. The positions are `CodingKeys`' order, the order
    /// `databaseSelection` selects them in.
    init(row: Row) {
        func value<T: DatabaseValueConvertible>(_ key: CodingKeys) -> T {
            row[CodingKeys.allCases.firstIndex(of: key)!]
        }
        func optional<T: DatabaseValueConvertible>(_ key: CodingKeys) -> T? {
            row[CodingKeys.allCases.firstIndex(of: key)!]
        }
        id = optional(.id)
        occurrenceID = value(.occurrenceID)
        kind = value(.kind)
        level = value(.level)
        day = value(.day)
        dueAt = value(.dueAt)
        raisedAt = value(.raisedAt)
        targets = value(.targets)
        daysOverdue = value(.daysOverdue)
        catchUpFrom = optional(.catchUpFrom)
        catchUpTo = optional(.catchUpTo)
        loggedAt = optional(.loggedAt)
        ackedBy = optional(.ackedBy)
        ackedAt = optional(.ackedAt)
    }
}
