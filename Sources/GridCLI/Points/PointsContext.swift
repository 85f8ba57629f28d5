import Foundation
import GridConfig
import GridCore
import GridStore

/// What a `gridctl points` command stands on: the branch, the integrity table, who acts.
struct PointsContext {
    let context: CommandContext
    let table: IntegrityTable

    var branch: Branch { context.branch }
    var database: GridDatabase { context.database }
    var now: Date { context.now }
    var today: LocalDate { branch.calendar.localDate(of: context.now) }

    static func load(_ global: GlobalOptions, branch: String?, person: String? = nil) throws -> PointsContext {
        let context = try CommandContext.load(global, branchID: branch, personID: person, materialize: .selected)
        guard let table = context.configuration.integrity else {
            throw CLIError(
                "no integrity table: \(context.configuration.directory)/integrity.yaml is missing, so nothing is scored"
            )
        }
        return PointsContext(context: context, table: table)
    }

    /// A person given as a staff id or a unique name.
    func person(_ text: String, option: String) throws -> String {
        switch LedgerPeople(branch: branch).resolve(text) {
        case .success(let id): return id
        case .failure(let refusal): throw CLIError("\(option): \(refusal)")
        }
    }

    /// Who acts, on the branch's roster (a simulation's `--by` plays anyone).
    func acting(by: String?, action: String) throws -> Acting {
        let acting = try context.acting(
            named: by, action: action, branch: branch, mayActFor: Acting.nobodyElse("a points entry"))
        guard branch.person(acting.actor)?.isActive(on: today) == true else {
            throw CLIError(
                Acting.Refusal(
                    login: acting.attribution.login, actor: acting.actor, action: action,
                    reason: "'\(acting.actor)' is not on the roster of branch '\(branch.id)' on \(today)"
                ).description)
        }
        return acting
    }

    func refuse(_ acting: Acting, _ action: String, _ reason: String) -> CLIError {
        CLIError(
            Acting.Refusal(login: acting.attribution.login, actor: acting.actor, action: action, reason: reason)
                .description)
    }

    /// The score of one subject (`person` nil: the branch) for `year`.
    func score(person: String?, year: Int) throws -> (IntegrityScore, [PointsEntry]) {
        let entries = try database.pointsEntries(branch: branch.id, person: person ?? "", year: year)
        var branchRed = false
        if person == nil {
            // A red line of one of the branch's people puts the branch in red where the table says so.
            let all = try database.pointsEntries(branch: branch.id, person: nil, year: year)
            branchRed = IntegrityScore.branchRed(in: all, table: table)
        }
        let level: IntegrityLevel = person == nil ? .branch : .person
        return (
            IntegrityScore.of(entries: entries, level: level, year: year, table: table, branchRed: branchRed), entries
        )
    }

    func name(_ id: String?) -> String { branch.displayName(id) }
}
