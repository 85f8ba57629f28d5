import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl points rebuild --check`: every score worked out again from the records and the
/// table's versions, compared with what is stored.
struct PointsRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Recompute every score from the records and the table's versions; exit 1 listing differences.",
        discussion: """
            Two checks: every entry GridDuty's own scoring should have made (from every duty item, measure and \
            finding, under the version in force on its day) against the entries stored, net of reversals; and every \
            stored sum per person or branch, year and item against its entries. 0 differences is the normal state \
            after gridd's pass.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Compare only; write nothing (the only mode).") var check = false

    func validate() throws {
        guard check else { throw ValidationError("give --check: rebuild compares, it never rewrites the ledger") }
    }

    func run() throws {
        let context = try CommandContext.load(global, materialize: .none)
        guard let table = context.configuration.integrity else {
            throw CLIError("no integrity table: \(context.configuration.directory)/integrity.yaml is missing")
        }
        let database = context.database
        let catalog = context.configuration.catalog
        let ledgerDuties: Set = [catalog.ledger.measureDuty, catalog.ledger.milestoneDuty]
        struct Key: Hashable, Comparable {
            var branch, rule, person, source: String
            static func < (a: Key, b: Key) -> Bool {
                (a.branch, a.source, a.rule, a.person) < (b.branch, b.source, b.rule, b.person)
            }
        }
        var expected: [Key: Int] = [:]
        func add(_ entries: [PointsEntry]) {
            for entry in entries {
                expected[
                    Key(branch: entry.branch, rule: entry.rule, person: entry.person ?? "", source: entry.source.key),
                    default: 0] += entry.points
            }
        }
        var todays: [String: LocalDate] = [:]
        try database.forEachScorableOccurrence(now: context.now) { item in
            guard !ledgerDuties.contains(item.key.duty), let branch = context.configuration.branch(item.key.branch)
            else { return }
            let today = todays[branch.id] ?? branch.calendar.localDate(of: context.now)
            todays[branch.id] = today
            guard let fact = IntegrityScoring.fact(for: item, calendar: branch.calendar, today: today) else { return }
            add(IntegrityScoring.entries(for: fact, branch: branch.id, table: table))
        }
        for stored in try database.reportLedgers() {
            for fact in IntegrityScoring.facts(of: stored.ledger) {
                add(IntegrityScoring.entries(for: fact, branch: stored.branch, table: table))
            }
        }
        var actual: [Key: Int] = [:]
        var sums: [PointsSumKey: Int] = [:]
        var entries = 0
        try database.forEachPointsEntry { entry in
            entries += 1
            sums[
                PointsSumKey(branch: entry.branch, person: entry.person ?? "", year: entry.year, rule: entry.rule),
                default: 0] += entry.points
            // GridDuty's own entries and its own reversals; what people recorded or an appeal
            // reversed is not derived from the records.
            guard entry.recordedBy == nil, entry.approvedBy == nil else { return }
            actual[
                Key(branch: entry.branch, rule: entry.rule, person: entry.person ?? "", source: entry.source.key),
                default: 0] += entry.points
        }
        var differences: [String] = []
        for key in Set(expected.keys).union(actual.keys).sorted() {
            let want = expected[key] ?? 0
            let have = actual[key] ?? 0
            guard want != have else { continue }
            let who = key.person.isEmpty ? "branch \(key.branch)" : "\(key.person) of \(key.branch)"
            differences.append("\(who), \(key.rule), \(key.source): the records give \(want), the ledger holds \(have)")
        }
        var stored: [PointsSumKey: Int] = [:]
        for sum in try database.pointsSums() {
            stored[PointsSumKey(branch: sum.branch, person: sum.person, year: sum.year, rule: sum.rule)] = sum.points
        }
        for key in Set(sums.keys).union(stored.keys).sorted() where sums[key] != stored[key] {
            let who = key.person.isEmpty ? "branch \(key.branch)" : "\(key.person) of \(key.branch)"
            differences.append(
                "\(who), \(key.rule), \(key.year): the stored total is \(stored[key].map(String.init) ?? "missing"), its entries add up to \(sums[key] ?? 0)"
            )
        }
        guard differences.isEmpty else {
            Output.lines(differences)
            throw CLIError(
                "\(differences.count) difference\(differences.count == 1 ? "" : "s") between the stored scores and the records"
            )
        }
        Output.line("points: ok: \(entries) entries, \(stored.count) totals agree with the records and the table")
    }
}

/// A stored sum's identity: one subject's item in one year.
struct PointsSumKey: Hashable, Comparable {
    var branch, person: String
    var year: Int
    var rule: String

    static func < (a: PointsSumKey, b: PointsSumKey) -> Bool {
        (a.branch, a.person, a.year, a.rule) < (b.branch, b.person, b.year, b.rule)
    }
}
