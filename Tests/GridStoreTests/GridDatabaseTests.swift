import Foundation
import GridConfig
import GridCore
import GridStore
import GridTestKit
import Testing

@Suite("The store: occurrences, completions, waivers and leavers")
struct GridDatabaseTests {
    let configuration: Configuration
    var branch: Branch { configuration.branches[0] }

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    func at(_ text: String) -> Date { InstantText.parse(text)!.instant(in: branch.calendar) }

    func item(_ db: GridDatabase, _ duty: String, _ period: String, _ subject: String? = nil) throws -> Occurrence {
        try #require(
            try db.occurrence(
                key: OccurrenceKey(branch: branch.id, duty: duty, subject: subject ?? branch.id, period: period)))
    }

    @Test("bringing a branch up to the same instant twice, or after reopening the file, creates nothing twice")
    func idempotentAcrossRestarts() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        let first = try GridDatabase(path: path, mode: .daemon)
        let created = try first.bringUpToDate(
            catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let again = try first.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))

        let reopened = try GridDatabase(path: path, mode: .command)
        let afterRestart = try reopened.bringUpToDate(
            catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))

        #expect(created.inserted > 100)
        #expect(again == GridDatabase.MaterializeResult())
        #expect(afterRestart == GridDatabase.MaterializeResult())
    }

    @Test("catching up after a week creates every day's items in between, once")
    func catchUpCreatesEveryDay() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-30T10:00"))

        // Monday to Saturday are business days here; Sunday 29th is not.
        for day in ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-30"] {
            _ = try item(db, "ops.proxy-business-log", day)
        }
        #expect(
            try db.occurrence(
                key: OccurrenceKey(
                    branch: branch.id, duty: "ops.proxy-business-log", subject: branch.id, period: "2026-11-29"))
                == nil)
    }

    @Test(
        "passes from unchanged files add only new periods, and end with the rows that re-planning every pass gives, a leaver included"
    )
    func incrementalPassesMatchFullPasses() throws {
        // The branch head leaves on Tuesday 1 December: the current periods' items of his
        // roles must move to nobody on the first pass after it, with the files unchanged.
        let head = try #require(branch.holder(of: "branch-head", on: LocalDate(iso: "2026-11-23")!))
        let leaving = Branch(
            id: branch.id, name: branch.name, calendar: branch.calendar, since: branch.since,
            staff: branch.staff.map {
                $0.id == head.id
                    ? StaffMember(
                        id: $0.id, name: $0.name, roles: $0.roles, partyMember: $0.partyMember, joined: $0.joined,
                        left: LocalDate(iso: "2026-12-01"))
                    : $0
            }, grids: branch.grids, pairings: branch.pairings)
        let stamp = try #require(configuration.stamp(of: branch.id))
        let incremental = try GridDatabase()
        let full = try GridDatabase()
        func rows(_ db: GridDatabase) throws -> [OccurrenceKey: String] {
            let all = try db.occurrences(ids: Array(1...20_000)).values
            return Dictionary(
                uniqueKeysWithValues: all.map {
                    ($0.key, "\($0.owner ?? "-") \($0.remindAt) \($0.deadline) \($0.quota) \($0.state)")
                })
        }
        var beforeLeaving: [OccurrenceKey: String] = [:]
        for instant in [
            "2026-11-23T10:00", "2026-11-24T10:00", "2026-11-30T10:00", "2026-12-01T10:00", "2027-01-04T10:00",
        ] {
            try incremental.bringUpToDate(
                catalog: configuration.catalog, branch: leaving, now: at(instant), stamp: stamp)
            try full.bringUpToDate(catalog: configuration.catalog, branch: leaving, now: at(instant))
            if instant.hasPrefix("2026-11-30") { beforeLeaving = try rows(incremental) }
        }

        let fromFull = try rows(full)
        let fromIncremental = try rows(incremental)
        #expect(fromFull.count > 500)
        #expect(fromIncremental.count == fromFull.count)
        let differing = fromFull.filter { fromIncremental[$0.key] != $0.value }.map { "\($0.key)" }.sorted()
        #expect(differing.isEmpty, "first rows that differ: \(differing.prefix(5))")
        // Items stored while he was there, and still open, lost their owner when he left.
        let moved = beforeLeaving.filter { key, value in
            value.hasPrefix("\(head.id) ") && fromIncremental[key]?.hasPrefix("- ") == true
        }
        #expect(!moved.isEmpty)
    }

    @Test("an \"at least 2\" item needs two completions; the one after the deadline makes it done late")
    func quotaAndLateness() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let lecture = try item(db, "party.lecture", "2026")

        let once = try db.recordCompletion(
            occurrence: lecture.id, by: "lin.zhenhua", performedAt: at("2026-12-20T10:00"),
            recordedAt: at("2026-12-20T10:00"), note: "第一次")
        let twice = try db.recordCompletion(
            occurrence: lecture.id, by: "lin.zhenhua", performedAt: at("2027-01-05T10:00"),
            recordedAt: at("2027-01-05T11:00"), note: "第二次")

        #expect(once.state == .open && once.doneCount == 1)
        #expect(twice.state == .done && twice.doneCount == 2)
        #expect(twice.status(at: at("2027-01-06T00:00")) == .doneLate)
        let completions = try db.completions(of: lecture.id)
        #expect(completions.map(\.late) == [false, true])
        #expect(completions[1].recordedAt == at("2027-01-05T11:00"))
        #expect(throws: StoreError.alreadyClosed(id: lecture.id, state: "done")) {
            try db.recordCompletion(
                occurrence: lecture.id, by: "lin.zhenhua", performedAt: at("2027-01-06T10:00"),
                recordedAt: at("2027-01-06T10:00"), note: nil)
        }
    }

    @Test("a waiver closes the item and is kept in its history with who and why")
    func waiver() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let drill = try item(db, "security.drill", "2026-H2")

        let waived = try db.waive(occurrence: drill.id, by: "lin.zhenhua", reason: "分行统一组织", at: at("2026-11-23T11:00"))

        #expect(waived.status(at: at("2027-01-01T00:00")) == .waived)
        let events = try db.events(of: drill.id)
        #expect(events.map(\.kind) == ["waived"])
        #expect(events.first?.actor == "lin.zhenhua" && events.first?.detail == "分行统一组织")
    }

    @Test(
        "someone who leaves has their open per-person items closed as left, not deleted; a joiner gets the current period's"
    )
    func rosterChanges() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let talk = try item(db, "grid.half-year-talk", "2026-H2", "he.jing")

        // 何静 leaves on the 25th and 钱磊 joins on the 26th
        var staff = branch.staff.map { person in
            person.id == "he.jing"
                ? StaffMember(id: person.id, name: person.name, roles: person.roles, left: LocalDate(iso: "2026-11-25"))
                : person
        }
        staff.append(
            StaffMember(id: "qian.lei", name: "钱磊", roles: ["counter-manager"], joined: LocalDate(iso: "2026-11-26")))
        let changed = Branch(
            id: branch.id, name: branch.name, calendar: branch.calendar, since: branch.since, staff: staff,
            grids: branch.grids, pairings: branch.pairings)
        try db.bringUpToDate(catalog: configuration.catalog, branch: changed, now: at("2026-11-26T09:00"))

        let closed = try #require(try db.occurrence(id: talk.id))
        #expect(closed.state == .left)
        #expect(try db.events(of: talk.id).map(\.kind) == ["left"])
        let joiner = try item(db, "grid.half-year-talk", "2026-H2", "qian.lei")
        #expect(joiner.owner == "lin.zhenhua" && joiner.state == .open)
    }

    @Test("someone taken off the roster file altogether has their open per-person items closed as left")
    func removedFromRoster() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let talk = try item(db, "grid.half-year-talk", "2026-H2", "he.jing")
        let open = try [false, true].flatMap {
            try db.openOccurrences(OccurrenceFilter(branch: branch.id), now: at("2026-11-23T10:00"), overdue: $0)
        }
        let others = open.filter { $0.key.subject != "he.jing" }
        #expect(others.count > 100 && others.count < open.count)

        let changed = Branch(
            id: branch.id, name: branch.name, calendar: branch.calendar, since: branch.since,
            staff: branch.staff.filter { $0.id != "he.jing" }, grids: branch.grids, pairings: branch.pairings)
        try db.bringUpToDate(catalog: configuration.catalog, branch: changed, now: at("2026-11-24T09:00"))

        #expect(try db.occurrence(id: talk.id)?.state == .left)
        // Nobody else's items, nor the branch's, grids' or pairings', were touched.
        for other in others {
            #expect(try db.occurrence(id: other.id)?.state == .open, "\(other.key)")
        }
    }

    @Test(
        "a new holder of a post takes over its open items still ahead of their deadline; overdue ones stay with who let them lapse"
    )
    func reassignment() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-12-01T10:00"))
        let november = try item(db, "ops.account-reconciliation", "2026-11")
        let december = try item(db, "ops.account-reconciliation", "2026-12")
        #expect(november.owner == "zhou.min" && december.owner == "zhou.min")

        let staff = branch.staff.map { person in
            switch person.id {
            case "zhou.min":
                StaffMember(id: person.id, name: person.name, roles: ["discipline-inspector"], partyMember: true)
            case "zhao.gang":
                StaffMember(
                    id: person.id, name: person.name, roles: ["deputy-supervisor", "operations-deputy"],
                    partyMember: true)
            default: person
            }
        }
        let changed = Branch(
            id: branch.id, name: branch.name, calendar: branch.calendar, since: branch.since, staff: staff,
            grids: branch.grids, pairings: branch.pairings)
        let result = try db.bringUpToDate(catalog: configuration.catalog, branch: changed, now: at("2026-12-01T11:00"))

        #expect(result.updated > 0)
        #expect(try db.occurrence(id: december.id)?.owner == "zhao.gang")
        #expect(try db.occurrence(id: november.id)?.owner == "zhou.min")
    }

    @Test("items whose next alert has come are read with the due time of the latest alert raised for each")
    func itemsNeedingAlertsCarryTheirLatestAlert() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let daily = try item(db, "ops.proxy-business-log", "2026-11-23")
        func decision(_ kind: AlertKind, _ level: Int, _ due: String) -> AlertDecision {
            AlertDecision(
                occurrenceID: daily.id,
                instance: AlertInstance(
                    kind: kind, level: level, day: LocalDate(iso: "2026-11-23")!, dueAt: at(due), targets: [.owner]),
                targets: ["zhou.min"], businessDaysOverdue: 0, nextAlertAt: at("2026-11-23T09:00"))
        }
        let before = try db.occurrencesNeedingAlerts(branch: branch.id, now: at("2026-11-23T10:00"))
        #expect(before.contains { $0.occurrence.id == daily.id && $0.lastAlertDueAt == nil })

        // Written out of order: the latest due time counts, not the last written.
        try db.recordAlerts(
            [decision(.overdue, 0, "2026-11-23T17:00"), decision(.reminder, 0, "2026-11-23T08:30")],
            raisedAt: at("2026-11-23T17:00"), catchUp: nil)

        let after = try db.occurrencesNeedingAlerts(branch: branch.id, now: at("2026-11-23T10:00"))
        let found = try #require(after.first { $0.occurrence.id == daily.id })
        #expect(found.lastAlertDueAt == at("2026-11-23T17:00"))
        #expect(found.occurrence == daily)
        #expect(after.filter { $0.occurrence.id != daily.id }.allSatisfy { $0.lastAlertDueAt == nil })
    }

    @Test(
        "the whole bank's counts, kept per branch by SQLite, match a count of the rows through done, waive, a departure and an earlier now"
    )
    func keptOpenCountsMatchTheRows() throws {
        let db = try GridDatabase()
        func expectCountsMatch(at text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let now = at(text)
            let filter = OccurrenceFilter(branch: branch.id)
            let late = try db.countOpen(filter, now: now, overdue: true)
            let open = try db.countOpen(filter, now: now, overdue: false) + late
            let kept = try db.openCounts(now: now)[branch.id]
            #expect(kept?.open == open, "open at \(text)", sourceLocation: sourceLocation)
            #expect(kept?.overdue == late, "overdue at \(text)", sourceLocation: sourceLocation)
        }
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        try expectCountsMatch(at: "2026-11-23T10:00")
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-12-08T10:00"))
        try expectCountsMatch(at: "2026-12-08T10:00")

        _ = try db.recordCompletion(
            occurrence: try item(db, "party.lecture", "2026").id, by: "lin.zhenhua",
            performedAt: at("2026-12-08T10:00"), recordedAt: at("2026-12-08T10:00"), note: nil)
        _ = try db.recordCompletion(
            occurrence: try item(db, "ops.account-reconciliation", "2026-11").id, by: "zhou.min",
            performedAt: at("2026-12-08T10:00"), recordedAt: at("2026-12-08T10:00"), note: nil)
        _ = try db.waive(
            occurrence: try item(db, "security.drill", "2026-H2").id, by: "lin.zhenhua", reason: "分行统一组织",
            at: at("2026-12-08T10:00"))
        try expectCountsMatch(at: "2026-12-08T10:00")

        let staff = branch.staff.map { person in
            person.id == "he.jing"
                ? StaffMember(id: person.id, name: person.name, roles: person.roles, left: LocalDate(iso: "2026-12-08"))
                : person
        }
        let changed = Branch(
            id: branch.id, name: branch.name, calendar: branch.calendar, since: branch.since, staff: staff,
            grids: branch.grids, pairings: branch.pairings)
        try db.bringUpToDate(catalog: configuration.catalog, branch: changed, now: at("2026-12-09T09:00"))
        // Before the last pass, items whose period had not begun are not counted; after it,
        // everything open is, and more of it is overdue.
        for text in ["2026-11-24T10:00", "2026-12-01T00:00", "2026-12-09T09:00", "2027-01-15T10:00"] {
            try expectCountsMatch(at: text)
        }
    }

    @Test("an alert is stored once per occurrence, kind, level and day, however often it is decided")
    func alertUniqueness() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))
        let daily = try item(db, "ops.proxy-business-log", "2026-11-23")
        let decision = AlertDecision(
            occurrenceID: daily.id,
            instance: AlertInstance(
                kind: .overdue, level: 0, day: LocalDate(iso: "2026-11-23")!, dueAt: daily.deadline, targets: [.owner]),
            targets: ["zhou.min"], businessDaysOverdue: 0, nextAlertAt: nil)

        let first = try db.recordAlerts([decision], raisedAt: at("2026-11-23T17:00"), catchUp: nil)
        let second = try db.recordAlerts([decision, decision], raisedAt: at("2026-11-23T17:01"), catchUp: nil)

        #expect(first.count == 1)
        #expect(second.isEmpty)
        #expect(try db.alerts(occurrence: daily.id, unacknowledgedOnly: false).count == 1)
        #expect(try db.unloggedAlerts().map(\.id) == first.map(\.id))
        try db.markLogged(first.map(\.id), at: at("2026-11-23T17:00"))
        #expect(try db.unloggedAlerts().isEmpty)
        let acked = try db.acknowledge(first.map(\.id), by: "zhou.min", at: at("2026-11-23T17:05"))
        #expect(acked.first?.acknowledgedBy == "zhou.min")
        #expect(try db.alerts(targeting: "zhou.min", unacknowledgedOnly: true).isEmpty)
        #expect(try db.alerts(targeting: "zhou.min", unacknowledgedOnly: false).count == 1)
        #expect(try db.alerts(targeting: "zhou", unacknowledgedOnly: false).isEmpty)
    }

    @Test("processes opening a new database file at the same moment migrate it once, without error")
    func concurrentMigration() async throws {
        for round in 0..<5 {
            let dir = TemporaryDirectory()
            let path = dir.file("new.sqlite")
            let results = try await withThrowingTaskGroup(of: ProcessRunner.Result.self) { group in
                for _ in 0..<4 {
                    group.addTask { try ProcessRunner("gridctl").run(["migrate", "--db", path]) }
                }
                var all: [ProcessRunner.Result] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(results.allSatisfy { $0.status == 0 }, "round \(round): \(results.map(\.stderr))")
        }
    }
}

