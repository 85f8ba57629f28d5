import Foundation
import GridTestKit
import Testing

/// What the example branch owes on Monday 2026-11-23 at 10:00, written out by hand from the
/// shipped catalog (`schedules/catalog/*.yaml`) and the branch file, not from the code.
///
/// The roster: 林振华 (lin.zhenhua) is branch head and party secretary and leads the branch
/// grid; 周敏 (zhou.min) is operations deputy and discipline inspector and leads the counter
/// grid. Every line but the grid line is owned by one of those roles, so every item belongs
/// to one of the two.
enum ExampleCatalog {
    static let lin = "lin.zhenhua"
    static let zhou = "zhou.min"
    static let branch = "example"
    static let staff = [
        "lin.zhenhua", "zhou.min", "chen.xiaodong", "wang.li", "zhao.gang", "sun.yue", "wu.ting", "zheng.kai",
        "he.jing",
    ]
    static let partyMembers = ["lin.zhenhua", "zhou.min", "chen.xiaodong", "wang.li", "zhao.gang", "wu.ting"]
    static let grids: [(id: String, leader: String, members: [String])] = [
        ("branch-grid", lin, ["zhou.min", "chen.xiaodong", "wang.li", "zhao.gang"]),
        ("counter-grid", zhou, ["sun.yue", "wu.ting", "zheng.kai", "he.jing"]),
    ]
    static let pairings = ["pair.lin-chen", "pair.zhou-wu", "pair.zhou-he", "pair.office", "pair.client", "pair.peer"]

    /// Branch-scoped duties by cadence: (duty, owner, owner role).
    static let daily: [(String, String, String)] = [
        ("party.daily-system-duty", lin, "party-secretary"),
        ("ops.proxy-business-log", zhou, "operations-deputy"),
        ("ops.premises-safety-log", zhou, "operations-deputy"),
        ("security.business-hours-check", zhou, "operations-deputy"),
        ("security.closing-sweep", zhou, "operations-deputy"),
        ("conduct.attendance", zhou, "operations-deputy"),
    ]
    static let weekly: [(String, String, String)] = [
        ("ops.seal-voucher-check", zhou, "operations-deputy"),
        ("ops.teller-metrics-review", zhou, "operations-deputy"),
        ("security.morning-brief-study", zhou, "operations-deputy"),
        ("security.equipment-check", zhou, "operations-deputy"),
    ]
    static let monthly: [(String, String, String)] = [
        ("party.committee-meeting", lin, "party-secretary"),
        ("party.study", lin, "party-secretary"),
        ("ops.account-reconciliation", zhou, "operations-deputy"),
        ("ops.atm-cassette-check", zhou, "operations-deputy"),
        ("ops.teller-drawer-check", zhou, "operations-deputy"),
        ("ops.internal-account-check", zhou, "operations-deputy"),
        ("ops.statement-handover", zhou, "operations-deputy"),
        ("ops.archive-filing", zhou, "operations-deputy"),
        ("ops.loss-report-check", zhou, "operations-deputy"),
        ("ops.receipt-cabinet-check", zhou, "operations-deputy"),
        ("ops.video-review", zhou, "operations-deputy"),
        ("ops.teller-conduct-report", zhou, "operations-deputy"),
        ("security.alarm-test", zhou, "operations-deputy"),
        ("security.training", zhou, "operations-deputy"),
        ("conduct.control-education", zhou, "operations-deputy"),
        ("conduct.behaviour-screening", zhou, "operations-deputy"),
        ("discipline.ledger-update", zhou, "discipline-inspector"),
    ]
    static let quarterly: [(String, String, String)] = [
        ("party.members-meeting", lin, "party-secretary"),
        ("party.integrity-education", lin, "party-secretary"),
        ("party.activity", lin, "party-secretary"),
        ("discipline.rules-education", zhou, "discipline-inspector"),
        // Branch scope, owned by `grid-leader`: the leader of the top grid.
        ("grid.star-selection", lin, "grid-leader"),
    ]
    static let halfYearly: [(String, String, String)] = [
        ("party.double-cultivation", lin, "party-secretary"),
        ("ops.seal-card-inventory", zhou, "operations-deputy"),
        ("security.drill", zhou, "operations-deputy"),
    ]
    static let yearly: [(String, String, String)] = [
        ("party.annual-plan", lin, "party-secretary"),
        ("party.lecture", lin, "party-secretary"),
        ("party.org-life-meeting", lin, "party-secretary"),
        ("party.member-review", lin, "party-secretary"),
        ("party.model-post-review", lin, "party-secretary"),
        ("discipline.conduct-self-check", zhou, "discipline-inspector"),
        ("security.self-assessment", zhou, "operations-deputy"),
    ]
    /// "至少2次": the only duties with a quota above one that are owed in 2026.
    static let quotas = ["party.lecture": 2, "party.org-life-meeting": 2]

    /// Yearly duties due by the end of Q1 (`month-end 3`): 2026's fell due before tracking
    /// began on 2026-11-01, so none is owed this year.
    static let dueByEndOfQ1 = [
        "security.responsibility-letter", "conduct.responsibility-letters", "grid.responsibility-letter",
    ]

