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
    @Option(help: "table, json, csv, or excel-csv (CSV with a UTF-8 byte-order mark and CRLF, for Excel).")
    var format: OutputFormat = .table

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
        if try runFromDatabase(global, overdue: overdue) { return }
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
        let found = try context.database.listOpen(filter, now: context.now, overdue: overdue)
        let views = found.map { item in
            let b = configuration.branch(item.occurrence.key.branch)
            let rank = item.occurrence.owner.map { owner in b?.staff.firstIndex { $0.id == owner } ?? Int.max - 1 }
            return (
                OccurrenceView(item.occurrence, configuration: configuration, now: context.now), rank ?? Int.max,
                configuration.catalog.position(of: item.occurrence.key.duty)
            )
        }
        try present(
            views, now: context.now, calendar: context.branch.calendar, overdue: overdue,
            countOverdue: { try context.database.countOpen(filter, now: context.now, overdue: true) })
    }

    /// The listing from the names the database holds, when nothing asked needs the
    /// configuration (see `StoredContext`). Returns false to take the full path.
    private func runFromDatabase(_ global: GlobalOptions, overdue: Bool) throws -> Bool {
        guard grid == nil, let stored = StoredContext.open(global, branchID: branch, personID: person) else {
            return false
        }
        let database = stored.database
        if let person, try !database.isOnRoster(person, branch: stored.branch, on: stored.today) { return false }
        // A line or role the stored duties do not name may still be valid (one without duties
        // yet): the full path tells which.
        if line != nil || role != nil, try !database.hasDuties(line: line, ownerRole: role) { return false }
        var filter = OccurrenceFilter(
            branch: stored.branch, owners: person.map { [$0] }, line: line, ownerRole: role, cadence: cadence,
            duty: duty)
        if let within { filter.deadlineBefore = stored.now.addingTimeInterval(InstantText.duration(within)!) }
        let found = try database.listOpen(filter, now: stored.now, overdue: overdue)
        let views = found.map { item in
            (
                OccurrenceView(item, calendar: stored.calendar, now: stored.now),
                item.occurrence.owner.map { _ in item.ownerRank ?? Int.max - 1 } ?? Int.max,
                item.dutyPosition ?? Int.max
            )
        }
        try present(
            views, now: stored.now, calendar: stored.calendar, overdue: overdue,
            countOverdue: { try database.countOpen(filter, now: stored.now, overdue: true) })
        return true
    }

    /// Prints the listing in roster order (unassigned items last), then by deadline and
    /// catalog order.
    private func present(
        _ views: [(view: OccurrenceView, ownerRank: Int, dutyPosition: Int)], now: Date, calendar: BusinessCalendar,
        overdue: Bool, countOverdue: () throws -> Int
    ) throws {
        let sorted = views.sorted { a, b in
            if a.ownerRank != b.ownerRank { return a.ownerRank < b.ownerRank }
            if a.view.deadline != b.view.deadline { return a.view.deadline < b.view.deadline }
            if a.dutyPosition != b.dutyPosition { return a.dutyPosition < b.dutyPosition }
            return a.view.id < b.view.id
        }.map(\.view)
        print(try OccurrenceList.render(sorted, format: format), terminator: format == .excelCSV ? "" : "\n")
        if format == .table {
            let when = InstantText.format(now, in: calendar)
            if overdue {
                print("\n\(sorted.count) overdue at \(when).")
            } else {
                let late = try countOverdue()
                print("\n\(sorted.count) owed at \(when)" + (late > 0 ? "; \(late) overdue (gridctl overdue)." : "."))
            }
        }
    }
}

struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What is owed now and not yet overdue: for a person, a grid, a line or the branch.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var listing: ListingOptions

    func run() throws { try listing.run(global, overdue: false) }
}

struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue", abstract: "What is past its deadline and not done.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var listing: ListingOptions

    func run() throws { try listing.run(global, overdue: true) }
}
