import Foundation
import GridConfig
import GridCore
import GridStore

#if canImport(Glibc)
    import Glibc
#endif

/// What a command works with: the validated configuration, the database brought up to the
/// instant asked about, and that instant.
struct CommandContext {
    let configuration: Configuration
    let database: GridDatabase
    let now: Date
    /// The branch the command is about (`--branch`, the person's branch, or the only one).
    let branch: Branch

    /// Which branches a command brings up to its instant before it runs.
    enum Materialize {
        /// Every branch, unless `--branch` or `--person` picked one: listings and reports.
        case all
        /// Only the picked branch: commands about one occurrence, which is in it or exists.
        case selected
        /// None: commands that only read what is stored (alerts).
        case none
    }

    /// Loads everything; `branchID`/`personID` pick the branch whose zone reads `--now`.
    /// A command about one branch reads only that branch's file when the database knows
    /// which it is: in a bank of thousands the others would cost seconds.
    static func load(
        _ options: GlobalOptions, branchID: String? = nil, personID: String? = nil, materialize: Materialize = .all
    ) throws -> CommandContext {
        // A first command creates the database: only once the configuration has loaded, so
        // that a command run without one leaves nothing behind.
        let first =
            FileManager.default.fileExists(atPath: options.database) ? nil : try loadConfiguration(options.config)
        let database = try openDatabase(options)
        var branchFiles: [String]?
        if first == nil, branchID != nil || personID != nil {
            let key = try branchID ?? database.branches(withPerson: personID!).first
            if let key, let file = try database.progress(branch: key)?.file, file.hasPrefix("branches/") {
                branchFiles = [String(file.dropFirst("branches/".count))]
            }
        }
        var configuration = try first ?? loadConfiguration(options.config, branchFiles: branchFiles)
        if branchFiles != nil,
            (try? pickBranch(configuration, branchID: branchID, personID: personID)) == nil
        {
            // The branch moved to another file (or the person to another branch): read them all.
            configuration = try loadConfiguration(options.config, branchFiles: nil)
        }
        let branch = try pickBranch(configuration, branchID: branchID, personID: personID)
        let now = try resolveNow(options.now, calendar: branch.calendar)
        // Bring every selected branch up to date, so listings are right without the daemon.
        let branches: [Branch] =
            switch materialize {
            case .none: []
            case .selected: [branch]
            case .all: branchID == nil && personID == nil ? configuration.branches : [branch]
            }
        for b in branches {
            try database.bringUpToDate(
                catalog: configuration.catalog, branch: b, now: now, stamp: configuration.stamp(of: b.id))
        }
        return CommandContext(configuration: configuration, database: database, now: now, branch: branch)
    }

