import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Delegate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegate",
        abstract: "Hand one person's work to a colleague for a range of days (leave, a course), or cancel it early.",
        discussion: """
            For every day from --start to --end (inclusive, the branch's days), --to receives --from's open items \
            (`due --person TO` lists them marked "for FROM") and the reminders and escalations aimed at --from, and \
            may do for them whatever --from may: done, waive, ack. Ownership does not move: the items stay --from's, \
            so 倒查 still says whose they were, and every act is recorded as --to's, for --from. With --roles, only \
            items whose owner role is one of them. Entered by --from or a supervisor up their grid (the person your \
            login is mapped to; --by on a simulation database), or an administrator mapped to nobody (root, the \
            service user, the policy's admin group). Refused when it overlaps another of --from's delegations, when \
            --to is not on the roster throughout, or has delegated their own work away then, when --from holds \
            someone else's work then (work held is not passed on), or when the range is in the past. --cancel ID \
            ends one early: from today it is no longer in force.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Whose work is handed over (staff id).") var from: String?
    @Option(help: "Who takes it over (staff id).") var to: String?
    @Option(help: ArgumentHelp("The first day (YYYY-MM-DD).", valueName: "date")) var start: String?
    @Option(help: ArgumentHelp("The last day, inclusive (YYYY-MM-DD).", valueName: "date")) var end: String?
    @Option(help: ArgumentHelp("Only items owned under these roles (comma-separated role ids).", valueName: "roles"))
    var roles: String?
    @Option(help: "Why (leave, training …).") var note: String?
    @Option(help: "End delegation ID early, from today.") var cancel: Int64?
    @Option(help: "Who enters it, on a simulation database (otherwise the person your login is mapped to).")
    var by: String?

    func validate() throws {
        if cancel != nil {
            if from != nil || to != nil || start != nil || end != nil || roles != nil {
                throw ValidationError("--cancel takes no --from, --to, --start, --end or --roles")
            }
            return
        }
        guard from != nil, to != nil, start != nil, end != nil else {
            throw ValidationError("give --from, --to, --start and --end, or --cancel ID")
        }
        for (option, text) in [("--start", start), ("--end", end)] where LocalDate(iso: text ?? "") == nil {
            throw ValidationError("\(option): '\(text ?? "")' is not a date; expected YYYY-MM-DD")
        }
    }

    func run() throws {
        try FreeText.check(note, option: "--note")
        if let cancel { return try cancelDelegation(cancel) }
        guard let from, let to, let start = start.flatMap({ LocalDate(iso: $0) }),
            let end = end.flatMap({ LocalDate(iso: $0) })
        else { return }
        let context = try CommandContext.load(global, personID: from, materialize: .none)
        let branch = context.branch
        let today = branch.calendar.localDate(of: context.now)
        let roleList = roles.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let request = DelegationRules.Request(from: from, to: to, start: start, end: end, roles: roleList)
        let known = Set(context.configuration.catalog.roles.keys).union(["grid-leader", "self"])
        let (enteredBy, attribution) = try context.enteringDelegation(
            named: by, for: from, action: "delegate the work of \(from)", branch: branch)
        let result = try context.database.delegate(
            branch: branch.id, from: from, to: to, start: start, end: end, roles: roleList, note: note,
            attribution: attribution
        ) { existing in
            DelegationRules(branch: branch, knownRoles: known, existing: existing)
                .check(request, enteredBy: enteredBy, today: today)
        }
        switch result {
        case .failure(let refusal): throw CLIError("refused: \(refusal)")
        case .success(let stored):
            Output.line(
                "delegation #\(stored.id): \(Self.describe(stored, in: branch)); entered by \(branch.displayName(by))")
        }
    }

    private func cancelDelegation(_ id: Int64) throws {
        let database = try CommandContext.openDatabase(global)
        let branchID = try database.delegations().first { $0.id == id }?.branch
        guard let branchID else { throw CLIError("refused: \(DelegationRules.Refusal.noSuchDelegation(id))") }
        let context = try CommandContext.load(global, branchID: branchID, materialize: .none)
        let branch = context.branch
        let today = branch.calendar.localDate(of: context.now)
        let from = try context.database.delegations(branch: branchID).first { $0.id == id }?.from ?? ""
        let (enteredBy, attribution) = try context.enteringDelegation(
            named: by, for: from, action: "cancel delegation #\(id)", branch: branch)
        let result = try context.database.cancelDelegation(
            id, lastDay: today.adding(days: -1), attribution: attribution
        ) { existing in
            DelegationRules(branch: branch, knownRoles: [], existing: existing)
                .checkCancel(id, enteredBy: enteredBy, today: today)
        }
        switch result {
        case .failure(let refusal): throw CLIError("refused: \(refusal)")
        case .success(let stored):
            Output.line(
                "delegation #\(id) cancelled: \(Self.describe(stored, in: branch)); cancelled by \(branch.displayName(by))"
            )
        }
    }

    /// "周敏 (zhou.min) → 吴婷 (wu.ting), 2026-12-07..2026-12-11, roles …": the days it is in force.
    static func describe(_ delegation: Delegation, in branch: Branch) -> String {
        let days = delegation.days.map { "\($0.lowerBound)..\($0.upperBound)" } ?? "no day (cancelled before it began)"
        var text =
            "\(branch.displayName(delegation.from)) (\(delegation.from)) → \(branch.displayName(delegation.to)) (\(delegation.to)), \(days)"
        if let roles = delegation.roles { text += ", roles \(roles.joined(separator: ","))" }
        if let note = delegation.note { text += ": \(note)" }
        return text
    }
}

extension CommandContext {
    /// Who enters a delegation of `from`'s work, and its attribution: the person the login is
    /// mapped to (on a simulation database, the one `--by` names), for `from` when it is not
    /// them; or, for a login mapped to nobody, an administrator (nil), who is on no roster.
    func enteringDelegation(named: String?, for from: String, action: String, branch: Branch) throws
        -> (String?, Attribution)
    {
        let user = RealUser.current()
        if !isSimulation, user.mapping(in: configuration) == nil {
            try user.checkAdministrative(action, adminGroup: configuration.catalog.adminGroup)
            return (nil, Attribution(login: user.login, actor: nil, onBehalfOf: from, enteredAt: now))
        }
        let acting = try acting(named: named, action: action, branch: branch, mayActFor: Acting.nobodyElse(action))
        var attribution = acting.attribution
        if acting.actor != from { attribution.onBehalfOf = from }
        return (acting.actor, attribution)
    }

    /// The delegations of `branch` that can be in force on `day` or later.
    func delegations(of branch: Branch, from day: LocalDate) throws -> [Delegation] {
        try database.delegations(branch: branch.id, endingOnOrAfter: day)
    }

    /// Whether `person` holds anyone's work today: else no act of theirs is for someone else.
    func holdsWork(_ person: String, branch: Branch) throws -> Bool {
        let today = branch.calendar.localDate(of: now)
        return try !DelegationEffect(delegations(of: branch, from: today)).heldBy(person, on: today).isEmpty
    }

    /// For whom `actor` acts on `item` today by a delegation, when their own rights do not
    /// reach: the delegator whose rights (`permits`) allow the act. Nil: none does.
    func delegator(
        for actor: String, item: Occurrence, branch: Branch, permits: (String) -> Bool
    ) throws -> String? {
        let today = branch.calendar.localDate(of: now)
        guard branch.person(actor)?.isActive(on: today) == true else { return nil }
        return DelegationEffect(try delegations(of: branch, from: today))
            .principal(for: actor, item: item, on: today, permits: permits)
    }
}
