import Foundation
import GRDB
import GridCore

/// What people record about occurrences: completions, waivers and raised triggered duties.
extension GridDatabase {

    /// Records one performance of a check. The item is done once the quota is met, late if
    /// the completion that met it was performed after the deadline. A completion the closed
    /// item implies (see `Completion.implied(by:)`) is not stored as a row of its own.
    /// `attribution` says who entered it (by default `person`, from this process's login).
    /// Closing the month's ledger update (每月更新整改台账, the duty policy.yaml's `ledger`
    /// names) freezes the branch's rectification ledger as that month's snapshot, in the
    /// same transaction.
    public func recordCompletion(
        occurrence id: Int64, by person: String, performedAt: Date, recordedAt: Date, note: String?,
        attribution: Attribution? = nil
    ) throws -> Occurrence {
        let attribution =
            attribution ?? Attribution(login: AuditChain.currentLogin, actor: person, enteredAt: recordedAt)
        return try writer.write { db in
            let updated = try Self.complete(
                db, occurrence: id, by: person, performedAt: performedAt, recordedAt: recordedAt, note: note,
                attribution: attribution)
            if updated.state == .done,
                try String.fetchOne(
                    db, sql: "SELECT d.ledger_role FROM occurrence o JOIN duty d ON d.id = o.duty WHERE o.id = ?",
                    arguments: [id]) == LedgerRole.update.rawValue
            {
                try Self.takeLedgerSnapshot(
                    db, branch: updated.key.branch, month: updated.key.period, occurrence: id, at: recordedAt,
                    attribution: attribution)
            }
            return updated
        }
    }

