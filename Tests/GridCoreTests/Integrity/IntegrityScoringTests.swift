import Foundation
import GridCore
import GridTestKit
import Testing

/// Scoring GridDuty's own records under a table's versions, and a year's score with caps,
/// bands and red lines.
@Suite("Integrity scoring")
struct IntegrityScoringTests {
    static func rule(
        _ id: String, _ points: Int, _ source: IntegritySource, level: IntegrityLevel = .person,
        kind: IntegrityKind = .base,
        cap: Int? = nil, redLine: RedLineEffect? = nil
    ) -> IntegrityRule {
        IntegrityRule(
            id: id, kind: kind, module: .compliance, text: id, points: points, appliesTo: level, yearlyCap: cap,
            source: source, authority: source.isAutomatic ? [] : ["discipline-inspector"], redLine: redLine)
    }

    static let bands: [IntegrityLevel: IntegrityBands] = [
        .person: IntegrityBands(minimums: [.yellow: 80, .blue: 90, .green: 100]),
        .branch: IntegrityBands(minimums: [.yellow: 80, .blue: 90, .green: 100]),
    ]

    static let table = IntegrityTable(versions: [
        IntegrityTableVersion(
            version: "2026", effective: Fixtures.date("2026-01-01"), baseline: [.person: 100, .branch: 100],
            rules: [
                rule("missed", -2, .duty(outcome: .missed, line: nil, duty: nil), cap: 5),
                rule("missed.discipline", -3, .duty(outcome: .missed, line: "discipline", duty: nil)),
                rule("missed.branch", -1, .duty(outcome: .missed, line: nil, duty: nil), level: .branch),
                rule("on-time", 1, .duty(outcome: .onTime, line: nil, duty: nil), kind: .bonus, cap: 3),
                rule("measure-late", -2, .measureLate),
                rule(
                    "drunk", -50, .violation, kind: .redLine,
                    redLine: RedLineEffect(branchRed: true, noticeNamesPerson: false)),
            ], bands: bands),
        IntegrityTableVersion(
            version: "2026-07", effective: Fixtures.date("2026-07-01"), baseline: [.person: 100, .branch: 100],
            rules: [rule("missed", -4, .duty(outcome: .missed, line: nil, duty: nil), cap: 5)], bands: bands),
    ])

    static func missed(_ id: Int64, line: String = "operations", day: String) -> ScoredFact {
        .duty(occurrence: id, duty: "ops.x", line: line, owner: "G", outcome: .missed, day: Fixtures.date(day))
    }

    @Test("The most specific item of each level scores a fact, under the version in force on its day")
    func specificAndVersioned() {
        let june = IntegrityScoring.entries(for: Self.missed(1, day: "2026-06-30"), branch: "b", table: Self.table)
        #expect(
            june.map { "\($0.rule)/\($0.person ?? "-")/\($0.points)/\($0.version)" } == [
                "missed/G/-2/2026", "missed.branch/-/-1/2026",
            ])
        let discipline = IntegrityScoring.entries(
            for: Self.missed(2, line: "discipline", day: "2026-06-30"), branch: "b", table: Self.table)
        #expect(discipline.first?.rule == "missed.discipline" && discipline.first?.points == -3)
        let july = IntegrityScoring.entries(for: Self.missed(3, day: "2026-07-01"), branch: "b", table: Self.table)
        #expect(july.map { "\($0.rule)/\($0.points)/\($0.version)" } == ["missed/-4/2026-07"])
        #expect(
            IntegrityScoring.entries(for: Self.missed(4, day: "2025-12-31"), branch: "b", table: Self.table).isEmpty)
    }

    @Test("A duty item is done on time or late on its closing day, and missed only once its period has ended")
    func facts() throws {
        let calendar = Fixtures.businessCalendar()
        func item(
            _ period: String, cadence: Cadence, deadline: String, state: OccurrenceState, closed: String? = nil,
            late: Bool = false
        )
            -> Occurrence
        {
            Occurrence(
                id: 9, key: OccurrenceKey(branch: "b", duty: "ops.x", subject: "b", period: period), line: "operations",
                cadence: cadence, scope: .branch, owner: "G", ownerRole: "r",
                periodStart: Fixtures.instant("2026-11-01T00:00:00+08:00"),
                remindAt: Fixtures.instant("2026-11-01T00:00:00+08:00"),
                deadline: Fixtures.instant(deadline + ":00+08:00"), quota: 1,
                doneCount: state == .done ? 1 : 0, state: state,
                closedAt: closed.map { Fixtures.instant($0 + ":00+08:00") }, late: late)
        }
        let monthly = item("2026-11", cadence: .monthly, deadline: "2026-11-20T17:00", state: .open)
        #expect(IntegrityScoring.fact(for: monthly, calendar: calendar, today: Fixtures.date("2026-11-25")) == nil)
        #expect(
            IntegrityScoring.fact(for: monthly, calendar: calendar, today: Fixtures.date("2026-12-01"))
                == .duty(
                    occurrence: 9, duty: "ops.x", line: "operations", owner: "G", outcome: .missed,
                    day: Fixtures.date("2026-11-30")))
        let late = item(
            "2026-11", cadence: .monthly, deadline: "2026-11-20T17:00", state: .done, closed: "2026-11-24T10:00",
            late: true)
        #expect(
            IntegrityScoring.fact(for: late, calendar: calendar, today: Fixtures.date("2026-11-25"))
                == .duty(
                    occurrence: 9, duty: "ops.x", line: "operations", owner: "G", outcome: .late,
                    day: Fixtures.date("2026-11-24")))
    }

    @Test(
        "A year's score: baseline, each item held within its cap, the band, and red whatever the total after a red line"
    )
    func score() {
        func entry(_ id: Int64, _ rule: String, _ points: Int, reverses: Int64? = nil) -> PointsEntry {
            PointsEntry(
                id: id, branch: "b", person: "G", rule: rule, version: "2026", points: points,
                day: Fixtures.date("2026-03-01"),
                year: 2026, source: .occurrence(id), text: rule, reverses: reverses)
        }
        let missed = (1...4).map { entry(Int64($0), "missed", -2) }
        let score = IntegrityScore.of(entries: missed, level: .person, year: 2026, table: Self.table)
        #expect(score.total == 95 && score.capped == ["missed": -3] && score.band == .blue && !score.redLine)
        let red = IntegrityScore.of(entries: [entry(9, "drunk", -50)], level: .person, year: 2026, table: Self.table)
        #expect(red.band == .red && red.redLine && red.total == 50)
        let reversed = IntegrityScore.of(
            entries: [entry(9, "drunk", -50), entry(10, "drunk", 50, reverses: 9)], level: .person, year: 2026,
            table: Self.table)
        #expect(reversed.band == .green && !reversed.redLine && reversed.total == 100)
        #expect(
            IntegrityScore.of(entries: [], level: .branch, year: 2026, table: Self.table, branchRed: true).band == .red)
    }
}
