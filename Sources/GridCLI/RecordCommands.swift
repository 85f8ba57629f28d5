import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Done: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Record that a check was performed; counts toward an \"at least N\" quota.",
        discussion: """
            It is recorded as the person your login is mapped to (unix-user in the branch file). Only the owner may \
            record it, or a supervisor of the owner up the grid with --note saying why; --by OWNER says such a \
            record is on the owner's behalf. A completion performed after the deadline is kept as late; one dated \
            back (--at) more than policy.yaml's late-entry-after business days is a late entry and needs --note. \
            A two-person check (双人) stays open, awaiting confirmation, until a second person confirms it \
            with 'gridctl confirm'.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The occurrence: its number, or DUTY/[SUBJECT/]PERIOD.") var occurrence: String
    @Option(
        help:
            "Whom it is recorded for, when not yourself: the owner, by a supervisor with --note. On a simulation database: the person played."
    )
    var by: String?
    @Option(help: "When it was performed (default: now).") var at: String?
    @Option(help: "What was done or found.") var note: String?
    @Option(help: "The branch, when the occurrence is given by key.") var branch: String?

    func run() throws {
        try FreeText.check(note, option: "--note")
        let source: any CompletionSource =
            try StoredCompletion.open(global, occurrence: occurrence, by: by, at: at)
            ?? ConfiguredCompletion(
                context: CommandContext.load(
                    global, branchID: CommandContext.branchHint(global, reference: occurrence, branch: branch),
                    materialize: .selected))
        let item = try source.item(occurrence)
        let action = "complete #\(item.id)"
        let acting = try source.acting(named: by, action: action, item: item)
        var attribution = acting.attribution
        if let refusal = source.refusal(of: acting.actor, item: item, note: note) {
            // A delegate acts with the rights of the colleague whose work they hold, for them.
            guard let delegator = try source.delegator(for: acting.actor, item: item, note: note) else {
                throw CLIError(
                    Acting.Refusal(
                        login: acting.attribution.login, actor: acting.actor, action: action, reason: refusal
                    ).description)
            }
            attribution.onBehalfOf = delegator
        }
        let performedAt = try checkedPerformedAt(
            at.map { try CommandContext.parseInstant($0, option: "--at", calendar: source.calendar) }, item: item,
            now: source.now, calendar: source.calendar, lateEntryAfter: source.lateEntryAfter)
        if let link = try source.database.ledgerItem(occurrence: item.id), link.milestone == nil {
            return try recordMeasure(
                link, item: item, actor: acting.actor, performedAt: performedAt, attribution: attribution)
        }
        let updated = try record(
            source.database, item: item, by: acting.actor, performedAt: performedAt, now: source.now,
            attribution: attribution)
        let (view, name) = try source.presentation(of: updated, actor: acting.actor)
        // An entry for someone else says so, as the record keeps it: "赵刚 for 周敏".
        let forWhom = try attribution.onBehalfOf.map { " for \(try source.presentation(of: updated, actor: $0).1)" }
        report(updated, view: view, byName: name + (forWhom ?? ""))
    }

    /// A measure of the rectification ledger is done through the ledger, with its evidence,
    /// so that the ledger and the item that chases it always agree.
    private func recordMeasure(
        _ link: LedgerItemLink, item: Occurrence, actor: String, performedAt: Date, attribution: Attribution
    ) throws {
        guard let note else {
            throw CLIError(
                "#\(item.id) is measure \(link.measure) of the rectification ledger, done with its evidence: give --note (or run gridctl ledger done \(link.measure) --evidence …)"
            )
        }
        let ledger = try LedgerContext.load(global, branch: link.branch)
        let day = ledger.branch.calendar.localDate(of: performedAt)
        try ledger.write(
            [.measureDone(link.measure, MeasureDone(date: day, evidence: note))], actor: actor, attribution: attribution
        )
        Output.line(
            "#\(item.id) measure \(link.measure) done on \(day) by \(ledger.name(actor))"
                + (attribution.onBehalfOf.map { " for \(ledger.name($0))" } ?? "")
                + (day > ledger.branch.calendar.localDate(of: item.deadline) ? ", late" : ""))
    }

    private func checkedPerformedAt(
        _ given: Date?, item: Occurrence, now: Date, calendar: BusinessCalendar, lateEntryAfter: Int
    ) throws -> Date {
        switch EntryTime.check(
            stated: given, now: now, periodStart: item.periodStart, calendar: calendar, lateEntryAfter: lateEntryAfter,
            note: note)
        {
        case .success(let accepted): return accepted.performedAt
        case .failure(.future):
            throw CLIError("--at: \(at ?? "") is in the future; a completion records something already done")
        case .failure(.beforePeriod(let start)):
            throw CLIError(
                "--at: \(InstantText.format(given ?? now, in: calendar)) is before this item's period began (\(InstantText.format(start, in: calendar))); a check done then counts for an earlier period"
            )
        case .failure(.lateWithoutNote(let days, let limit)):
            throw CLIError(
                "--at: \(at ?? "") is \(days) business days back, more than the \(limit) policy.yaml's late-entry-after allows; a late entry needs --note saying why it is entered only now"
            )
        }
    }

    private func record(
        _ database: GridDatabase, item: Occurrence, by: String, performedAt: Date, now: Date, attribution: Attribution
    ) throws -> Occurrence {
        do {
            return try database.recordCompletion(
                occurrence: item.id, by: by, performedAt: performedAt, recordedAt: now, note: note,
                attribution: attribution)
        } catch let error as StoreError {
            throw CLIError("\(error)")
        }
    }

    private func report(_ updated: Occurrence, view: OccurrenceView, byName: String) {
        let status =
            updated.awaitsConfirmation
            ? "awaiting confirmation by a second person (gridctl confirm \(updated.id))"
            : updated.state == .open ? "\(updated.doneCount) of \(updated.quota) done" : view.statusValue.label
        Output.line("#\(updated.id) \(view.title) \(view.period) \(view.subjectName): recorded by \(byName); \(status)")
    }
}

struct Waive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive",
        abstract: "Cancel an occurrence that need not be done, with the reason (supervisors only).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The occurrence: its number, or DUTY/[SUBJECT/]PERIOD.") var occurrence: String
    @Option(help: "Who waives it, on a simulation database (otherwise the person your login is mapped to).")
    var by: String?
    @Option(help: "Why it need not be done.") var reason: String
    @Option(help: "The branch, when the occurrence is given by key.") var branch: String?

    func run() throws {
        try FreeText.check(reason, option: "--reason")
        let context = try CommandContext.load(
            global, branchID: CommandContext.branchHint(global, reference: occurrence, branch: branch),
            materialize: .selected)
        let item = try context.occurrence(occurrence)
        if let link = try context.database.ledgerItem(occurrence: item.id) {
            throw CLIError(
                "#\(item.id) chases measure \(link.measure) of the rectification ledger and is not waived: revise the measure in the ledger (gridctl ledger import), or record it done"
            )
        }
        let branch = context.branch(of: item)
        let action = "waive #\(item.id)"
        let acting = try context.acting(
            named: by, action: action, branch: branch, mayActFor: Acting.nobodyElse("a waiver"))
        let lineOwner = context.configuration.catalog.lines[item.line]?.ownerRole
        let permissions = Permissions(branch: branch, lineOwnerRole: lineOwner)
        let today = branch.calendar.localDate(of: context.now)
        var attribution = acting.attribution
        if let refusal = permissions.checkWaiver(by: acting.actor, of: item, reason: reason, on: today) {
            // A delegate waives what the colleague whose work they hold may waive, for them.
            guard
                let delegator = try context.delegator(
                    for: acting.actor, item: item, branch: branch,
                    permits: { permissions.checkWaiver(by: $0, of: item, reason: reason, on: today) == nil })
            else {
                throw CLIError(
                    Acting.Refusal(
                        login: acting.attribution.login, actor: acting.actor, action: action, reason: "\(refusal)"
                    ).description)
            }
            attribution.onBehalfOf = delegator
        }
        do {
            let updated = try context.database.waive(
                occurrence: item.id, by: acting.actor, reason: reason, at: context.now,
                attribution: attribution)
            let view = OccurrenceView(updated, configuration: context.configuration, now: context.now)
            Output.line(
                "#\(updated.id) \(view.title) \(view.period) \(view.subjectName): waived by \(branch.displayName(acting.actor))\(attribution.onBehalfOf.map { " for \(branch.displayName($0))" } ?? "")"
            )
        } catch let error as StoreError {
            throw CLIError("\(error)")
        }
    }
}

struct Raise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raise",
        abstract: "Raise a triggered duty: a finding to rectify, a new hire needing a mentor, a warning sign.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The triggered duty's id (e.g. grid.mentor-assignment).") var duty: String
    @Option(help: "Whom or what it is about: a staff id for person duties, a short description for cases.")
    var subject: String
    @Option(help: "The branch (default: the subject's, or the only one).") var branch: String?
    @Option(help: "Who raises it, on a simulation database (otherwise the person your login is mapped to).")
    var by: String?
    @Option(help: "Details.") var note: String?
    @Option(
        help: ArgumentHelp(
            "The item's own deadline, a business day of the branch (YYYY-MM-DD).", valueName: "date"))
    var deadline: String?
    @Option(help: ArgumentHelp("Due this many business days after the raise, instead of the catalog's default."))
    var within: Int?

    /// A stated deadline further ahead than this is a mistyped year, not a plan.
    static let longestDeadlineDays = 1100
    /// The most business days `--within` counts: about two years of a branch's business.
    static let longestWithin = 500

    func validate() throws {
        if deadline != nil && within != nil {
            throw ValidationError("give either --deadline or --within, not both")
        }
        if let within, !(0...Self.longestWithin).contains(within) {
            throw ValidationError("--within must be between 0 and \(Self.longestWithin) business days")
        }
        if let deadline, LocalDate(iso: deadline) == nil {
            throw ValidationError("--deadline: '\(deadline)' is not a date; expected YYYY-MM-DD")
        }
    }

    func run() throws {
        try FreeText.check(note, option: "--note")
        let context = try CommandContext.load(global, branchID: branch, materialize: .selected)
        guard let found = context.configuration.catalog.duty(duty) else {
            throw CLIError("unknown duty '\(duty)'")
        }
        guard found.cadence == .triggered else {
            throw CLIError(
                "'\(duty)' is \(found.cadence.rawValue), not triggered; its occurrences are created by the calendar")
        }
        guard context.configuration.catalog.isActive(found) else {
            throw CLIError("'\(duty)' belongs to the disabled line '\(found.line)'")
        }
        let ledgerPolicy = context.configuration.catalog.ledger
        guard duty != ledgerPolicy.measureDuty, duty != ledgerPolicy.milestoneDuty else {
            throw CLIError(
                "'\(duty)' is raised by the rectification ledger, for each measure and milestone: use gridctl ledger add measure or gridctl ledger import"
            )
        }
        var branch = context.branch
        if found.scope == .person {
            if self.branch == nil, let owning = context.configuration.branches(withPerson: subject).first {
                branch = owning
            }
            guard let person = branch.person(subject) else {
                throw CLIError(
                    "--subject: '\(subject)' is not on the roster of branch '\(branch.id)'; this duty is about a person"
                )
            }
            // A person's items close as "left" when they go: one about someone gone, or not
            // yet come, would be owed about nobody on the roster.
            let today = branch.calendar.localDate(of: context.now)
            guard person.isActive(on: today) else {
                let dates = [person.joined.map { "joins \($0)" }, person.left.map { "left \($0)" }].compactMap { $0 }
                throw CLIError(
                    "--subject: '\(subject)' is not on the roster of branch '\(branch.id)' on \(today) (\(dates.joined(separator: ", ")))"
                )
            }
        }
        // On a simulation database a raise needs no part played: it is raised by nobody in
        // particular, as the daemon raises the calendar's items.
        let raisedBy: String?
        var attribution = Attribution(login: RealUser.current().login, actor: nil, enteredAt: context.now)
        if by == nil, context.isSimulation, RealUser.current().mapping(in: context.configuration) == nil {
            raisedBy = nil
        } else {
            let acting = try context.acting(
                named: by, action: "raise \(duty)", branch: branch, mayActFor: Acting.nobodyElse("a raise"))
            guard branch.person(acting.actor) != nil else {
                throw CLIError(
                    Acting.Refusal(
                        login: acting.attribution.login, actor: acting.actor, action: "raise \(duty)",
                        reason: "'\(acting.actor)' is not on the roster of branch '\(branch.id)'"
                    ).description)
            }
            raisedBy = acting.actor
            attribution = acting.attribution
        }
        let materializer = Materializer(catalog: context.configuration.catalog, branch: branch)
        let day = branch.calendar.localDate(of: context.now)
        if materializer.assignment(of: found, subject: subject, grid: nil, on: day) == .skipped {
            throw CLIError(
                "'\(duty)' is not raised about '\(subject)': its owner would be the subject, and the catalog says owner-is-subject: skip"
            )
        }
        let given = try raisedDeadline(raisedAt: context.now, materializer: materializer, duty: found)
        let raised = try context.database.raise(
            branch: branch.id, duty: duty, subject: subject, day: day, by: raisedBy, note: note, at: context.now,
            attribution: attribution
        ) { sequence in
            materializer.triggeredPlan(
                for: found, subject: subject, sequence: sequence, at: context.now, deadline: given)
        }
        guard let raised else { throw CLIError("branch '\(branch.id)' has no business day ahead to set a deadline on") }
        let view = OccurrenceView(raised, configuration: context.configuration, now: context.now)
        Output.line(
            "#\(raised.id) \(view.title) about \(view.subjectName): owed by \(view.ownerName), due \(view.deadlineLocal)"
        )
    }

    /// The deadline stated on the command line, checked against the branch's calendar: a
    /// closed day is refused with the next business day named, so nobody is told "due on a
    /// Sunday" by mistake.
    private func raisedDeadline(raisedAt now: Date, materializer: Materializer, duty found: Duty) throws
        -> RaisedDeadline?
    {
        if let within { return .within(within) }
        let calendar = materializer.branch.calendar
        let day = calendar.localDate(of: now)
        guard let deadline, let date = LocalDate(iso: deadline) else { return nil }
        guard date >= day else { throw CLIError("--deadline: \(date) is before the day it is raised (\(day))") }
        guard date.dayNumber - day.dayNumber <= Self.longestDeadlineDays else {
            throw CLIError("--deadline: \(date) is more than \(Self.longestDeadlineDays) days ahead")
        }
        guard calendar.isBusinessDay(date) else {
            let next = calendar.nextBusinessDay(after: date).map { "; the next business day is \($0)" } ?? ""
            throw CLIError("--deadline: \(date) is not a business day of this branch\(next)")
        }
        guard materializer.deadlineDay(of: found, raisedAt: now, given: .on(date)) != nil else {
            throw CLIError("--deadline: \(date) is today, after closing; give the next business day or later")
        }
        return .on(date)
    }
}