    /// One expected occurrence.
    struct Owed: Hashable, CustomStringConvertible {
        let duty: String
        let period: String
        let subject: String
        let owner: String
        let ownerRole: String
        let periodStart: String
        let deadline: String
        let quota: Int

        var description: String { "\(duty)/\(subject)/\(period) → \(owner) (\(ownerRole)) by \(deadline)" }
    }

    /// Everything owed and not overdue on a business day `today`, heart talks aside (see
    /// `DueListingTests.heartTalkForEveryPartyMember`).
    static func owed(on today: Day) -> Set<Owed> {
        var result: Set<Owed> = []
        func add(
            _ duties: [(String, String, String)], period: String, from: Day, through: Day, subject: String = branch
        ) {
            for (duty, owner, role) in duties {
                result.insert(
                    Owed(
                        duty: duty, period: period, subject: subject, owner: owner, ownerRole: role,
                        periodStart: "\(from)T00:00:00+08:00",
                        deadline: ExampleBranchDays.closing(ExampleBranchDays.lastOpenDay(from, through: through)),
                        quota: quotas[duty] ?? 1))
            }
        }
        // Daily: today only (earlier days are overdue by now).
        add(daily, period: "\(today)", from: today, through: today)
        // One chase per grid, every one the operations line's (督促网格内员工及时完成系统履职).
        for grid in grids {
            add(
                [("conduct.system-duty-chase", zhou, "operations-deputy")], period: "\(today)", from: today,
                through: today, subject: grid.id)
        }
        // Weekly: the ISO week, Monday to Sunday.
        let monday = today.adding(days: -((today.weekday + 5) % 7))
        let sunday = monday.adding(days: 6)
        add(weekly, period: today.isoWeek, from: monday, through: sunday)
        for grid in grids {
            for member in grid.members {
                add(
                    [("grid.member-conduct-check", grid.leader, "grid-leader")], period: today.isoWeek, from: monday,
                    through: sunday, subject: member)
            }
        }
        // Monthly, quarterly, half-yearly, yearly, biennial: calendar periods.
        let y = today.year
        let m = today.month
        add(monthly, period: String(format: "%04d-%02d", y, m), from: Day(y, m, 1), through: Day.lastOf(y, m))
        let q = (m - 1) / 3
        add(quarterly, period: "\(y)-Q\(q + 1)", from: Day(y, q * 3 + 1, 1), through: Day.lastOf(y, q * 3 + 3))
        for pairing in pairings {
            add(
                [("party.pairing-activity", lin, "party-secretary")], period: "\(y)-Q\(q + 1)",
                from: Day(y, q * 3 + 1, 1),
                through: Day.lastOf(y, q * 3 + 3), subject: pairing)
        }
        let h = m <= 6 ? 1 : 2
        add(halfYearly, period: "\(y)-H\(h)", from: Day(y, h == 1 ? 1 : 7, 1), through: Day.lastOf(y, h * 6))
        // "网点负责人每半年至少与所有员工开展一次谈心活动": the head talks with everyone else.
        for person in staff where person != lin {
            add(
                [("grid.half-year-talk", lin, "branch-head")], period: "\(y)-H\(h)", from: Day(y, h == 1 ? 1 : 7, 1),
                through: Day.lastOf(y, h * 6), subject: person)
        }
        add(yearly, period: "\(y)", from: Day(y, 1, 1), through: Day(y, 12, 31))
        let even = y - y % 2
        add(
            [("security.external-assessment", zhou, "operations-deputy")], period: "\(even)-\(even + 1)",
            from: Day(even, 1, 1), through: Day(even + 1, 12, 31))
        return result
    }
}

