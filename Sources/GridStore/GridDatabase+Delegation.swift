import Foundation
import GRDB
import GridCore

/// Delegations: one person's work handed to a colleague for a range of days. Stored
/// append-only — a cancellation is a row of its own naming the one it ends — and each
/// entered in the same transaction as its entry of the record.
extension GridDatabase {

    /// Stores a delegation the rules allowed; `check` runs inside the transaction on the
    /// branch's delegations as they are then, so two commands entering overlapping ones
    /// cannot both pass. Returns the stored delegation, or the refusal.
    public func delegate(
        branch: String, from: String, to: String, start: LocalDate, end: LocalDate, roles: [String]?, note: String?,
        attribution: Attribution, check: ([Delegation]) -> DelegationRules.Refusal?
    ) throws -> Result<Delegation, DelegationRules.Refusal> {
        try writer.write { db in
            if let refusal = check(try Self.delegations(db, branch: branch, endingOnOrAfter: nil)) {
                return .failure(refusal)
            }
            try db.execute(
                sql: """
                    INSERT INTO delegation
                        (branch, kind, from_person, to_person, start_day, end_day, roles, note, cancels, entered_at)
                    VALUES (?, 'delegate', ?, ?, ?, ?, ?, ?, NULL, ?)
                    """,
                arguments: [
                    branch, from, to, start.description, end.description, roles?.joined(separator: ","), note,
                    attribution.enteredAt.seconds,
                ])
            let id = db.lastInsertedRowID
            try AuditChain.append(
                db, kind: .delegation, attribution: attribution, first: id, last: id, detail: "delegate #\(id)")
            return .success(
                Delegation(id: id, branch: branch, from: from, to: to, start: start, end: end, roles: roles, note: note)
            )
        }
    }

    /// Ends delegation `id` early: in force through `lastDay`, no longer after it.
    public func cancelDelegation(
        _ id: Int64, lastDay: LocalDate, attribution: Attribution, check: ([Delegation]) -> DelegationRules.Refusal?
    ) throws -> Result<Delegation, DelegationRules.Refusal> {
        try writer.write { db in
            let branch = try String.fetchOne(
                db, sql: "SELECT branch FROM delegation WHERE id = ? AND kind = 'delegate'", arguments: [id])
            let existing = try branch.map { try Self.delegations(db, branch: $0, endingOnOrAfter: nil) } ?? []
            if let refusal = check(existing) { return .failure(refusal) }
            guard let found = existing.first(where: { $0.id == id }) else { return .failure(.noSuchDelegation(id)) }
            try db.execute(
                sql: """
                    INSERT INTO delegation
                        (branch, kind, from_person, to_person, start_day, end_day, roles, note, cancels, entered_at)
                    VALUES (?, 'cancel', ?, ?, ?, ?, NULL, NULL, ?, ?)
                    """,
                arguments: [
                    found.branch, found.from, found.to, found.start.description, lastDay.description, id,
                    attribution.enteredAt.seconds,
                ])
            let row = db.lastInsertedRowID
            try AuditChain.append(
                db, kind: .delegation, attribution: attribution, first: row, last: row, detail: "cancel #\(id)")
            return .success(
                Delegation(
                    id: found.id, branch: found.branch, from: found.from, to: found.to, start: found.start,
                    end: found.end, roles: found.roles, note: found.note, cancelledAfter: lastDay))
        }
    }

    /// The delegations of `branch` (every branch when nil) whose range ends on or after
    /// `day` (all when nil), each with its cancellation applied.
    public func delegations(branch: String? = nil, endingOnOrAfter day: LocalDate? = nil) throws -> [Delegation] {
        try writer.read { db in try Self.delegations(db, branch: branch, endingOnOrAfter: day) }
    }

    static func delegations(_ db: Database, branch: String?, endingOnOrAfter day: LocalDate?) throws -> [Delegation] {
        var conditions = ["d.kind = 'delegate'"]
        var arguments: [any DatabaseValueConvertible] = []
        if let branch {
            conditions.append("d.branch = ?")
            arguments.append(branch)
        }
        if let day {
            conditions.append("d.end_day >= ?")
            arguments.append(day.description)
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT d.id, d.branch, d.from_person, d.to_person, d.start_day, d.end_day, d.roles, d.note,
                    (SELECT min(c.end_day) FROM delegation c WHERE c.cancels = d.id)
                FROM delegation d WHERE \(conditions.joined(separator: " AND ")) ORDER BY d.id
                """, arguments: StatementArguments(arguments))
        return rows.compactMap { row in
            guard let start = LocalDate(iso: row[4] as String), let end = LocalDate(iso: row[5] as String) else {
                return nil
            }
            let roles = (row[6] as String?).map { $0.split(separator: ",").map(String.init) }
            return Delegation(
                id: row[0], branch: row[1], from: row[2], to: row[3], start: start, end: end, roles: roles,
                note: row[7], cancelledAfter: (row[8] as String?).flatMap { LocalDate(iso: $0) })
        }
    }

    /// Who acted on an occurrence for someone else, by the record: actor → for whom.
    public func actsOnBehalf(occurrence id: Int64) throws -> [String: String] {
        try writer.read { db in
            var result: [String: String] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT actor, on_behalf_of FROM audit
                    WHERE occurrence_id = ? AND actor IS NOT NULL AND on_behalf_of IS NOT NULL ORDER BY seq
                    """, arguments: [id])
            for row in rows { result[row[0]] = row[1] }
            return result
        }
    }
}
