import Foundation
import GridConfig
import GridCore
import GridStore

/// Where a `due`/`overdue` listing reads the names behind its question and its rows.
///
/// A listing can be answered from two places: the configuration (`ConfiguredListingSource`,
/// which parses `schedules/` and always can answer) or the names the database holds
/// (`StoredListingSource`, which skips the parsing that is nearly all of a command's time in
/// a bank of thousands of branches, but answers only when nothing is in doubt). The listing
/// itself — how the filter is built, the query, the order, the counts line — is written once,
/// in `ListingOptions.listing(from:overdue:)`, over this protocol, so that the two places
/// cannot drift apart: a source only answers the small questions that depend on where the
/// names come from.
///
/// A source that cannot tell throws `ListingSourceCannotAnswer`, and the listing is asked
/// again of the configuration; any other error is the user's answer.
protocol ListingSource {
    /// The database the query runs on.
    var database: GridDatabase { get }
    /// The instant the listing is about.
    var now: Date { get }
    /// The calendar whose zone shows `now` on the counts line.
    var calendar: BusinessCalendar { get }
    /// The branch the listing is confined to: `--branch`, else the person's branch; nil for
    /// the whole bank.
    var branchScope: String? { get }

    /// Throws a message naming what is known when the catalog knows no such line or role.
    func checkLine(_ line: String?, role: String?) throws
    /// The branch and members of the grid `id`, in `branch` when given, else in the first
    /// branch that has one.
    func grid(_ id: String, in branch: String?) throws -> (branch: String, members: [String])
    /// The owner's place on the roster of the item's branch; nil when not on it.
    func ownerRank(of item: ListedOccurrence) -> Int?
    /// The duty's place in the catalog; nil when the catalog does not hold it.
    func dutyPosition(of item: ListedOccurrence) -> Int?
    /// The item as shown: names instead of ids, local times.
    func view(of item: ListedOccurrence) -> OccurrenceView
}

/// Thrown by a source that cannot tell the answer without the configuration.
struct ListingSourceCannotAnswer: Error {}

/// The listing from the parsed configuration: always answerable, and the judge of every
/// name the user typed.
struct ConfiguredListingSource: ListingSource {
    let context: CommandContext
    let branchScope: String?

    /// Loads the configuration (only the picked branch's file when the database knows it)
    /// and brings the listed branches up to now.
    init(_ global: GlobalOptions, branch: String?, person: String?) throws {
        context = try CommandContext.load(global, branchID: branch, personID: person)
        branchScope = branch ?? (person != nil ? context.branch.id : nil)
    }

    var database: GridDatabase { context.database }
    var now: Date { context.now }
    var calendar: BusinessCalendar { context.branch.calendar }
    private var configuration: Configuration { context.configuration }

    func checkLine(_ line: String?, role: String?) throws {
        let catalog = configuration.catalog
        if let line, catalog.lines[line] == nil {
            throw CLIError("unknown line '\(line)'; known: \(catalog.lines.keys.sorted().joined(separator: ", "))")
        }
        // `grid-leader` and `self` are owners every branch has without a catalog role.
        if let role, catalog.roles[role] == nil, role != "grid-leader", role != "self" {
            throw CLIError("unknown role '\(role)'; known: \(catalog.roles.keys.sorted().joined(separator: ", "))")
        }
    }

    func grid(_ id: String, in branch: String?) throws -> (branch: String, members: [String]) {
        let candidates = branch.flatMap { configuration.branch($0) }.map { [$0] } ?? configuration.branches
        for candidate in candidates {
            if let grid = candidate.grids.first(where: { $0.id == id }) { return (candidate.id, grid.members) }
        }
        throw CLIError("unknown grid '\(id)'")
    }

    func ownerRank(of item: ListedOccurrence) -> Int? {
        guard let owner = item.occurrence.owner else { return nil }
        return configuration.branch(item.occurrence.key.branch)?.staff.firstIndex { $0.id == owner }
    }

    func dutyPosition(of item: ListedOccurrence) -> Int? {
        let position = configuration.catalog.position(of: item.occurrence.key.duty)
        return position == Int.max ? nil : position
    }

    func view(of item: ListedOccurrence) -> OccurrenceView {
        OccurrenceView(item.occurrence, configuration: configuration, now: now)
    }
}

/// The listing from the names the database holds (see `StoredContext`): what `due --person`
/// runs at bank scale. It answers only about one branch whose files are unchanged since
/// they were stored; a person not on that roster today, a line or role no stored duty
/// names (it may still be valid, with no duties yet) and a grid (the database holds no
/// grids) are left to the configuration.
struct StoredListingSource: ListingSource {
    let stored: StoredContext

    /// Nil when the database cannot answer about this branch or person.
    static func open(_ global: GlobalOptions, branch: String?, person: String?) throws -> StoredListingSource? {
        guard let stored = StoredContext.open(global, branchID: branch, personID: person) else { return nil }
        if let person, try !stored.database.isOnRoster(person, branch: stored.branch, on: stored.today) {
            return nil
        }
        return StoredListingSource(stored: stored)
    }

    var database: GridDatabase { stored.database }
    var now: Date { stored.now }
    var calendar: BusinessCalendar { stored.calendar }
    var branchScope: String? { stored.branch }

    func checkLine(_ line: String?, role: String?) throws {
        guard line != nil || role != nil else { return }
        if try !database.hasDuties(line: line, ownerRole: role) { throw ListingSourceCannotAnswer() }
    }

    func grid(_ id: String, in branch: String?) throws -> (branch: String, members: [String]) {
        throw ListingSourceCannotAnswer()
    }

    func ownerRank(of item: ListedOccurrence) -> Int? { item.ownerRank }

    func dutyPosition(of item: ListedOccurrence) -> Int? { item.dutyPosition }

    func view(of item: ListedOccurrence) -> OccurrenceView {
        OccurrenceView(item, calendar: calendar, now: now)
    }
}
