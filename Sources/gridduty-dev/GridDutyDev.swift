import ArgumentParser

/// `gridduty-dev`: the tools a GridDuty developer runs (synthetic banks, in-process timings
/// for `scripts/bench.sh`). Built with the package, never installed or packaged: nothing in
/// it is for an operator, and `generate --force` empties a `branches/` folder.
@main
struct GridDutyDev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridduty-dev",
        abstract: "GridDuty's developer tools: synthetic banks and benchmark timings. Not installed.",
        subcommands: [Generate.self, BenchQuery.self, Ledgers.self]
    )
}