@Suite("The store at volume")
struct GridDatabaseVolumeTests {
    @Test("marking 260,000 alerts logged at once stays within SQLite's limit of 250,000 bound variables")
    func markManyLogged() throws {
        let configuration = try ConfigLoader(directory: Repository.schedules).load()
        let branch = configuration.branches[0]
        let db = try GridDatabase()
        let now = InstantText.parse("2026-11-23T10:00")!.instant(in: branch.calendar)
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: now)
        let item = try #require(try db.openOccurrences(OccurrenceFilter(), now: now, overdue: true).first)
        // One alert per day for a long time: more rows than any variable limit.
        let decisions = (0..<260_000).map { n in
            AlertDecision(
                occurrenceID: item.id,
                instance: AlertInstance(
                    kind: .nag, level: 2, day: LocalDate(dayNumber: 20_000 + n), dueAt: now, targets: [.owner]),
                targets: ["zhou.min"], businessDaysOverdue: n, nextAlertAt: nil)
        }
        let raised = try db.recordAlerts(decisions, raisedAt: now, catchUp: nil)

        try db.markLogged(raised.map(\.id), at: now)

        #expect(raised.count == 260_000)
        #expect(try db.unloggedAlerts(limit: 10).isEmpty)
    }

    @Test(
        "rows written many to a statement are counted one by one: new ones inserted, changed open ones updated, the rest left",
        arguments: [1, 31, 32, 33, 64, 100])
    func materializeCountsAcrossStatements(count: Int) throws {
        let branch = "b1"
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        func plan(_ n: Int, owner: String = "p1", deadline: TimeInterval = 86_400) -> OccurrencePlan {
            OccurrencePlan(
                key: OccurrenceKey(branch: branch, duty: "d\(n % 3)", subject: "s\(n)", period: "2026-06"),
                line: "operations", cadence: .monthly, scope: .staff, owner: owner, ownerRole: "teller",
                periodStart: now.addingTimeInterval(TimeInterval(n - 1_000_000)), remindAt: now,
                deadline: now.addingTimeInterval(deadline), quota: 1)
        }
        let db = try GridDatabase()
        let first = try db.materialize(
            branch: branch, plans: (0..<count).map { plan($0) }, through: LocalDate(iso: "2026-06-01")!, now: now)
        #expect(first == GridDatabase.MaterializeResult(inserted: count, updated: 0))

        // Every third existing row gets a new owner, the rest are planned unchanged, and as
        // many new rows are interleaved with them.
        let again = (0..<count).flatMap { n in [plan(n, owner: n % 3 == 0 ? "p2" : "p1"), plan(count + n)] }
        let second = try db.materialize(
            branch: branch, plans: again, through: LocalDate(iso: "2026-06-01")!, now: now)
        #expect(second == GridDatabase.MaterializeResult(inserted: count, updated: (count + 2) / 3))
        #expect(try db.openCounts(now: now)[branch]?.open == 2 * count)
        let moved = try #require(
            try db.occurrence(key: OccurrenceKey(branch: branch, duty: "d0", subject: "s0", period: "2026-06")))
        #expect(moved.owner == "p2")
    }

    @Test("a period numbered in a transaction that rolled back is not remembered: its number may go to another")
    func numbersOfRolledBackTransactionsAreForgotten() throws {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let day = LocalDate(iso: "2026-06-01")!
        func plan(_ period: String, quota: Int = 1) -> OccurrencePlan {
            OccurrencePlan(
                key: OccurrenceKey(branch: "b1", duty: "d", subject: "b1", period: period), line: "operations",
                cadence: .monthly, scope: .branch, owner: nil, ownerRole: "teller", periodStart: now, remindAt: now,
                deadline: now.addingTimeInterval(86_400), quota: quota)
        }
        let db = try GridDatabase()
        try db.materialize(branch: "b1", plans: [plan("2026-05")], through: day, now: now)
        // Numbers "2026-06", then fails on the CHECK of its second row: nothing of it stays.
        #expect(throws: (any Error).self) {
            try db.materialize(
                branch: "b1", plans: [plan("2026-06"), plan("2026-07", quota: 0)], through: day, now: now)
        }
        // "2026-07" now takes the number "2026-06" had been given.
        try db.materialize(branch: "b1", plans: [plan("2026-07"), plan("2026-06")], through: day, now: now)

        for period in ["2026-05", "2026-06", "2026-07"] {
            let item = try db.occurrence(key: OccurrenceKey(branch: "b1", duty: "d", subject: "b1", period: period))
            #expect(item?.key.period == period, "\(period)")
        }
        #expect(try db.openCounts(now: now)["b1"]?.open == 3)
    }
}

