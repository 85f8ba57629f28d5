import GridCore

/// Checks `policy.yaml`'s `ledger` against the roles and the catalog: a reviewer role that
/// does not exist would let nobody close a finding, and a duty of the wrong kind would
/// chase measures on a calendar instead of on their deadlines.
struct LedgerPolicyCheck {
    let policy: LedgerPolicy
    let catalog: Catalog
    let roles: Set<String>
    let directory: String
    /// Where `ledger` was written, if it was.
    let at: (file: String, reader: MappingReader)?

    func check(log: IssueLog) {
        let file = at?.file ?? "\(directory)/policy.yaml"
        func line(_ key: String) -> Int { at.map { $0.reader.node(key) != nil ? $0.reader.line(of: key) : 0 } ?? 0 }
        if policy.reviewers.isEmpty {
            log.add(file, line("reviewers"), "ledger: reviewers", "no reviewer role: nobody could close a finding")
        }
        for role in policy.reviewers where role != "line-owner" && !roles.isEmpty && !roles.contains(role) {
            log.add(
                file, line("reviewers"), "ledger: reviewers",
                "unknown role '\(role)'; expected line-owner or one of: \(roles.sorted().joined(separator: ", "))")
        }
        // Without a catalog, its own errors say so.
        guard !catalog.duties.isEmpty else { return }
        for (key, id) in [("measure-duty", policy.measureDuty), ("milestone-duty", policy.milestoneDuty)] {
            guard let duty = catalog.duty(id) else {
                log.add(file, line(key), "ledger: \(key)", "unknown duty '\(id)'; the catalog must define it")
                continue
            }
            if duty.cadence != .triggered || duty.scope != .case {
                log.add(
                    file, line(key), "ledger: \(key)",
                    "duty '\(id)' is \(duty.cadence.rawValue) of scope \(duty.scope.rawValue); a ledger's items need a triggered duty of scope case"
                )
            }
        }
        if let duty = catalog.duty(policy.updateDuty) {
            if duty.cadence != .monthly || duty.scope != .branch {
                log.add(
                    file, line("update-duty"), "ledger: update-duty",
                    "duty '\(policy.updateDuty)' is \(duty.cadence.rawValue) of scope \(duty.scope.rawValue); the monthly ledger update needs a monthly duty of scope branch"
                )
            }
        } else {
            log.add(
                file, line("update-duty"), "ledger: update-duty",
                "unknown duty '\(policy.updateDuty)'; the catalog must define it")
        }
    }
}