@Suite("gridctl due: what the example branch owes")
struct DueListingTests {
    @Test(
        "Given the example branch on Monday 2026-11-23 10:00, when `due --format json` runs, then it lists exactly what the catalog says is owed that day"
    )
    func dueListsExactlyWhatIsOwed() throws {
        let gridctl = try Gridctl()

        let json = try gridctl.succeed(["due", "--format", "json"])
        let items = try Item.decoder.decode([Item].self, from: Data(json.utf8))

        let expected = ExampleCatalog.owed(on: Day("2026-11-23"))
        let listed = items.filter { $0.duty != "party.heart-talk" }
        let actual = Set(
            listed.map {
                ExampleCatalog.Owed(
                    duty: $0.duty, period: $0.period, subject: $0.subject, owner: $0.owner ?? "(unassigned)",
                    ownerRole: $0.ownerRole, periodStart: $0.periodStart, deadline: $0.deadline, quota: $0.quota)
            })
        #expect(listed.count == actual.count, "an occurrence is listed twice")
        #expect(
            actual.subtracting(expected).isEmpty,
            "listed but not owed: \(actual.subtracting(expected).map(\.description).sorted())")
        #expect(
            expected.subtracting(actual).isEmpty,
            "owed but not listed: \(expected.subtracting(actual).map(\.description).sorted())")
        #expect(
            expected.count == 73 - 6,
            "the hand-written expectation itself: 73 items (with 每月更新整改台账) with the 6 heart talks")

        // Every item is the example branch's, open, untouched, assigned, on its own line.
        for item in items {
            #expect(item.branch == "example")
            #expect(!item.unassigned && item.owner != nil, "\(item)")
            #expect(item.doneCount == 0, "\(item)")
            #expect(item.status == "due" || item.status == "upcoming", "\(item)")
            // The operations line keeps the catalog's short `ops.` prefix for its duty ids.
            let prefix = item.line == "operations" ? "ops" : item.line
            #expect(item.duty.hasPrefix(prefix + "."), "\(item) is on line \(item.line)")
            #expect(!item.title.isEmpty && !item.ownerName.isEmpty && !item.subjectName.isEmpty, "\(item)")
            #expect(item.cadence != "triggered", "nothing was raised, yet \(item) is listed")
        }
        // Today's daily items are inside their reminder window; nothing else from earlier days.
        #expect(items.filter { $0.cadence == "daily" }.allSatisfy { $0.period == "2026-11-23" && $0.status == "due" })
        #expect(Set(items.map(\.ownerName)) == ["林振华", "周敏"])
        // The responsibility letters of 2026 fell due on 2026-03-31, before tracking began.
        for duty in ExampleCatalog.dueByEndOfQ1 {
            #expect(!items.contains { $0.duty == duty }, "\(duty) of 2026 fell due before tracking began")
        }
        #expect(!items.contains { $0.duty.hasPrefix("epidemic.") }, "the epidemic line is shipped disabled")

        // The JSON field names are the documented stable set, no more, no fewer.
        for keys in try jsonKeySets(json) {
            #expect(
                keys == Item.fieldNames,
                "extra: \(keys.subtracting(Item.fieldNames)), missing: \(Item.fieldNames.subtracting(keys))")
        }
    }

    @Test(
        "Given the example branch, when `due` runs on a Monday, then party.heart-talk is owed once for each of the 6 party members: by the secretary, and the secretary's own by the discipline inspector"
    )
    func heartTalkForEveryPartyMember() throws {
        let gridctl = try Gridctl()

        let talks = try gridctl.items(["due", "--duty", "party.heart-talk"])

        // Every party member has a talk a year, the secretary too (党支部委员之间): his own
        // passes to the other committee member, the discipline inspector.
        #expect(Set(talks.map(\.subject)) == Set(ExampleCatalog.partyMembers))
        #expect(talks.count == 6)
        for talk in talks {
            let owner = talk.subject == ExampleCatalog.lin ? ExampleCatalog.zhou : ExampleCatalog.lin
            #expect(talk.owner == owner && talk.ownerRole == "party-secretary" && talk.period == "2026", "\(talk)")
        }
    }

    @Test(
        "Given tracking since Sunday 2026-11-01, when `due` runs on a Sunday and `overdue --cadence daily` on the Monday after, then no daily item exists for a day the branch is closed"
    )
    func nothingFromANonBusinessDay() throws {
        let gridctl = try Gridctl()

        let sunday = try gridctl.items(["due", "--cadence", "daily"], now: "2026-11-22T10:00")
        let overdue = try gridctl.items(["overdue", "--cadence", "daily"], now: Gridctl.monday)

        #expect(sunday.isEmpty, "the branch is closed on Sundays: \(sunday)")
        let openDays = ExampleBranchDays.openDays(Day("2026-11-01"), through: Day("2026-11-21")).map(\.description)
        #expect(!openDays.contains("2026-11-01") && !openDays.contains("2026-11-15"))
        #expect(Set(overdue.map(\.period)) == Set(openDays))
        // 6 branch duties and one chase per grid, on each of the 18 open days.
        let perDay = ExampleCatalog.daily.count + ExampleCatalog.grids.count
        #expect(overdue.count == openDays.count * perDay)
        for day in openDays {
            #expect(overdue.filter { $0.period == day }.count == perDay, "\(day)")
        }
        #expect(overdue.allSatisfy { $0.status == "overdue" })
    }

    @Test(
        "Given a vacant discipline-inspector post, when `due --line discipline --format json` runs, then its items are still listed, flagged unassigned, with the same field set"
    )
    func vacantRoleIsListedUnassigned() throws {
        let gridctl = try Gridctl.onCopy(
            editing: "branches/example.yaml",
            [("roles: [operations-deputy, discipline-inspector]", "roles: [operations-deputy]")])

        let json = try gridctl.succeed(["due", "--line", "discipline", "--format", "json"])
        let items = try Item.decoder.decode([Item].self, from: Data(json.utf8))

        #expect(
            Set(items.map(\.duty)) == [
                "discipline.conduct-self-check", "discipline.rules-education", "discipline.ledger-update",
            ])
        #expect(items.allSatisfy { $0.unassigned && $0.owner == nil && $0.ownerRole == "discipline-inspector" })
        #expect(items.allSatisfy { $0.ownerName.contains("未指派") })
        let keySets = try jsonKeySets(json)
        for keys in keySets {
            #expect(keys == Item.fieldNames, "missing: \(Item.fieldNames.subtracting(keys))")
        }
    }
}