@Suite("How far back and how far ahead a pass reaches")
struct MaterializationSpanTests {
    let configuration: Configuration
    var branch: Branch { configuration.branches[0] }

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    func at(_ text: String) -> Date { InstantText.parse(text)!.instant(in: branch.calendar) }

    @Test("a first pass years after the branch's 'since' tracks only the last 1,100 days")
    func firstPassLongAfterSince() throws {
        // Given the example branch, tracked since 2026-11-01, first run in mid-2030
        let db = try GridDatabase()

        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2030-06-03T10:00"))

        // Then the daily log exists within the last 1,100 days, not before
        let first = LocalDate(iso: "2030-06-03")!.adding(days: 1 - Materializer.maximumSpanDays)
        let key = { (day: LocalDate) in
            OccurrenceKey(
                branch: "example", duty: "ops.proxy-business-log", subject: "example", period: day.description)
        }
        let open = try #require(branch.calendar.nextBusinessDay(after: first.adding(days: 7)))
        #expect(try db.occurrence(key: key(open)) != nil)
        #expect(try db.occurrence(key: key(LocalDate(iso: "2026-11-02")!)) == nil)
        #expect(try db.materializedThrough(branch: "example") == LocalDate(iso: "2030-06-03"))
    }

    @Test("catching up more than 1,100 days after the last pass is refused as a mistyped date, writing nothing")
    func implausibleCatchUp() throws {
        let db = try GridDatabase()
        try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2026-11-23T10:00"))

        #expect(throws: StoreError.self) {
            try db.bringUpToDate(catalog: configuration.catalog, branch: branch, now: at("2062-11-23T10:00"))
        }
        #expect(try db.materializedThrough(branch: "example") == LocalDate(iso: "2026-11-23"))
    }
}
