/// How a bank runs its rectification ledgers (`policy.yaml`'s `ledger`): who reviews a
/// close-out, and which duties of the catalog chase measures and milestones and freeze the
/// month's ledger.
public struct LedgerPolicy: Hashable, Sendable {
    /// Roles whose holders may approve or reject a close-out; `line-owner` stands for the
    /// owning role of any line.
    public var reviewers: [String]
    public var measureDuty: String
    public var milestoneDuty: String
    /// The monthly duty whose completion stores the month's snapshot (每月更新整改台账).
    public var updateDuty: String

    public init(reviewers: [String], measureDuty: String, milestoneDuty: String, updateDuty: String) {
        self.reviewers = reviewers
        self.measureDuty = measureDuty
        self.milestoneDuty = milestoneDuty
        self.updateDuty = updateDuty
    }

    /// What applies when `policy.yaml` says nothing: the discipline inspector or a line's
    /// owner reviews; the discipline line's duties chase.
    public static let standard = LedgerPolicy(
        reviewers: CloseOutReview.defaultReviewerRoles, measureDuty: "discipline.rectification-measure",
        milestoneDuty: "discipline.rectification-milestone", updateDuty: "discipline.ledger-update")
}
