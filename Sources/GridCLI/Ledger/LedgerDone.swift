import ArgumentParser
import Foundation
import GridCore

/// `gridctl ledger done`: a measure done, with its evidence. Its item closes, on time or
/// late, as `gridctl done` would close it.
struct LedgerDone: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Record a measure done, with the evidence (佐证材料) that shows it.",
        discussion: """
            Recorded by its responsible person, or by a keeper of the ledger (the branch head, a line's owner, a \
            close-out reviewer) for them. Its item, and any milestone still open, closes; late if after its deadline.
            """)

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The measure: FINDING/MEASURE, or its number when only one finding has it.") var measure: String
    @Option(help: "What shows it is done.") var evidence: String
    @Option(help: "The day it was done (default: today).") var on: String?
    @Option(help: "Who records it, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(evidence, option: "--evidence")
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let found = try ledger.measure(measure)
        let day = try on.map { try LedgerContext.date($0, option: "--on") } ?? ledger.today
        guard day <= ledger.today else { throw CLIError("--on: \(day) is after today (\(ledger.today))") }
        let action = "record measure \(found.id) done"
        let (actor, attribution) = try ledger.acting(by: by, action: action)
        if let actor, actor != found.owner {
            try ledger.requireKeeper(actor, login: attribution.login, action: action)
        }
        let updated = try ledger.write(
            [.measureDone(found.id, MeasureDone(date: day, evidence: evidence))], actor: actor,
            attribution: attribution)
        let late = day > found.deadline ? ", late (due \(found.deadline))" : ""
        let left = updated.measures(of: found.id.finding)
            .filter { $0.done == nil }.count
        Output.line(
            "measure \(found.id) done on \(day)\(late)"
                + (left == 0
                    ? "; every measure of finding \(found.id.finding) is done: its leader may ask to close it (gridctl ledger request-close \(found.id.finding))"
                    : "; \(left) measure\(left == 1 ? "" : "s") of finding \(found.id.finding) still to do"))
    }
}
