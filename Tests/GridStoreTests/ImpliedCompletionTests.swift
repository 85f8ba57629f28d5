import Foundation
import GRDB
import GridConfig
import GridCore
import GridStore
import GridTestKit
import Testing

/// A completion that only repeats its closed item is not stored; every other one is, and
/// both read back exactly as they were recorded.
@Suite("Completions an item implies")
struct ImpliedCompletionTests: ExampleBranchSuite {
    let configuration: GridConfig.Configuration

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    /// The rows of the completion table, read past the store's API.
    func storedCompletions(_ path: String) throws -> [Int64] {
        try DatabaseQueue(path: path).read { db in
            try Int64.fetchAll(db, sql: "SELECT occurrence_id FROM completion ORDER BY occurrence_id, seq")
        }
    }

    /// Four daily items of the example branch, each with an owner and a quota of one.
    func dailies(_ db: GridDatabase) throws -> [Occurrence] {
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-27T10:00"))
        let items = try ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"].map {
            try item(db, "ops.proxy-business-log", $0)
        }
        #expect(items.allSatisfy { $0.owner != nil && $0.quota == 1 })
        return items
    }

    /// A database in a file, whose rows a test can read past the store, with the four
    /// dailies and their owner.
    func fileWithDailies() throws -> (TemporaryDirectory, GridDatabase, [Occurrence], String) {
        let directory = TemporaryDirectory("implied")
        let db = try GridDatabase(path: directory.file("g.sqlite"), mode: .command)
        let items = try dailies(db)
        return (directory, db, items, try #require(items[0].owner))
    }

    @Test("the owner's own check, recorded as done, is read back from the item and stores no row, on time or late")
    func ownersOwnCheckIsImplied() throws {
        let (directory, db, items, owner) = try fileWithDailies()
        let path = directory.file("g.sqlite")
        // A wall-clock instant with a fraction of a second, as `gridctl done` records it.
        let onTime = at("2026-11-23T11:00").addingTimeInterval(0.25)
        let late = items[2].deadline.addingTimeInterval(3600)

        let first = try db.recordCompletion(
            occurrence: items[0].id, by: owner, performedAt: onTime, recordedAt: onTime, note: nil)
        let second = try db.recordCompletion(
            occurrence: items[2].id, by: owner, performedAt: late, recordedAt: late, note: nil)

        #expect(first.state == .done && !first.late && second.state == .done && second.late)
        #expect(try storedCompletions(path).isEmpty)
        #expect(
            try db.completions(of: items[0].id)
                == [
                    Completion(
                        by: owner, performedAt: at("2026-11-23T11:00"), recordedAt: at("2026-11-23T11:00"), note: nil,
                        late: false)
                ])
        #expect(
            try db.completions(of: items[2].id)
                == [Completion(by: owner, performedAt: late, recordedAt: late, note: nil, late: true)])
        // Open, untouched items have none
        #expect(try db.completions(of: items[1].id).isEmpty)
    }

    @Test("a check done by someone else, with a note, or entered later than done is stored and read back in full")
    func completionsThatSayMoreAreStored() throws {
        let (directory, db, items, owner) = try fileWithDailies()
        let path = directory.file("g.sqlite")
        let other = owner == "lin.zhenhua" ? "wang.li" : "lin.zhenhua"
        // Each an hour before its item's deadline
        let done = items[1...].map { $0.deadline.addingTimeInterval(-3600) }
        let recorded = [
            Completion(by: other, performedAt: done[0], recordedAt: done[0], note: nil, late: false),
            Completion(by: owner, performedAt: done[1], recordedAt: done[1], note: "柜面抽查 3 笔", late: false),
            Completion(by: owner, performedAt: done[2], recordedAt: at("2026-11-27T09:00"), note: nil, late: false),
        ]

        for (item, completion) in zip(items[1...], recorded) {
            _ = try db.recordCompletion(
                occurrence: item.id, by: completion.by, performedAt: completion.performedAt,
                recordedAt: completion.recordedAt, note: completion.note)
        }

        #expect(try storedCompletions(path) == items[1...].map(\.id).sorted())
        for (item, completion) in zip(items[1...], recorded) {
            #expect(try db.completions(of: item.id) == [completion])
        }
    }

    @Test("each completion of an \"at least 2\" item is stored, the owner's own first one too")
    func quotaCompletionsAreStored() throws {
        let directory = TemporaryDirectory("implied")
        let path = directory.file("g.sqlite")
        let db = try GridDatabase(path: path, mode: .command)
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let lecture = try item(db, "party.lecture", "2026")
        let owner = try #require(lecture.owner)
        let times = [at("2026-12-20T10:00"), at("2026-12-21T10:00")]

        for time in times {
            _ = try db.recordCompletion(
                occurrence: lecture.id, by: owner, performedAt: time, recordedAt: time, note: nil)
        }

        #expect(try storedCompletions(path) == [lecture.id, lecture.id])
        #expect(
            try db.completions(of: lecture.id)
                == times.map { Completion(by: owner, performedAt: $0, recordedAt: $0, note: nil, late: false) })
    }

    @Test("a waived item implies no completion")
    func waivedItemHasNone() throws {
        let db = try GridDatabase()
        let items = try dailies(db)
        let waived = try db.waive(occurrence: items[0].id, by: "lin.zhenhua", reason: "停业", at: at("2026-11-23T12:00"))

        #expect(waived.state == .waived)
        #expect(try db.completions(of: items[0].id).isEmpty)
    }

    @Test("upgrading drops the rows of completions their items imply, and every completion reads back the same")
    func upgradeDropsImpliedRows() throws {
        // Given a database whose completions were all stored as rows, as before v7
        let (directory, db, items, owner) = try fileWithDailies()
        let path = directory.file("g.sqlite")
        let done = at("2026-11-24T11:00")
        _ = try db.recordCompletion(occurrence: items[0].id, by: owner, performedAt: done, recordedAt: done, note: nil)
        _ = try db.recordCompletion(
            occurrence: items[1].id, by: owner, performedAt: done, recordedAt: done, note: "附照片")
        _ = try db.recordCompletion(
            occurrence: items[2].id, by: owner, performedAt: at("2026-11-26T09:00"),
            recordedAt: at("2026-11-26T09:00"), note: nil)
        let before = try items.map { try db.completions(of: $0.id) }
        try DatabaseQueue(path: path).write { raw in
            try raw.execute(
                sql: """
                    INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late)
                    SELECT id, 1, ?, closed_at, closed_at, NULL, late FROM occurrence WHERE id IN (?, ?);
                    DELETE FROM grdb_migrations WHERE identifier = 'v7-implied-completions';
                    -- Before v7 no trigger kept completions.
                    DROP TRIGGER completion_no_delete;
                    """, arguments: [owner, items[0].id, items[2].id])
        }
        #expect(try storedCompletions(path) == [items[0].id, items[1].id, items[2].id].sorted())

        // When GridDuty opens it
        let upgraded = try GridDatabase(path: path, mode: .command)

        // Then only the note-carrying row is left, and every item reads back as before
        #expect(try storedCompletions(path) == [items[1].id])
        #expect(try items.map { try upgraded.completions(of: $0.id) } == before)
        #expect(before.map(\.count) == [1, 1, 1, 0])
    }
}
