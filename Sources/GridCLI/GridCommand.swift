import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "谁管我、我管谁: the grids of a branch, or one person's supervisors and the people they supervise.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Show this person's chain up and people down.") var person: String?
    @Option(help: "The branch (default: the person's, or the first).") var branch: String?

    func run() throws {
        let configuration = try CommandContext.loadConfiguration(global.config)
        let branch = try CommandContext.pickBranch(configuration, branchID: self.branch, personID: person)
        let catalog = configuration.catalog
        func describe(_ id: String) -> String {
            guard let p = branch.person(id) else { return id }
            let roles = p.roles.compactMap { catalog.roles[$0]?.title }
            return roles.isEmpty ? "\(p.name) (\(id))" : "\(p.name) (\(id)) [\(roles.joined(separator: "、"))]"
        }
        if let person {
            let supervision = branch.supervision
            Output.line("\(describe(person)) — \(branch.name)")
            if let grid = supervision.grid(of: person) { Output.line("  格员 member of: \(grid.name) (\(grid.id))") }
            for grid in supervision.gridsLed(by: person) { Output.line("  格长 leads: \(grid.name) (\(grid.id))") }
            let up = supervision.chain(above: person)
            Output.line("  谁管我 supervised by: " + (up.isEmpty ? "—" : up.map(describe).joined(separator: " → ")))
            let down = supervision.everyone(below: person)
            Output.line("  我管谁 supervises:" + (down.isEmpty ? " —" : ""))
            for id in down {
                let leader =
                    supervision.supervisor(of: id).map { $0 == person ? "" : " (via \(branch.displayName($0)))" } ?? ""
                Output.line("    \(describe(id))\(leader)")
            }
            let (leader, co) = supervision.accountability(for: person)
            if let leader {
                Output.line(
                    "  倒查 accountability: management — \(branch.displayName(leader)); supervision — \(co.map { branch.displayName($0) }.joined(separator: "、"))"
                )
            }
            try showDelegations(of: person, in: branch)
            return
        }
        Output.line("\(branch.name) (\(branch.id))")
        let top = branch.grids.filter { grid in !branch.grids.contains { $0.members.contains(grid.leader ?? "") } }
        func printGrid(_ grid: Grid, indent: String) {
            Output.line("\(indent)\(grid.name) (\(grid.id)) — 格长 \(grid.leader.map(describe) ?? "vacant")")
            for member in grid.members {
                Output.line("\(indent)  \(describe(member))")
                for sub in branch.supervision.gridsLed(by: member) { printGrid(sub, indent: indent + "    ") }
            }
        }
        for grid in top { printGrid(grid, indent: "  ") }
        let gridded = Set(branch.grids.flatMap { $0.members + [$0.leader].compactMap { $0 } })
        let outside = branch.staff.filter { !gridded.contains($0.id) }
        if !outside.isEmpty {
            Output.line("  not in any grid: \(outside.map { describe($0.id) }.joined(separator: ", "))")
        }
    }

    /// Delegations in force or to come, both ways: whose work the person holds, and who holds theirs.
    private func showDelegations(of person: String, in branch: Branch) throws {
        guard let database = StoredContext.openExisting(global) else { return }
        let today = branch.calendar.localDate(of: try CommandContext.resolveNow(global.now, calendar: branch.calendar))
        let current = try database.delegations(branch: branch.id, endingOnOrAfter: today).filter {
            ($0.from == person || $0.to == person) && ($0.days.map { $0.upperBound >= today } ?? false)
        }
        for delegation in current {
            let days = delegation.days.map { "\($0.lowerBound)..\($0.upperBound)" } ?? ""
            let state = delegation.isActive(on: today) ? "in force" : "from \(delegation.start)"
            let roles = delegation.roles.map { ", roles \($0.joined(separator: ","))" } ?? ""
            if delegation.from == person {
                Output.line(
                    "  代理 delegated to: \(branch.displayName(delegation.to)) (\(delegation.to)), \(days)\(roles) — #\(delegation.id), \(state)"
                )
            } else {
                Output.line(
                    "  代理 holds the work of: \(branch.displayName(delegation.from)) (\(delegation.from)), \(days)\(roles) — #\(delegation.id), \(state)"
                )
            }
        }
    }
}
