import Foundation
import GRDB
import GridConfig
import GridCore
import GridStore
import GridTestKit
import Testing

/// The rectification ledger in the store: its record, the items that chase measures, the
/// audit chain over both, and the monthly snapshots.
@Suite("The ledger in the store")
struct LedgerStoreTests: ExampleBranchSuite {
    let configuration: GridConfig.Configuration

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    var items: LedgerItems {
        let catalog = configuration.catalog
        return LedgerItems(
            branch: branch, measureDuty: catalog.duty(catalog.ledger.measureDuty)!,
            milestoneDuty: catalog.duty(catalog.ledger.milestoneDuty)!)
    }

    static let inspection = Inspection(name: "四季度运营条线检查", kind: .lineCheck)
    static let finding = Finding(
        number: "1", inspection: inspection.name, text: "柜员离柜未退出系统", leader: "lin.zhenhua",
        found: Fixtures.date("2026-11-10"))
    static let measure = Measure(
        id: MeasureID(finding: "1", number: "1"), text: "离柜规范培训", owner: "wu.ting",
        deadline: Fixtures.date("2026-11-20"), milestones: [Milestone(date: Fixtures.date("2026-11-16"), text: "方案")])

    func write(_ db: GridDatabase, _ changes: [LedgerChange], at text: String, actor: String? = "zhou.min") throws
        -> Ledger
    {
        let now = at(text)
        return try db.applyLedger(
            LedgerWrite(
                branch: branch.id, changes: changes, day: branch.calendar.localDate(of: now), at: now, actor: actor,
                attribution: Attribution(login: "clerk", actor: actor, enteredAt: now), items: items))
    }

    func opened() throws -> (TemporaryDirectory, GridDatabase) {
        let directory = TemporaryDirectory("ledger-store")
        let db = try GridDatabase(path: directory.file("g.sqlite"), mode: .command)
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-10T09:00"))
        _ = try write(
            db, [.inspectionAdded(Self.inspection), .findingAdded(Self.finding), .measureAdded(Self.measure)],
            at: "2026-11-10T10:00")
        return (directory, db)
    }

    func occurrence(_ db: GridDatabase, milestone: LocalDate? = nil) throws -> Occurrence {
        let link = try #require(try db.ledgerItems(branch: branch.id).first { $0.milestone == milestone })
        return try #require(try db.occurrence(id: link.occurrenceID))
    }

    /// November's 每月更新整改台账, done on the 27th by the discipline inspector.
    func updateNovember(_ db: GridDatabase) throws {
        try db.bringUpToDate(
            catalog: configuration.catalog, branch: branch, now: at("2026-11-27T10:00"),
            stamp: configuration.stamp(of: branch.id))
        let update = try item(db, "discipline.ledger-update", "2026-11")
        _ = try db.recordCompletion(
            occurrence: update.id, by: "zhou.min", performedAt: at("2026-11-27T10:00"),
            recordedAt: at("2026-11-27T10:00"), note: nil)
    }

    @Test("A measure and its milestone become items owed by the measure's owner, due at closing on their days")
    func itemsRaised() throws {
        let (_, db) = try opened()
        let item = try occurrence(db)
        #expect(item.key.duty == "discipline.rectification-measure")
        #expect(item.key.subject == "问题1" && item.key.period == "1")
        #expect(item.owner == "wu.ting")
        #expect(item.deadline == at("2026-11-20T17:00"))
        // Reminded 3 business days ahead, at opening (the branch opens on Saturdays).
        #expect(item.remindAt == at("2026-11-17T08:30"))
        let stage = try occurrence(db, milestone: Fixtures.date("2026-11-16"))
        #expect(stage.key.duty == "discipline.rectification-milestone" && stage.key.period == "1@2026-11-16")
        #expect(stage.deadline == at("2026-11-16T17:00"))
        #expect(try db.ledger(branch: branch.id).finding("1")?.state == .rectifying)
        #expect(try db.verifyAudit().problem == nil)
    }

    @Test(
        "A revision moves the item's deadline and owner, drops a withdrawn milestone, and says so in the item's record")
    func revision() throws {
        let (_, db) = try opened()
        var revised = Self.measure
        revised.deadline = Fixtures.date("2026-11-27")
        revised.owner = "he.jing"
        revised.milestones = []
        _ = try write(db, [.measureRevised(revised)], at: "2026-11-12T10:00")
        let item = try occurrence(db)
        #expect(item.deadline == at("2026-11-27T17:00") && item.owner == "he.jing")
        let stage = try occurrence(db, milestone: Fixtures.date("2026-11-16"))
        #expect(stage.state == .waived)
        let history = try db.events(of: item.id).map { "\($0.kind) \($0.detail ?? "")" }
        #expect(history.contains("revised owner wu.ting → he.jing; deadline 2026-11-20 → 2026-11-27"), "\(history)")
        #expect(try db.verifyAudit().problem == nil)
    }

