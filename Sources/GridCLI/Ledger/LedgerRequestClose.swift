import ArgumentParser
import Foundation
import GridCore

/// `gridctl ledger request-close`: the finding's leader asks for its close-out (销号), with
/// the three tests each stated with its evidence.
struct LedgerRequestClose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-close",
        abstract: "Ask for a finding's close-out (销号): its leader, once every measure is done.",
        discussion: """
            The three tests are stated separately: the problem is solved (问题已解决), the effect is real \
            (成效明显), and a lasting mechanism exists (长效机制), named. A second person then approves or rejects it.
            """)

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The finding's number.") var finding: String
    @Option(help: "问题已解决: what shows the problem is solved.") var solved: String
    @Option(help: "成效明显: what shows the effect is real.") var effective: String
    @Option(help: "长效机制: the lasting mechanism, named (a rule or a practice).") var mechanism: String
    @Option(help: "What shows the mechanism is in place.") var mechanismEvidence: String?
    @Option(help: "Who asks, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(solved, option: "--solved")
        try LedgerText.check(effective, option: "--effective")
        try LedgerText.check(mechanism, option: "--mechanism")
        try LedgerText.check(mechanismEvidence, option: "--mechanism-evidence", required: false)
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let record = try ledger.finding(finding)
        let action = "ask to close finding \(finding)"
        let (actor, attribution) = try ledger.acting(by: by, action: action)
        if let actor, let refusal = ledger.catalog.closeOutReview.checkRequest(by: actor, finding: record.finding) {
            throw CLIError(
                Acting.Refusal(login: attribution.login, actor: actor, action: action, reason: refusal.description)
                    .description)
        }
        let request = CloseOutRequest(
            solved: solved, effective: effective, mechanism: mechanism, mechanismEvidence: mechanismEvidence)
        try ledger.write([.closeRequested(finding: finding, request)], actor: actor, attribution: attribution)
        Output.line(
            "finding \(finding) awaits close-out (待销号): a reviewer approves it with 'gridctl ledger approve \(finding)' or rejects it with a reason"
        )
    }
}
