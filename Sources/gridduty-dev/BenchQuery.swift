import ArgumentParser
import Foundation
import GridCLI
import GridConfig
import GridCore
import GridStore

/// `gridduty-dev bench-query`: times, inside one process, each step a listing command
/// takes — loading the configuration, opening the database, bringing a branch up to date,
/// the queries of `due`/`overdue`/`report` and rendering — so that `scripts/bench.sh` can
/// set the end-to-end process times beside what the query itself costs.
///
/// Prints one tab-separated line per step: step, runs, median ms, p99 ms, min ms, rows.
struct BenchQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-query",
        abstract: "Time the steps of due/overdue/report inside one process (for scripts/bench.sh).")

    @Option(name: .customLong("config"), help: ArgumentHelp("The schedules directory.", valueName: "dir"))
    var directory: String
    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite database file.", valueName: "path"))
    var databasePath: String
    @Option(help: ArgumentHelp("The instant of the queries, as gridctl's --now.", valueName: "time")) var now: String?
    @Option(help: "The person of `due --person`.") var person: String
    @Option(help: "The branch of `due --branch` and `overdue --line --branch` (default: the person's).")
    var branch: String?
    @Option(help: "The line of `overdue --line`.") var line: String = "operations"
    @Option(help: "Runs of each query step.") var iterations: Int = 50
    @Option(help: "Runs of the configuration load.") var loadIterations: Int = 3
    @Option(help: "Runs of bringing every branch up to date (what `report` does first); 0 to skip.")
    var reportIterations: Int = 3

    func run() throws {
        var results: [(String, [Double], Int)] = []
        /// Runs `body` `runs` times; it returns how many rows it saw.
        func time(_ name: String, _ runs: Int, _ body: () throws -> Int) rethrows {
            guard runs > 0 else { return }
            var samples: [Double] = []
            var rows = 0
            let clock = ContinuousClock()
            for _ in 0..<runs {
                let elapsed = try clock.measure { rows = try body() }
                samples.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
            }
            results.append((name, samples, rows))
        }

        var loaded: Configuration?
        try time("config-load", max(1, loadIterations)) {
            let configuration = try ConfigLoader(directory: directory).load()
            loaded = configuration
            return configuration.branches.count
        }
        guard let config = loaded else { return }
        guard let home = config.branches(withPerson: person).first else {
            throw DevToolError("'\(person)' is not on any branch's roster")
        }
        guard let target = config.branch(branch ?? home.id) else { throw DevToolError("unknown branch '\(branch!)'") }
        let now = try instant(in: home.calendar)
        try time("db-open", iterations) {
            _ = try GridDatabase(path: databasePath, mode: .command)
            return 0
        }
        let database = try GridDatabase(path: databasePath, mode: .command)
        try time("bring-up-to-date (1 branch)", iterations) {
            let result = try database.bringUpToDate(
                catalog: config.catalog, branch: home, now: now, stamp: config.stamp(of: home.id))
            return result.inserted + result.updated
        }

        let personFilter = OccurrenceFilter(branch: home.id, owners: [person])
        try time("due --person: query", iterations) {
            try database.openOccurrences(personFilter, now: now, overdue: false).count
        }
        try time("due --person: query+count+render", iterations) {
            let found = try database.openOccurrences(personFilter, now: now, overdue: false)
            _ = try database.countOpen(personFilter, now: now, overdue: true)
            return try ListingRendering.renderTable(found, configuration: config, now: now)
        }
        let branchFilter = OccurrenceFilter(branch: target.id)
        try time("due --branch: query+count", iterations) {
            let found = try database.openOccurrences(branchFilter, now: now, overdue: false)
            _ = try database.countOpen(branchFilter, now: now, overdue: true)
            return found.count
        }
        let lineFilter = OccurrenceFilter(branch: target.id, line: line)
        try time("overdue --line --branch: query", iterations) {
            try database.openOccurrences(lineFilter, now: now, overdue: true).count
        }
        try time("report: counts per branch", iterations) { try database.openCounts(now: now).count }
        try time("report: bring every branch up to date", reportIterations) {
            var changed = 0
            for b in config.branches {
                let result = try database.bringUpToDate(
                    catalog: config.catalog, branch: b, now: now, stamp: config.stamp(of: b.id))
                changed += result.inserted + result.updated
            }
            return changed
        }

        print("step\truns\tmedian_ms\tp99_ms\tmin_ms\trows")
        for (name, samples, rows) in results {
            let sorted = samples.sorted()
            let median =
                sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let p99 = sorted[max(0, Int((0.99 * Double(sorted.count)).rounded(.up)) - 1)]
            print(
                "\(name)\t\(sorted.count)\t\(String(format: "%.3f", median))\t\(String(format: "%.3f", p99))\t"
                    + "\(String(format: "%.3f", sorted[0]))\t\(rows)")
        }
    }

    /// `--now` read as gridctl reads it: branch local time, or with an offset; now if absent.
    private func instant(in calendar: BusinessCalendar) throws -> Date {
        guard let now else { return Date() }
        guard let parsed = InstantText.parse(now) else { throw DevToolError("--now: '\(now)' is not a valid time") }
        return parsed.instant(in: calendar)
    }
}