    /// A completion, inside a transaction: the item's count and state, the completion row
    /// unless the closed item implies it, and its audit entry.
    static func complete(
        _ db: Database, occurrence id: Int64, by person: String, performedAt: Date, recordedAt: Date, note: String?,
        attribution: Attribution
    ) throws -> Occurrence {
        let item = try Self.openOccurrence(db, id: id)
        guard !item.awaitsConfirmation else { throw StoreError.awaitingConfirmation(id: id) }
        let late = performedAt.seconds > item.deadline.seconds
        let doneCount = item.doneCount + 1
        // A two-person check stays open, its quota met, until the second person confirms.
        if doneCount >= item.quota, try Self.confirmRoles(db, occurrence: id) == nil {
            try db.execute(
                sql: """
                    UPDATE occurrence SET done_count = ?, state = ?, closed_at = ?, late = ?, next_alert_at = NULL
                    WHERE id = ?
                    """, arguments: [doneCount, OccurrenceQuery.code(.done), performedAt.seconds, late, id])
        } else {
            try db.execute(sql: "UPDATE occurrence SET done_count = ? WHERE id = ?", arguments: [doneCount, id])
        }
        let updated = try Self.occurrence(db, id: id)!
        // As it reads back: instants in whole seconds.
        let completion = Completion(
            by: person, performedAt: Date(seconds: performedAt.seconds),
            recordedAt: Date(seconds: recordedAt.seconds), note: note, late: late)
        if Completion.implied(by: updated) != completion {
            try db.execute(
                sql: """
                    INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, doneCount, person, performedAt.seconds, recordedAt.seconds, note, late])
        }
        try AuditChain.append(
            db, kind: .completion, attribution: attribution, occurrenceID: id, first: Int64(doneCount),
            last: Int64(doneCount))
        return updated
    }

    public func waive(
        occurrence id: Int64, by person: String, reason: String, at now: Date, attribution: Attribution? = nil
    ) throws -> Occurrence {
        let attribution = attribution ?? Attribution(login: AuditChain.currentLogin, actor: person, enteredAt: now)
        return try writer.write { db in
            _ = try Self.openOccurrence(db, id: id)
            try db.execute(
                sql: "UPDATE occurrence SET state = ?, closed_at = ?, next_alert_at = NULL WHERE id = ?",
                arguments: [OccurrenceQuery.code(.waived), now.seconds, id])
            try EventRecord(occurrenceID: id, at: now.seconds, kind: "waived", actor: person, detail: reason).insert(db)
            let event = db.lastInsertedRowID
            try AuditChain.append(
                db, kind: .waiver, attribution: attribution, occurrenceID: id, first: event, last: event)
            return try Self.occurrence(db, id: id)!
        }
    }

    /// Closes a two-person check whose completions are all recorded: `person`, whom the
    /// caller checked (`SecondPerson`), confirms it at `now`, late if after its deadline.
    /// The confirmation is an event, covered by an audit entry of its own.
    public func confirm(
        occurrence id: Int64, by person: String, note: String?, at now: Date, attribution: Attribution
    ) throws -> Occurrence {
        try writer.write { db in
            let item = try Self.openOccurrence(db, id: id)
            guard item.awaitsConfirmation, try Self.confirmRoles(db, occurrence: id) != nil else {
                throw StoreError.notAwaitingConfirmation(id: id)
            }
            try db.execute(
                sql: "UPDATE occurrence SET state = ?, closed_at = ?, late = ?, next_alert_at = NULL WHERE id = ?",
                arguments: [OccurrenceQuery.code(.done), now.seconds, now.seconds > item.deadline.seconds, id])
            try EventRecord(occurrenceID: id, at: now.seconds, kind: "confirmed", actor: person, detail: note)
                .insert(db)
            let event = db.lastInsertedRowID
            try AuditChain.append(
                db, kind: .confirmation, attribution: attribution, occurrenceID: id, first: event, last: event)
            return try Self.occurrence(db, id: id)!
        }
    }

    /// Who recorded an item's completions: each performer, and each staff member who entered
    /// one (a supervisor entering it for the owner). None of them may confirm it.
    public func recorders(of id: Int64) throws -> Set<String> {
        try writer.read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT by FROM completion WHERE occurrence_id = ?1
                        UNION SELECT actor FROM audit WHERE kind = 'completion' AND occurrence_id = ?1 AND actor IS NOT NULL
                        UNION SELECT on_behalf_of FROM audit
                            WHERE kind = 'completion' AND occurrence_id = ?1 AND on_behalf_of IS NOT NULL
                        """, arguments: [id]))
        }
    }

    /// An item's confirmations: who confirmed it, when, with what note, from which login.
    public func confirmations(of id: Int64) throws -> [(by: String, at: Date, note: String?, login: String?)] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.actor, e.at, e.detail, a.login FROM event e
                    LEFT JOIN audit a ON a.kind = 'confirmation' AND a.first = e.id
                    WHERE e.occurrence_id = ? AND e.kind = 'confirmed' ORDER BY e.id
                    """, arguments: [id]
            ).map { row in (row[0] ?? "", Date(seconds: row[1] as Int64), row[2], row[3]) }
        }
    }

    /// The roles that confirm an item's duty, nil when it is not a two-person check.
    public func confirmRoles(occurrence id: Int64) throws -> [String]? {
        try writer.read { db in try Self.confirmRoles(db, occurrence: id) }
    }

    private static func confirmRoles(_ db: Database, occurrence id: Int64) throws -> [String]? {
        try String.fetchOne(
            db, sql: "SELECT d.confirm_roles FROM occurrence o JOIN duty d ON d.id = o.duty WHERE o.id = ?",
            arguments: [id]
        ).map { $0.split(separator: ",").map(String.init) }
    }

    private static func openOccurrence(_ db: Database, id: Int64) throws -> Occurrence {
        guard let item = try occurrence(db, id: id) else { throw StoreError.noSuchOccurrence(String(id)) }
        guard item.state == .open else { throw StoreError.alreadyClosed(id: id, state: item.state.rawValue) }
        return item
    }

    /// Raises a triggered occurrence. `plan` receives the sequence number of this raise
    /// among the same duty's raises about the same subject on the same day.
    public func raise(
        branch: String, duty: String, subject: String, day: LocalDate, by person: String?, note: String?, at now: Date,
        attribution: Attribution? = nil, plan: (Int) -> OccurrencePlan?
    ) throws -> Occurrence? {
        let attribution = attribution ?? Attribution(login: AuditChain.currentLogin, actor: person, enteredAt: now)
        return try writer.write { db in
            let count =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM occurrence o
                        JOIN branch b ON b.id = o.branch JOIN duty d ON d.id = o.duty
                        JOIN party s ON s.id = o.subject JOIN period p ON p.id = o.period
                        WHERE b.key = ? AND d.key = ? AND s.key = ? AND p.key LIKE ?
                        """,
                    arguments: [branch, duty, subject, "\(day)#%"]) ?? 0
            guard let plan = plan(count + 1) else { return nil }
            let result = try Self.materialize(
                db, branch: plan.key.branch, plans: [plan], through: nil, now: now, stamp: nil,
                committedKeys: committedKeys)
            guard result.inserted == 1, let raised = try Self.occurrence(db, key: plan.key) else { return nil }
            try EventRecord(occurrenceID: raised.id, at: now.seconds, kind: "raised", actor: person, detail: note)
                .insert(db)
            let event = db.lastInsertedRowID
            try AuditChain.append(
                db, kind: .raise, attribution: attribution, occurrenceID: raised.id, first: event, last: event)
            return raised
        }
    }
}

extension GridDatabase {
    /// How many items of `duty` about `subject` were raised on `day`: the next raise's
    /// sequence number is one more.
    public func raisedCount(branch: String, duty: String, subject: String, day: LocalDate) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM occurrence o
                    JOIN branch b ON b.id = o.branch JOIN duty d ON d.id = o.duty
                    JOIN party s ON s.id = o.subject JOIN period p ON p.id = o.period
                    WHERE b.key = ? AND d.key = ? AND s.key = ? AND p.key LIKE ?
                    """, arguments: [branch, duty, subject, "\(day)#%"]) ?? 0
        }
    }
}
