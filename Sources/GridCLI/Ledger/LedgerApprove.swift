import ArgumentParser
import Foundation
import GridCore

/// `gridctl ledger approve`: a second person grants a finding's close-out (销号).
struct LedgerApprove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a finding's close-out (销号): a second person holding a reviewer role.",
        discussion: """
            The reviewer may be neither the finding's leader nor the owner of any of its measures, and holds a role \
            policy.yaml's ledger reviewers name. A closed finding never reopens: a repeat is a new finding that names it.
            """)

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The finding's number.") var finding: String
    @Option(help: "What the review found.") var note: String?
    @Option(help: "Who approves, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(note, option: "--note", required: false)
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let record = try ledger.finding(finding)
        let (actor, attribution) = try LedgerReview.reviewer(
            ledger, finding: record, by: by, action: "approve the close-out of finding \(finding)")
        try ledger.write([.closeApproved(finding: finding, note: note)], actor: actor, attribution: attribution)
        Output.line("finding \(finding) closed (已销号) on \(ledger.today), approved by \(ledger.name(actor))")
    }
}
