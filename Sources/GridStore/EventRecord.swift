import Foundation
import GRDB
import GridCore

/// A row of `event`: the history of an occurrence other than its completions.
struct EventRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "event"

    var id: Int64?
    var occurrenceID: Int64
    var at: Int64
    var kind: String
    var actor: String?
    var detail: String?

    enum CodingKeys: String, CodingKey {
        case id
        case occurrenceID = "occurrence_id"
        case at, kind, actor, detail
    }

    enum Columns {
        static let occurrenceID = Column(CodingKeys.occurrenceID)
        static let at = Column(CodingKeys.at)
    }

    var event: OccurrenceEvent {
        OccurrenceEvent(at: Date(seconds: at), kind: kind, actor: actor, detail: detail)
    }
}
