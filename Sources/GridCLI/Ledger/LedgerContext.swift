import Foundation
import GridConfig
import GridCore
import GridStore

/// What a `gridctl ledger` command stands on: the branch, its ledger as stored, the duties
/// that chase measures, and who is acting.
struct LedgerContext {
    let context: CommandContext
    let items: LedgerItems
    let ledger: Ledger

    var branch: Branch { context.branch }
    var database: GridDatabase { context.database }
    var now: Date { context.now }
    var today: LocalDate { branch.calendar.localDate(of: context.now) }
    var catalog: Catalog { context.configuration.catalog }

    static func load(_ global: GlobalOptions, branch: String?) throws -> LedgerContext {
        let context = try CommandContext.load(global, branchID: branch, materialize: .selected)
        let catalog = context.configuration.catalog
        func duty(_ id: String) throws -> Duty {
            guard let duty = catalog.duty(id) else {
                throw CLIError("the catalog has no duty '\(id)', which policy.yaml's ledger names")
            }
            guard catalog.isActive(duty) else {
                throw CLIError("'\(id)', which chases the ledger, belongs to the disabled line '\(duty.line)'")
            }
            return duty
        }
        let items = LedgerItems(
            branch: context.branch, measureDuty: try duty(catalog.ledger.measureDuty),
            milestoneDuty: try duty(catalog.ledger.milestoneDuty))
        return LedgerContext(
            context: context, items: items, ledger: try context.database.ledger(branch: context.branch.id))
    }

    /// Who acts. On a simulation database with no mapping and no `--by`, nobody in
    /// particular (as the daemon raises items); otherwise the mapped person, who must be on
    /// the branch's roster today.
    func acting(by: String?, action: String) throws -> (actor: String?, attribution: Attribution) {
        let user = RealUser.current()
        if by == nil, context.isSimulation, user.mapping(in: context.configuration) == nil {
            return (nil, Attribution(login: user.login, actor: nil, enteredAt: now))
        }
        let acting = try context.acting(
            named: by, action: action, branch: branch, mayActFor: Acting.nobodyElse("a ledger entry"))
        guard let staff = branch.person(acting.actor), staff.isActive(on: today) else {
            throw CLIError(
                Acting.Refusal(
                    login: acting.attribution.login, actor: acting.actor, action: action,
                    reason: "'\(acting.actor)' is not on the roster of branch '\(branch.id)' on \(today)"
                ).description)
        }
        return (acting.actor, acting.attribution)
    }

    /// The roles that keep a branch's ledger (record inspections, findings and measures,
    /// import a workbook): the branch head, a line's owner, or a close-out reviewer.
    var keeperRoles: Set<String> {
        Set([catalog.headRole]).union(catalog.lineOwnerRoles).union(
            catalog.ledger.reviewers.filter { $0 != "line-owner" })
    }

    /// Refuses an actor who does not keep the ledger; nobody in particular (a simulation) may.
    func requireKeeper(_ actor: String?, login: String, action: String) throws {
        guard let actor else { return }
        let roles = branch.person(actor)?.roles ?? []
        guard roles.contains(where: keeperRoles.contains) else {
            throw CLIError(
                Acting.Refusal(
                    login: login, actor: actor, action: action,
                    reason: "the ledger is kept by a holder of \(keeperRoles.sorted().joined(separator: ", "))"
                ).description)
        }
    }

    /// Writes changes, turning a refusal into the command's one-line error.
    @discardableResult
    func write(
        _ changes: [LedgerChange], actor: String?, attribution: Attribution, layout: [String: [String]]? = nil,
        detail: String? = nil
    ) throws -> Ledger {
        do {
            return try database.applyLedger(
                LedgerWrite(
                    branch: branch.id, changes: changes, day: today, at: now, actor: actor, attribution: attribution,
                    items: items, layout: layout, detail: detail))
        } catch let refusal as LedgerRefusal {
            throw CLIError("\(refusal.description) (nothing was recorded)")
        }
    }

    func finding(_ number: String) throws -> FindingRecord {
        guard let found = ledger.finding(number) else {
            throw CLIError("branch '\(branch.id)' has no finding numbered '\(number)'")
        }
        return found
    }

    /// A measure named `FINDING/MEASURE`, or by its number alone when only one finding has it.
    func measure(_ text: String) throws -> Measure {
        if let id = MeasureID(text: text), let found = ledger.measure(id) { return found }
        if let found = ledger.measure(numbered: text) { return found }
        let count = ledger.measures.filter { $0.id.number == text }.count
        throw CLIError(
            count > 1
                ? "'\(text)' numbers measures of \(count) findings; write FINDING/MEASURE"
                : "branch '\(branch.id)' has no measure '\(text)' (write FINDING/MEASURE, e.g. 1/2)")
    }

    /// A person's name as listings show it.
    func name(_ id: String?) -> String { branch.displayName(id) }

    /// Reads a date option: `YYYY-MM-DD` or `YYYY年M月D日`.
    static func date(_ text: String, option: String) throws -> LocalDate {
        if let date = LocalDate(iso: text) { return date }
        let scalars = text.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            .replacingOccurrences(of: "日", with: "")
        let parts = scalars.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3, let date = LocalDate(year: parts[0], month: parts[1], day: parts[2]), text.contains("年") {
            return date
        }
        throw CLIError("\(option): '\(text)' is not a date; expected YYYY-MM-DD or YYYY年M月D日")
    }
}

extension LedgerContext {
    /// A person given as a staff id or a unique name, on the roster today.
    func person(_ text: String, option: String) throws -> String {
        switch LedgerPeople(branch: branch).resolve(text) {
        case .success(let id):
            guard branch.person(id)?.isActive(on: today) == true else {
                throw CLIError("\(option): \(LedgerPeople.Refusal.notActive(id, on: today))")
            }
            return id
        case .failure(let refusal): throw CLIError("\(option): \(refusal)")
        }
    }

    /// A business day of the branch, today or later.
    func futureBusinessDay(_ text: String, option: String) throws -> LocalDate {
        let date = try Self.date(text, option: option)
        guard date >= today else { throw CLIError("\(option): \(date) is before today (\(today))") }
        guard date.dayNumber - today.dayNumber <= LedgerImport.longestSpanDays else {
            throw CLIError(
                "\(option): \(date) is more than \(LedgerImport.longestSpanDays) days ahead; a mistyped year?")
        }
        try requireBusinessDay(date, option: option)
        return date
    }

    func requireBusinessDay(_ date: LocalDate, option: String) throws {
        guard branch.calendar.isBusinessDay(date) else {
            let next = branch.calendar.nextBusinessDay(after: date).map { "; the next business day is \($0)" } ?? ""
            throw CLIError("\(option): \(date) is not a business day of branch '\(branch.id)'\(next)")
        }
    }

    /// A milestone written `YYYY-MM-DD text`, due on a business day from today to the deadline.
    func milestone(_ text: String, deadline: LocalDate) throws -> Milestone {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\u{3000}" }) else {
            throw CLIError("--milestone: '\(text)' is not 'YYYY-MM-DD text'")
        }
        let date = try futureBusinessDay(String(trimmed[..<space]), option: "--milestone")
        let goal = trimmed[space...].trimmingCharacters(in: .whitespaces)
        try LedgerText.check(goal, option: "--milestone")
        guard date <= deadline else {
            throw CLIError("--milestone: \(date) is after the measure's deadline (\(deadline))")
        }
        return Milestone(date: date, text: goal)
    }
}
