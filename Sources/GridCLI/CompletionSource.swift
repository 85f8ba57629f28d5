import Foundation
import GridConfig
import GridCore
import GridStore

/// What `done` needs to record a completion: the item, the branch's calendar, who acts and
/// whether the rules let them. `done` has one body over this; the names come either from
/// the database alone (`StoredCompletion`, the fast path) or from the configuration
/// (`ConfiguredCompletion`), and the two cannot drift apart in what the command does.
protocol CompletionSource {
    var database: GridDatabase { get }
    var now: Date { get }
    var calendar: BusinessCalendar { get }
    /// `policy.yaml`'s `late-entry-after`.
    var lateEntryAfter: Int { get }
    /// The occurrence named by number or key.
    func item(_ reference: String) throws -> Occurrence
    /// Who acts, from the real user's login (or the part played on a simulation database).
    func acting(named: String?, action: String, item: Occurrence) throws -> Acting
    /// Why `actor` may not record `item`, or nil when they may.
    func refusal(of actor: String, item: Occurrence, note: String?) -> String?
    /// How the recorded item is shown, and the name of who recorded it.
    func presentation(of updated: Occurrence, actor: String) throws -> (OccurrenceView, String)
}

/// The owner recording their own item now, by number, with the branch's files unchanged:
/// the database alone says it is theirs, that they are on the roster and, on a real
/// database, that the real user's login is mapped to them (the stored roster keeps each
/// person's `unix-user`; see `StoredContext`). On a simulation database `--by` names who
/// plays the owner. No file is parsed: in a bank of thousands of branches that is nearly all
/// of the command's time. Anything else — a supervisor's entry, `--at`, a login the stored
/// roster does not know — takes the configured path, which reads the grid and the policy.
struct StoredCompletion: CompletionSource {
    let stored: StoredContext
    let item: Occurrence
    let owner: String
    /// The real user's login, and whether the database is a simulation.
    let login: String
    let simulation: Bool

    var database: GridDatabase { stored.database }
    var now: Date { stored.now }
    var calendar: BusinessCalendar { stored.calendar }
    /// Never consulted: this path records only "now", which is never a late entry.
    var lateEntryAfter: Int { Catalog.defaultLateEntryAfter }

    static func open(_ options: GlobalOptions, occurrence: String, by: String?, at: String?) throws
        -> StoredCompletion?
    {
        guard at == nil, let id = Int64(occurrence), let stored = StoredContext.open(options, occurrence: id),
            let simulation = try? stored.database.isSimulation,
            let item = try stored.database.occurrence(id: id), item.state == .open, let owner = item.owner
        else { return nil }
        let login = RealUser.current().login
        if simulation {
            guard by == owner else { return nil }
        } else {
            // A real database answers only for the real clock: `--now` is refused on the
            // configured path, which says why.
            guard options.now == nil, by == nil || by == owner,
                try stored.database.person(login: login, branch: stored.branch, on: stored.today) == owner
            else { return nil }
        }
        guard try stored.database.isOnRoster(owner, branch: stored.branch, on: stored.today) else { return nil }
        return StoredCompletion(stored: stored, item: item, owner: owner, login: login, simulation: simulation)
    }

    func item(_ reference: String) throws -> Occurrence { item }

    func acting(named: String?, action: String, item: Occurrence) throws -> Acting {
        // `open` took this path only for the owner: the login's stored mapping on a real
        // database, the part `--by` plays on a simulation.
        try Acting.decide(
            login: login, mappedTo: simulation ? nil : owner, named: simulation ? owner : nil, simulation: simulation,
            action: action, mappingFile: "", at: now, mayActFor: { _, _ in nil }
        ).get()
    }

    /// The owner, on the roster, recording their own open item: what `open` checked.
    func refusal(of actor: String, item: Occurrence, note: String?) -> String? {
        actor == owner ? nil : "only the owner is recorded from the stored names"
    }

    func presentation(of updated: Occurrence, actor: String) throws -> (OccurrenceView, String) {
        guard let listed = try database.listed(id: updated.id) else {
            throw CLIError("#\(updated.id) was recorded but can no longer be read back")
        }
        return (OccurrenceView(listed, calendar: calendar, now: now), listed.ownerName ?? actor)
    }
}

/// Everything read from the configuration: the mapping of logins, the grid for a
/// supervisor's entry, the catalog's line owners and the policy.
struct ConfiguredCompletion: CompletionSource {
    let context: CommandContext

    var database: GridDatabase { context.database }
    var now: Date { context.now }
    var calendar: BusinessCalendar { context.branch.calendar }
    var lateEntryAfter: Int { context.configuration.catalog.lateEntryAfter }

    func item(_ reference: String) throws -> Occurrence { try context.occurrence(reference) }

    func acting(named: String?, action: String, item: Occurrence) throws -> Acting {
        try context.acting(named: named, action: action, branch: context.branch(of: item)) { _, named in
            named == item.owner
                ? nil
                : "--by names '\(named)', but #\(item.id) is owed by \(item.owner.map { "'\($0)'" } ?? "nobody (the role is vacant)"); a completion is recorded on behalf of the owner only"
        }
    }

    func refusal(of actor: String, item: Occurrence, note: String?) -> String? {
        let branch = context.branch(of: item)
        let lineOwner = context.configuration.catalog.lines[item.line]?.ownerRole
        return Permissions(branch: branch, lineOwnerRole: lineOwner)
            .checkCompletion(by: actor, of: item, note: note, on: branch.calendar.localDate(of: now))
            .map { "\($0)" }
    }

    func presentation(of updated: Occurrence, actor: String) throws -> (OccurrenceView, String) {
        (
            OccurrenceView(updated, configuration: context.configuration, now: now),
            context.branch(of: updated).displayName(actor)
        )
    }
}
