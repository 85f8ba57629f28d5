import Foundation
import GRDB
import GridCore

/// What people record about occurrences: completions, waivers and raised triggered duties.
extension GridDatabase {

    /// Records one performance of a check. The item is done once the quota is met, late if
    /// the completion that met it was performed after the deadline. A completion the closed
    /// item implies (see `Completion.implied(by:)`) is not stored as a row of its own.
    /// `attribution` says who entered it (by default `person`, from this process's login).
    public func recordCompletion(
        occurrence id: Int64, by person: String, performedAt: Date, recordedAt: Date, note: String?,
        attribution: Attribution? = nil
    ) throws -> Occurrence {
        let attribution =
            attribution ?? Attribution(login: AuditChain.currentLogin, actor: person, enteredAt: recordedAt)
        return try writer.write { db in
            let item = try Self.openOccurrence(db, id: id)
            let late = performedAt.seconds > item.deadline.seconds
            let doneCount = item.doneCount + 1
            if doneCount >= item.quota {
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
