import Foundation
import GridCore

/// What approving and rejecting a close-out share: the reviewer must be a second person.
enum LedgerReview {
    /// Who reviews, checked: not the leader, owning no measure, holding a reviewer role.
    static func reviewer(
        _ ledger: LedgerContext, finding record: FindingRecord, by: String?, action: String
    ) throws -> (actor: String?, attribution: Attribution) {
        let (actor, attribution) = try ledger.acting(by: by, action: action)
        guard let actor else {
            throw CLIError(
                "\(action): a close-out is reviewed by a second person; name the reviewer with --by on a simulation database"
            )
        }
        let roles = ledger.branch.person(actor)?.roles ?? []
        if let refusal = ledger.catalog.closeOutReview.checkReview(
            by: actor, roles: roles, finding: record.finding,
            measures: ledger.ledger.measures(of: record.finding.number))
        {
            throw CLIError(
                Acting.Refusal(login: attribution.login, actor: actor, action: action, reason: refusal.description)
                    .description)
        }
        return (actor, attribution)
    }
}
