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
        let answer =
            try storedListing(global, overdue: overdue)
            ?? listing(from: ConfiguredListingSource(global, branch: branch, person: person), overdue: overdue)
        try present(answer, overdue: overdue)
    }

    /// The listing from the names the database holds, nil when it cannot tell: then the
    /// configuration answers (see `StoredListingSource`).
    private func storedListing(_ global: GlobalOptions, overdue: Bool) throws -> Listing? {
        guard let source = try StoredListingSource.open(global, branch: branch, person: person) else { return nil }
        do {
            return try listing(from: source, overdue: overdue)
        } catch is ListingSourceCannotAnswer {
            return nil
        }
    }

    /// What `due`/`overdue` print, before it is printed.
    struct Listing {
        /// In roster order (unassigned items last), then by deadline and catalog order.
        let rows: [OccurrenceView]
        let now: Date
        let calendar: BusinessCalendar
        /// How many are overdue, for the counts line of `due` as a table; nil otherwise.
        let overdueCount: Int?
    }

    /// The one body of both listings: the options read against `source`, the query, the
    /// order. Prints nothing, so that a source that cannot answer leaves no trace.
    func listing(from source: some ListingSource, overdue: Bool) throws -> Listing {
        var filter = OccurrenceFilter(
            branch: source.branchScope, owners: person.map { [$0] }, line: line, ownerRole: role, cadence: cadence,
            duty: duty)
        try source.checkLine(line, role: role)
        if let grid {
            let found = try source.grid(grid, in: branch)
            filter.branch = found.branch
            filter.owners = filter.owners.map { $0.filter(found.members.contains) } ?? found.members
        }
        if let within { filter.deadlineBefore = source.now.addingTimeInterval(InstantText.duration(within)!) }
        var found = try source.database.listOpen(filter, now: source.now, overdue: overdue).map { ($0, false) }
        // Whoever holds a colleague's work by a delegation sees their items too, marked "for".
        var heldOverdue = 0
        for delegation in try heldWork(source) {
            var theirs = filter
            theirs.owners = [delegation.from]
            found += try source.database.listOpen(theirs, now: source.now, overdue: overdue)
                .filter { delegation.covers(ownerRole: $0.occurrence.ownerRole) }.map { ($0, true) }
            if format == .table && !overdue {
                heldOverdue += try source.database.listOpen(theirs, now: source.now, overdue: true)
                    .filter { delegation.covers(ownerRole: $0.occurrence.ownerRole) }.count
            }
        }
        let rows = found.map { item, isHeld in
            var view = source.view(of: item)
            if isHeld { view.heldFor = item.occurrence.owner }
            return (
                view: view,
                // Unassigned last; an owner no longer on the roster just before them.
                ownerRank: item.occurrence.owner == nil ? Int.max : source.ownerRank(of: item) ?? Int.max - 1,
                dutyPosition: source.dutyPosition(of: item) ?? Int.max
            )
        }
        let sorted = rows.sorted { a, b in
            if a.ownerRank != b.ownerRank { return a.ownerRank < b.ownerRank }
            if a.view.deadline != b.view.deadline { return a.view.deadline < b.view.deadline }
            if a.dutyPosition != b.dutyPosition { return a.dutyPosition < b.dutyPosition }
            return a.view.id < b.view.id
        }.map(\.view)
        let overdueCount =
            format == .table && !overdue
            ? try source.database.countOpen(filter, now: source.now, overdue: true)
                + heldOverdue : nil
        return Listing(rows: sorted, now: source.now, calendar: source.calendar, overdueCount: overdueCount)
    }

    /// The delegations by which `--person` holds someone's work now.
    private func heldWork(_ source: some ListingSource) throws -> [Delegation] {
        guard let person else { return [] }
        let today = source.calendar.localDate(of: source.now)
        return DelegationEffect(
            try source.database.delegations(branch: source.branchScope, endingOnOrAfter: today)
        ).heldBy(person, on: today)
    }

    /// Prints the rows and, for a table, the counts line.
    private func present(_ listing: Listing, overdue: Bool) throws {
        let rows = listing.rows
        print(try OccurrenceList.render(rows, format: format), terminator: format == .excelCSV ? "" : "\n")
        if format == .table {
            let when = InstantText.format(listing.now, in: listing.calendar)
            if overdue {
                print("\n\(rows.count) overdue at \(when).")
            } else {
                let late = listing.overdueCount ?? 0
                print("\n\(rows.count) owed at \(when)" + (late > 0 ? "; \(late) overdue (gridctl overdue)." : "."))
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
