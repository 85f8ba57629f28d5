import ArgumentParser
import Foundation
import GridCore

/// `gridctl ledger reject`: a second person refuses a close-out, with the reason; the
/// finding returns to rectifying.
struct LedgerReject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a finding's close-out with the reason; it returns to rectifying (整改中).")

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The finding's number.") var finding: String
    @Option(help: "Why it is not closed: which test fails.") var reason: String
    @Option(help: "Who rejects, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(reason, option: "--reason")
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let record = try ledger.finding(finding)
        let (actor, attribution) = try LedgerReview.reviewer(
            ledger, finding: record, by: by, action: "reject the close-out of finding \(finding)")
        try ledger.write([.closeRejected(finding: finding, reason: reason)], actor: actor, attribution: attribution)
        Output.line("finding \(finding) returned to rectifying (整改中) by \(ledger.name(actor)): \(reason)")
    }
}
