import Foundation
import GRDB
import GridConfig
import GridCore
import GridStore
import GridTestKit
import Testing

/// A value GridDuty never writes, put in by hand with `sqlite3`, is an error that names the
/// row, not a default read as if it were true (an unknown alert kind was read as "overdue").
@Suite("Rows changed by hand")
struct CorruptRowTests {
    let configuration: GridConfig.Configuration
    var branch: Branch { configuration.branches[0] }

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    /// A file database with November's items and one alert raised about each overdue one.
    func database(_ dir: TemporaryDirectory) throws -> (GridDatabase, String, Date) {
        let path = dir.file("g.sqlite")
        let db = try GridDatabase(path: path, mode: .command)
        let now = InstantText.parse("2026-12-01T09:00")!.instant(in: branch.calendar)
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: now)
        let item = try #require(try db.openOccurrences(OccurrenceFilter(), now: now, overdue: true).first)
        _ = try db.recordAlerts(
            [
                AlertDecision(
                    occurrenceID: item.id,
                    instance: AlertInstance(
                        kind: .overdue, level: 0, day: LocalDate(iso: "2026-12-01")!, dueAt: now, targets: [.owner]),
                    targets: ["zhou.min"], businessDaysOverdue: 1, nextAlertAt: nil)
            ], raisedAt: now, catchUp: nil)
        return (db, path, now)
    }

    @Test("an alert whose kind or day was changed by hand is refused, naming the row, the column and the value")
    func corruptAlert() throws {
        let dir = TemporaryDirectory()
        let (db, path, _) = try database(dir)
        let id = try #require(try db.alerts(unacknowledgedOnly: false, limit: 10).first?.id)

        // (A hand edit must first drop the trigger that keeps an alert's content.)
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "DROP TRIGGER alert_content_fixed")
            try $0.execute(sql: "UPDATE alert SET kind = 'bogus' WHERE id = ?", arguments: [id])
        }

        #expect(throws: StoreError.corruptRow(table: "alert", id: id, column: "kind", value: "bogus")) {
            try db.alerts(unacknowledgedOnly: false, limit: 10)
        }
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "UPDATE alert SET kind = 'overdue', day = '2026-13-45' WHERE id = ?", arguments: [id])
        }
        #expect(throws: StoreError.corruptRow(table: "alert", id: id, column: "day", value: "2026-13-45")) {
            try db.alert(id: id)
        }
    }

    @Test("an occurrence whose state or duty's cadence was changed by hand is refused, naming the row")
    func corruptOccurrence() throws {
        let dir = TemporaryDirectory()
        let (db, path, now) = try database(dir)
        let item = try #require(try db.openOccurrences(OccurrenceFilter(), now: now, overdue: true).first)

        // (A hand edit must first drop the trigger that keeps closed items.)
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "DROP TRIGGER occurrence_closed_fixed")
            try $0.execute(sql: "UPDATE occurrence SET state = 9 WHERE id = ?", arguments: [item.id])
        }

        #expect(throws: StoreError.corruptRow(table: "occurrence", id: item.id, column: "state", value: "9")) {
            try db.occurrence(id: item.id)
        }
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "UPDATE occurrence SET state = 0 WHERE id = ?", arguments: [item.id])
            try $0.execute(sql: "UPDATE duty SET cadence = 'fortnightly'")
        }
        let error = #expect(throws: StoreError.self) { try db.occurrence(id: item.id) }
        #expect(error?.description.contains("cadence 'fortnightly'") == true, "\(String(describing: error))")
    }
}