    @Test("A measure done closes its items, late when after the deadline, with the evidence as the note")
    func done() throws {
        let (_, db) = try opened()
        _ = try write(
            db, [.measureDone(Self.measure.id, MeasureDone(date: Fixtures.date("2026-11-23"), evidence: "签到表"))],
            at: "2026-11-23T15:00")
        let item = try occurrence(db)
        #expect(item.state == .done && item.late)
        #expect(try db.completions(of: item.id).first?.note == "签到表")
        #expect(try occurrence(db, milestone: Fixtures.date("2026-11-16")).state == .done)
        #expect(try db.verifyAudit().problem == nil)
    }

    @Test("A refused change rolls the whole write back")
    func allOrNothing() throws {
        let (_, db) = try opened()
        let before = try db.ledgerEvents(branch: branch.id).count
        #expect(throws: LedgerRefusal.self) {
            _ = try write(
                db,
                [
                    .measureAdded(
                        Measure(
                            id: .init(finding: "1", number: "2"), text: "x", owner: "he.jing",
                            deadline: Fixtures.date("2026-11-30"))),
                    .closeRequested(finding: "1", CloseOutRequest(solved: "a", effective: "b", mechanism: "c")),
                ], at: "2026-11-12T10:00")
        }
        #expect(try db.ledgerEvents(branch: branch.id).count == before)
        #expect(try db.ledgerItems(branch: branch.id).count == 2)
    }

    @Test("The ledger as of a day replays the record up to then")
    func asOf() throws {
        let (_, db) = try opened()
        _ = try write(
            db, [.measureDone(Self.measure.id, MeasureDone(date: Fixtures.date("2026-11-13"), evidence: nil))],
            at: "2026-11-13T15:00")
        let before = try db.ledger(branch: branch.id, asOfEndOf: Fixtures.date("2026-11-12"))
        #expect(before.measure(Self.measure.id)?.done == nil)
        let after = try db.ledger(branch: branch.id, asOfEndOf: Fixtures.date("2026-11-13"))
        #expect(after == (try db.ledger(branch: branch.id)))
        #expect(try db.ledger(branch: branch.id, asOfEndOf: Fixtures.date("2026-11-09")).findings.isEmpty)
    }

    @Test("Completing the month's ledger update freezes a snapshot that later changes do not touch")
    func snapshot() throws {
        let (_, db) = try opened()
        try updateNovember(db)
        let frozen = try #require(try db.ledgerSnapshot(branch: branch.id, month: "2026-11"))
        _ = try write(
            db, [.measureDone(Self.measure.id, MeasureDone(date: Fixtures.date("2026-11-27"), evidence: nil))],
            at: "2026-11-27T15:00")
        #expect(try db.ledgerSnapshot(branch: branch.id, month: "2026-11")?.ledger == frozen.ledger)
        #expect(frozen.ledger.measure(Self.measure.id)?.done == nil)
        #expect(try db.ledgerSnapshotMonths(branch: branch.id) == ["2026-11"])
        #expect(try db.verifyAudit().problem == nil)
    }

    @Test("The ledger's record and snapshots refuse rewrites, and a rewrite past the triggers breaks the chain")
    func appendOnly() throws {
        let (directory, db) = try opened()
        try updateNovember(db)
        let sqlite = try DatabaseQueue(path: directory.file("g.sqlite"))
        for sql in [
            "UPDATE ledger_event SET actor = 'lin.zhenhua'", "DELETE FROM ledger_event",
            "UPDATE ledger_snapshot SET ledger = '{}'", "DELETE FROM ledger_snapshot",
        ] {
            #expect(throws: (any Error).self, "\(sql)") { try sqlite.write { try $0.execute(sql: sql) } }
        }
        try sqlite.write {
            try $0.execute(
                sql: "DROP TRIGGER ledger_event_no_update; UPDATE ledger_event SET actor = 'lin.zhenhua' WHERE id = 2")
        }
        let problem = try #require(try db.verifyAudit().problem)
        #expect(problem.message.contains("does not match its hash"), "\(problem.message)")
        try sqlite.write {
            try $0.execute(sql: "DROP TRIGGER ledger_snapshot_no_update; UPDATE ledger_snapshot SET ledger = '{}'")
        }
        try sqlite.write {
            try $0.execute(
                sql: "INSERT INTO ledger_event (branch, day, at, kind, change) VALUES (1, 0, 0, 'finding-added', '{}')")
        }
        #expect(try db.verifyAudit().problem != nil)
    }
}
