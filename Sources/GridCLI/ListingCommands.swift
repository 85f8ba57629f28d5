import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// Filters shared by `due` and `overdue`.
struct ListingOptions: ParsableArguments {
    @Option(help: "Only what this person owes.") var person: String?
    @Option(help: "Only this branch.") var branch: String?
    @Option(help: "Only this line (party, discipline, operations, security, conduct, grid …).") var line: String?
    @Option(help: "Only items owned by this role.") var role: String?
    @Option(help: "Everything the members of this grid owe.") var grid: String?
    @Option(help: "Only this cadence (daily, weekly, monthly …).") var cadence: String?
    @Option(help: "Only this duty id.") var duty: String?
    @Option(help: "Only items due within this span: 90m, 36h, 7d, 2w.") var within: String?
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func validate() throws {
        if let within, InstantText.duration(within) == nil {
            throw ValidationError("--within: '\(within)' is not a span; expected a number and m, h, d or w (7d)")
        }
        if let cadence, Cadence(rawValue: cadence) == nil {
            throw ValidationError(
                "--cadence: unknown cadence '\(cadence)'; expected one of: \(Cadence.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }

    func run(_ global: GlobalOptions, overdue: Bool) throws {
        let context = try CommandContext.load(global, branchID: branch, personID: person)
        let configuration = context.configuration
        var filter = OccurrenceFilter(
            branch: branch ?? (person != nil ? context.branch.id : nil), owners: person.map { [$0] }, line: line,
            ownerRole: role, cadence: cadence, duty: duty)
        if let line, configuration.catalog.lines[line] == nil {
            throw CLIError(
                "unknown line '\(line)'; known: \(configuration.catalog.lines.keys.sorted().joined(separator: ", "))")
        }
        if let role, configuration.catalog.roles[role] == nil, role != "grid-leader", role != "self" {
            throw CLIError(
                "unknown role '\(role)'; known: \(configuration.catalog.roles.keys.sorted().joined(separator: ", "))")
        }
        if let gridID = grid {
            let candidates = branch.flatMap { configuration.branch($0) }.map { [$0] } ?? configuration.branches
            guard
                let (b, g) = candidates.lazy.compactMap({ b in b.grids.first { $0.id == gridID }.map { (b, $0) } })
                    .first
            else { throw CLIError("unknown grid '\(gridID)'") }
            filter.branch = b.id
            let members = g.members
            filter.owners = filter.owners.map { $0.filter(members.contains) } ?? members
        }
        if let within { filter.deadlineBefore = context.now.addingTimeInterval(InstantText.duration(within)!) }
        let found = try context.database.openOccurrences(filter, now: context.now, overdue: overdue)
        let views = found.map { OccurrenceView($0, configuration: configuration, now: context.now) }
            .sorted { a, b in
                if a.owner != b.owner { return ownerRank(a, context) < ownerRank(b, context) }
                if a.deadline != b.deadline { return a.deadline < b.deadline }
                return configuration.catalog.position(of: a.duty) < configuration.catalog.position(of: b.duty)
            }
        print(try OccurrenceList.render(views, format: format))
        if format == .table {
            let when = InstantText.format(context.now, in: context.branch.calendar)
            if overdue {
                print("\n\(views.count) overdue at \(when).")
            } else {
                let late = try context.database.countOpen(filter, now: context.now, overdue: true)
                print("\n\(views.count) owed at \(when)" + (late > 0 ? "; \(late) overdue (gridctl overdue)." : "."))
            }
        }
    }

    /// Roster order, unassigned items last.
    private func ownerRank(_ view: OccurrenceView, _ context: CommandContext) -> Int {
        guard let owner = view.owner, let branch = context.configuration.branch(view.branch) else { return Int.max }
        return branch.staff.firstIndex { $0.id == owner } ?? Int.max - 1
    }
}

struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What is owed now and not yet overdue: for a person, a grid, a line or the branch.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var listing: ListingOptions

    func run() throws { try listing.run(global, overdue: false) }
}

struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What is past its deadline and not done.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var listing: ListingOptions

    func run() throws { try listing.run(global, overdue: true) }
}
