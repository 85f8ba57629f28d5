import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Confirm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Confirm, as the second person, a two-person check (双人) someone else recorded.",
        discussion: """
            It is confirmed as the person your login is mapped to (unix-user in the branch file). A duty the catalog marks 'confirm: second-person' (seals and blank vouchers, 账实核对, cash \
            cassettes, teller drawers, the specimen-seal cards) stays open once recorded, "awaiting \
            confirmation" (待复核), and overdue past its deadline like any open item, until a holder of one \
            of its confirm-roles confirms it. Refused for whoever recorded it (performed it or entered it), \
            for the person it is about, and for anyone without one of the roles. The item closes at the \
            confirmation: confirmed after its deadline, it is done late, however early it was recorded.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The occurrence: its number, or DUTY/[SUBJECT/]PERIOD.") var occurrence: String
    @Option(help: "Who confirms it, on a simulation database (otherwise the person your login is mapped to).")
    var by: String?
    @Option(help: "What the second person checked or found.") var note: String?
    @Option(help: "The branch, when the occurrence is given by key.") var branch: String?

    func run() throws {
        try FreeText.check(note, option: "--note")
        let context = try CommandContext.load(
            global, branchID: CommandContext.branchHint(global, reference: occurrence, branch: branch),
            materialize: .selected)
        let item = try context.occurrence(occurrence)
        let branch = context.branch(of: item)
        guard let rule = context.configuration.catalog.duty(item.key.duty)?.confirmation else {
            // Recorded while the catalog asked for a second person, which it no longer does.
            let stale =
                item.awaitsConfirmation
                ? "; it was recorded when it was one, and a supervisor may close it with 'gridctl waive'" : ""
            throw CLIError(
                "refused: #\(item.id) is not awaiting confirmation: '\(item.key.duty)' is not a two-person check\(stale)"
            )
        }
        let action = "confirm #\(item.id)"
        let acting = try context.acting(
            named: by, action: action, branch: branch, mayActFor: Acting.nobodyElse("a confirmation"))
        let today = branch.calendar.localDate(of: context.now)
        let recorders = try context.database.recorders(of: item.id)
        if let refusal = rule.check(
            confirmer: acting.actor, of: item, recorders: recorders, branch: branch, on: today, at: context.now)
        {
            throw CLIError(
                Acting.Refusal(
                    login: acting.attribution.login, actor: acting.actor, action: action, reason: "\(refusal)"
                ).description)
        }
        do {
            let updated = try context.database.confirm(
                occurrence: item.id, by: acting.actor, note: note, at: context.now, attribution: acting.attribution)
            let view = OccurrenceView(updated, configuration: context.configuration, now: context.now)
            let recordedBy = recorders.sorted().map { branch.displayName($0) }.joined(separator: ", ")
            Output.line(
                "#\(updated.id) \(view.title) \(view.period) \(view.subjectName): recorded by \(recordedBy), confirmed by \(branch.displayName(acting.actor)); \(view.statusValue.label)"
            )
        } catch let error as StoreError {
            throw CLIError("refused: \(error)")
        }
    }
}
