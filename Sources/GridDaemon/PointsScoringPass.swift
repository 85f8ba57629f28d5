import Foundation
import GridConfig
import GridCore
import GridStore
import Logging

/// Integrity points from GridDuty's own records, scored on every pass: the items the record
/// closed since the last pass (done on time or late, waived), items whose period ended with
/// them still open (missed), measures done late and recurring findings — each under the
/// table's version in force on its day, each at most once.
extension AlertingPass {
    @discardableResult
    public func scorePoints(_ configuration: Configuration, now: Date) throws -> Int {
        guard let table = configuration.integrity else { return 0 }
        let after = try database.pointsScoredThrough()
        let candidates = try database.scoringCandidates(afterSeq: after, now: now)
        var scored: [ScoredSource] = []
        // A measure's own items are scored as the ledger's facts (measure-late), not twice.
        let ledgerDuties: Set = [configuration.catalog.ledger.measureDuty, configuration.catalog.ledger.milestoneDuty]
        for item in candidates.closed + candidates.overdue where !ledgerDuties.contains(item.key.duty) {
            guard let branch = configuration.branch(item.key.branch) else { continue }
            let today = branch.calendar.localDate(of: now)
            guard let fact = IntegrityScoring.fact(for: item, calendar: branch.calendar, today: today) else { continue }
            scored.append(
                ScoredSource(
                    branch: branch.id, source: fact.source, day: fact.day,
                    entries: IntegrityScoring.entries(for: fact, branch: branch.id, table: table)))
        }
        for stored in try database.reportLedgers() {
            for fact in IntegrityScoring.facts(of: stored.ledger) {
                scored.append(
                    ScoredSource(
                        branch: stored.branch, source: fact.source, day: fact.day,
                        entries: IntegrityScoring.entries(for: fact, branch: stored.branch, table: table)))
            }
        }
        let stored = try database.storeScoring(
            scored, auditSeq: candidates.lastSeq, at: now, attribution: AuditLogin.daemon(at: now))
        if !stored.isEmpty {
            logger.info("points scored", metadata: ["entries": "\(stored.count)"])
        }
        return stored.count
    }
}