    /// Opens the database for a command. Creating or upgrading a real database's schema is
    /// an administrative write; `--now` is accepted only on a simulation database, which
    /// every command that opens one says on stderr.
    static func openDatabase(_ options: GlobalOptions) throws -> GridDatabase {
        let path = options.database
        let exists = FileManager.default.fileExists(atPath: path)
        let directory = (path as NSString).deletingLastPathComponent
        if !exists, !directory.isEmpty, FileManager.default.fileExists(atPath: directory),
            faccessat(AT_FDCWD, directory, X_OK, AT_EACCESS) != 0
        {
            // Not "no such file": a database in a directory this user may not enter.
            throw CLIError(
                "cannot open the database \(path): Permission denied (its directory \(directory) is not open to you)")
        }
        if options.now != nil && !exists {
            throw CLIError(
                "--now: \(path) does not exist; --now is accepted only on a simulation database, created with `gridctl migrate --simulation --db \(path)`"
            )
        }
        let user = RealUser.current()
        func adminGroup() -> String {
            (try? loadConfiguration(options.config).catalog.adminGroup) ?? Catalog.defaultAdminGroup
        }
        // Checked before the file is made: a refused creation leaves nothing behind.
        if !exists { try user.checkAdministrative("create the database \(path)", adminGroup: adminGroup()) }
        let database: GridDatabase
        do {
            database = try GridDatabase(
                path: path, mode: .command, migrationProgress: upgradeNotice(path),
                beforeMigrating: {
                    try user.checkAdministrative(
                        exists ? "upgrade the schema of \(path)" : "create the database \(path)",
                        adminGroup: adminGroup())
                })
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
        let simulation = (try? database.isSimulation) ?? false
        if simulation {
            Simulation.announce(path)
        } else if options.now != nil {
            throw CLIError(
                "--now: \(path) is a real database, where commands run at the real time; --now is accepted only on a simulation database (`gridctl migrate --simulation --db NEW-FILE`)"
            )
        }
        return database
    }

    /// Says on stderr, once, that the schema is being upgraded: at bank scale that takes
    /// minutes, and a silent command would look hung.
    static func upgradeNotice(_ path: String) -> @Sendable (_ first: Bool) -> Void {
        { first in
            guard first else { return }
            Output.standardError("gridctl: upgrading the database schema of \(path); at bank scale this takes minutes")
        }
    }

    static func loadConfiguration(_ directory: String, branchFiles: [String]? = nil) throws -> Configuration {
        do {
            return try ConfigLoader(directory: directory).load(branchFiles: branchFiles)
        } catch {
            throw CLIError("invalid configuration in \(directory):\n\(error.description)")
        }
    }

    static func pickBranch(_ configuration: Configuration, branchID: String?, personID: String?) throws -> Branch {
        if let branchID {
            guard let branch = configuration.branch(branchID) else {
                throw CLIError(
                    "unknown branch '\(branchID)'; known: \(configuration.branches.map(\.id).joined(separator: ", "))")
            }
            if let personID, branch.person(personID) == nil {
                throw CLIError("'\(personID)' is not on the roster of branch '\(branchID)'")
            }
            return branch
        }
        if let personID {
            let found = configuration.branches(withPerson: personID)
            guard let first = found.first else { throw CLIError("'\(personID)' is not on any branch's roster") }
            return first
        }
        return configuration.branches[0]
    }

    static func resolveNow(_ text: String?, calendar: BusinessCalendar) throws -> Date {
        guard let text else { return Date() }
        guard let parsed = InstantText.parse(text) else {
            throw CLIError(
                "--now: '\(text)' is not a valid time; expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (branch local time) or with Z/±HH:MM"
            )
        }
        return parsed.instant(in: calendar)
    }

    func parseInstant(_ text: String, option: String) throws -> Date {
        try Self.parseInstant(text, option: option, calendar: branch.calendar)
    }

    static func parseInstant(_ text: String, option: String, calendar: BusinessCalendar) throws -> Date {
        guard let parsed = InstantText.parse(text) else {
            throw CLIError("\(option): '\(text)' is not a valid time; expected YYYY-MM-DDTHH:MM (branch local time)")
        }
        return parsed.instant(in: calendar)
    }

    /// The branch of an occurrence given by number, from the database, so that a command
    /// about it reads only that branch's file; `branch` when given.
    static func branchHint(_ options: GlobalOptions, reference: String, branch: String?) -> String? {
        if let branch { return branch }
        guard let id = Int64(reference), let database = StoredContext.openExisting(options) else { return nil }
        return try? database.occurrence(id: id)?.key.branch
    }

    /// Finds an occurrence by number (`42`) or by key (`duty/subject/period` or
    /// `duty/period` for a branch-wide one, in the selected branch).
    func occurrence(_ reference: String) throws -> Occurrence {
        if let id = Int64(reference) {
            guard let found = try database.occurrence(id: id) else { throw CLIError("no occurrence #\(id)") }
            return found
        }
        let parts = reference.split(separator: "/").map(String.init)
        let key: OccurrenceKey
        switch parts.count {
        case 2: key = OccurrenceKey(branch: branch.id, duty: parts[0], subject: branch.id, period: parts[1])
        case 3: key = OccurrenceKey(branch: branch.id, duty: parts[0], subject: parts[1], period: parts[2])
        case 4: key = OccurrenceKey(branch: parts[0], duty: parts[1], subject: parts[2], period: parts[3])
        default:
            throw CLIError("'\(reference)' is not an occurrence; give its number or DUTY/[SUBJECT/]PERIOD")
        }
        guard let found = try database.occurrence(key: key) else { throw CLIError("no occurrence \(key)") }
        return found
    }

    /// Who makes a write: the staff member the real user's login maps to, with `named`
    /// (`--by`) as the person it is for (see `Acting.decide`). Throws the one-line refusal.
    func acting(
        named: String?, action: String, branch: Branch, mayActFor: (_ actor: String, _ named: String) -> String?
    ) throws -> Acting {
        let user = RealUser.current()
        let mapped = user.mapping(in: configuration)
        let file =
            configuration.sources[branch.id].map { "\(configuration.directory)/\($0.file)" }
            ?? "\(configuration.directory)/branches/"
        switch Acting.decide(
            login: user.login, mappedTo: mapped?.person, named: named,
            simulation: isSimulation,
            action: action, mappingFile: file, at: now, mayActFor: mayActFor)
        {
        case .success(let acting): return acting
        case .failure(let refusal): throw CLIError(refusal.description)
        }
    }

    /// Whether the database is a simulation one (`gridctl migrate --simulation`).
    var isSimulation: Bool { (try? database.isSimulation) ?? false }

    func branch(of occurrence: Occurrence) -> Branch {
        configuration.branch(occurrence.key.branch) ?? branch
    }
}
