import ArgumentParser
import Foundation
import GridCore

#if canImport(Glibc)
    import Glibc
#endif

/// `gridduty-dev generate`: writes a synthetic but realistic schedules directory for a bank of
/// N branches, for benchmarks (`scripts/bench.sh`) and load tests.
///
/// The shared files (roles.yaml, policy.yaml, catalog/, calendars/) are copied from a
/// source schedules directory; every branch gets its own `branches/bNNNNN.yaml` in the
/// format of `schedules/branches/example.yaml`. Everything is deterministic from the seed,
/// and branch k is the same whatever N is, so the 100-branch bank is the first 100
/// branches of the 1,000-branch one.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic schedules directory of N branches (benchmarks, load tests).",
        discussion: """
            Each branch has 8-30 staff (about 22 on average), the roles of the example branch, two or three nested \
            grids, party-mass pairings, about two thirds party members; about 40% open on Saturdays (a quarter of \
            those on Sundays too). Staff ids are unique across the bank (b00001.s07). Deterministic from --seed.
            """)

    @Option(help: "How many branches.") var branches: Int
    @Option(help: "Seed of the generator: the same seed writes the same files.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("The directory to write (created if missing).", valueName: "dir")) var out: String
    @Option(
        help: ArgumentHelp(
            "The schedules directory whose roles, policy, catalog and calendars are copied.", valueName: "dir"))
    var source: String = "schedules"
    @Option(help: "The branches' `since:` (first day tracked).") var since: String = "2026-01-01"
    @Flag(help: "Replace the files of an existing output directory (its branches/ is emptied first).")
    var force = false

    func validate() throws {
        guard branches >= 1, branches <= 99_999 else { throw ValidationError("--branches: expected 1 to 99999") }
        guard LocalDate(iso: since) != nil else { throw ValidationError("--since: '\(since)' is not YYYY-MM-DD") }
    }

    func run() throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: "\(source)/roles.yaml") else {
            throw DevToolError("--source: \(source) is not a schedules directory (no roles.yaml)")
        }
        let branchDir = "\(out)/branches"
        if fm.fileExists(atPath: out) {
            let existing = (try? fm.contentsOfDirectory(atPath: out)) ?? []
            if !existing.isEmpty && !force {
                throw DevToolError("\(out) exists and is not empty; pass --force to replace its files")
            }
        }
        do {
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
            for name in ["roles.yaml", "policy.yaml", "integrity.yaml"] where fm.fileExists(atPath: "\(source)/\(name)")
            {
                try? fm.removeItem(atPath: "\(out)/\(name)")
                try fm.copyItem(atPath: "\(source)/\(name)", toPath: "\(out)/\(name)")
            }
            for name in ["catalog", "calendars"] {
                try? fm.removeItem(atPath: "\(out)/\(name)")
                try fm.copyItem(atPath: "\(source)/\(name)", toPath: "\(out)/\(name)")
            }
            try? fm.removeItem(atPath: branchDir)
            try fm.createDirectory(atPath: branchDir, withIntermediateDirectories: true)
        } catch {
            throw DevToolError("cannot write \(out): \(error.localizedDescription)")
        }

        var staffTotal = 0
        var partyTotal = 0
        var saturday = 0
        var sunday = 0
        var threeGrids = 0
        for index in 1...branches {
            let branch = SyntheticBranch(index: index, seed: seed, since: since)
            staffTotal += branch.staff.count
            partyTotal += branch.staff.filter(\.party).count
            if branch.weekdays.contains("sat") { saturday += 1 }
            if branch.weekdays.contains("sun") { sunday += 1 }
            if branch.grids.count == 3 { threeGrids += 1 }
            let path = "\(branchDir)/\(branch.id).yaml"
            // A plain stdio write: FileManager.createFile and Data.write fsync every file, which
            // makes 20,000 files take minutes on a slow disk; these files are easily rewritten.
            guard let file = fopen(path, "w") else { throw DevToolError("cannot write \(path)") }
            let written = fputs(branch.yaml(), file)
            guard fclose(file) == 0, written >= 0 else { throw DevToolError("cannot write \(path)") }
        }
        print(
            "wrote \(out): \(branches) branch(es), \(staffTotal) staff (\(partyTotal) party members), "
                + "\(saturday) open on Saturdays (\(sunday) also Sundays), \(threeGrids) with three grids; seed \(seed)"
        )
    }
}
