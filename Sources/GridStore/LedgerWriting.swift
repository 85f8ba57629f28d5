import Foundation
import GRDB
import GridCore

/// One `applyLedger` transaction at work: the ledger it changes, the rows it has written,
/// and the record entries it owes at the end.
struct LedgerWriting {
    let db: Database
    let write: LedgerWrite
    var keys: KeyDictionary
    var ledger: Ledger
    private var ledgerEvents: ClosedRange<Int64>?
    private var itemEvents: ClosedRange<Int64>?
    private let committedKeys: CommittedKeys?

    init(db: Database, write: LedgerWrite, committedKeys: CommittedKeys?) throws {
        self.db = db
        self.write = write
        self.committedKeys = committedKeys
        keys = try KeyDictionary(db, branch: write.branch, committed: committedKeys)
        ledger = try GridDatabase.ledger(db, branch: keys.branch)
    }

    private var branch: Int64 { keys.branch }

    mutating func apply(_ change: LedgerChange) throws {
        try ledger.apply(change, on: write.day)
        try db.execute(
            sql: """
                INSERT INTO ledger_event (branch, day, at, kind, finding, measure, actor, change)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                branch, write.day.dayNumber, write.at.seconds, change.kind, change.finding, change.measure?.number,
                write.actor, try StoredJSON.encode(change),
            ])
        let id = db.lastInsertedRowID
        ledgerEvents = (ledgerEvents?.lowerBound ?? id)...id
        switch change {
        case .inspectionAdded(let inspection):
            try db.execute(
                sql: "INSERT INTO ledger_inspection (branch, name, position, record) VALUES (?, ?, ?, ?)",
                arguments: [branch, inspection.name, ledger.inspections.count, try StoredJSON.encode(inspection)])
        case .findingAdded(let finding), .findingRevised(let finding):
            try storeFinding(finding.number)
        case .closeRequested(let number, _), .closeApproved(let number, _), .closeRejected(let number, _):
            try storeFinding(number)
        case .measureAdded(let measure):
            try storeMeasure(measure.id)
            try storeFinding(measure.id.finding)
            try raiseItems(of: ledger.measure(measure.id)!)
        case .measureRevised(let measure):
            try storeMeasure(measure.id)
            try reviseItems(of: ledger.measure(measure.id)!)
        case .measureDone(let id, let done):
            try storeMeasure(id)
            try completeItems(of: id, done: done)
        }
    }

    /// The layout and the record's entries: one for the ledger's changes, one for the
    /// events of the items they raised, revised or withdrew.
    mutating func finish() throws {
        if let layout = write.layout {
            for (sheet, headers) in layout {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO ledger_layout (branch, sheet, headers) VALUES (?, ?, ?)",
                    arguments: [branch, sheet, try StoredJSON.encode(headers)])
            }
        }
        if let range = ledgerEvents {
            try AuditChain.append(
                db, kind: .ledger, attribution: write.attribution, first: range.lowerBound, last: range.upperBound,
                detail: write.detail)
        }
        if let range = itemEvents {
            try AuditChain.append(
                db, kind: .raise, attribution: write.attribution, first: range.lowerBound, last: range.upperBound)
        }
    }

    private func storeFinding(_ number: String) throws {
        guard let record = ledger.finding(number) else { return }
        let position = ledger.findings.firstIndex { $0.finding.number == number } ?? 0
        try db.execute(
            sql: """
                INSERT INTO ledger_finding
                    (branch, number, position, state, leader, inspection, department, repeats, found, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (branch, number) DO UPDATE SET
                    state = excluded.state, leader = excluded.leader, inspection = excluded.inspection,
                    department = excluded.department, repeats = excluded.repeats, found = excluded.found,
                    record = excluded.record
                """,
            arguments: [
                branch, number, position, record.state.rawValue, record.finding.leader, record.finding.inspection,
                record.finding.department, record.finding.repeats, record.finding.found.dayNumber,
                try StoredJSON.encode(record),
            ])
    }

    private func storeMeasure(_ id: MeasureID) throws {
        guard let measure = ledger.measure(id) else { return }
        let position = ledger.measures.firstIndex { $0.id == id } ?? 0
        try db.execute(
            sql: """
                INSERT INTO ledger_measure
                    (branch, finding, number, position, owner, deadline, done_on, rule, text, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (branch, finding, number) DO UPDATE SET
                    owner = excluded.owner, deadline = excluded.deadline, done_on = excluded.done_on,
                    rule = excluded.rule, text = excluded.text, record = excluded.record
                """,
            arguments: [
                branch, id.finding, id.number, position, measure.owner, measure.deadline.dayNumber,
                measure.done?.date.dayNumber, measure.rule?.kind.rawValue, measure.text, try StoredJSON.encode(measure),
            ])
    }

    private mutating func event(_ occurrence: Int64, kind: String, detail: String?) throws {
        try EventRecord(occurrenceID: occurrence, at: write.at.seconds, kind: kind, actor: write.actor, detail: detail)
            .insert(db)
        let id = db.lastInsertedRowID
        itemEvents = (itemEvents?.lowerBound ?? id)...id
    }

    /// The measure's item and one per milestone, raised now.
    private mutating func raiseItems(of measure: Measure) throws {
        var plans: [(OccurrencePlan, LocalDate?)] = [(write.items.plan(for: measure, at: write.at), nil)]
        for (day, plan) in write.items.milestonePlans(for: measure, at: write.at).sorted(by: { $0.key < $1.key }) {
            plans.append((plan, day))
        }
        try raise(plans, of: measure)
    }

    private mutating func raise(_ plans: [(OccurrencePlan, LocalDate?)], of measure: Measure) throws {
        guard !plans.isEmpty else { return }
        _ = try GridDatabase.materialize(
            db, branch: write.branch, plans: plans.map(\.0), through: nil, now: write.at, stamp: nil,
            committedKeys: committedKeys)
        for (plan, milestone) in plans {
            guard let item = try GridDatabase.occurrence(db, key: plan.key) else { continue }
            try db.execute(
                sql:
                    "INSERT INTO ledger_item (occurrence_id, branch, finding, measure, milestone) VALUES (?, ?, ?, ?, ?)",
                arguments: [item.id, branch, measure.id.finding, measure.id.number, milestone?.dayNumber])
            let what = milestone.map { "阶段目标 \($0) of 整改措施 \(measure.id)" } ?? "整改措施 \(measure.id)"
            try event(item.id, kind: "raised", detail: what)
        }
    }

    /// The item ids of a measure: nil key for the measure's own.
    private func items(of id: MeasureID) throws -> [(occurrence: Int64, milestone: LocalDate?)] {
        try Row.fetchAll(
            db,
            sql: "SELECT occurrence_id, milestone FROM ledger_item WHERE branch = ? AND finding = ? AND measure = ?",
            arguments: [branch, id.finding, id.number]
        ).map { ($0[0], ($0[1] as Int?).map(LocalDate.init(dayNumber:))) }
    }

    /// A revised plan reaches its open items: a new owner or deadline, milestones added,
    /// milestones dropped (closed as withdrawn, with the reason in their record).
    private mutating func reviseItems(of measure: Measure) throws {
        let existing = try items(of: measure.id)
        let wanted = write.items.milestonePlans(for: measure, at: write.at)
        var toRaise: [(OccurrencePlan, LocalDate?)] = []
        for (day, plan) in wanted.sorted(by: { $0.key < $1.key })
        where !existing.contains(where: { $0.milestone == day }) {
            toRaise.append((plan, day))
        }
        for (occurrence, milestone) in existing {
            guard let item = try GridDatabase.occurrence(db, id: occurrence), item.state == .open else { continue }
            if let milestone, wanted[milestone] == nil {
                try db.execute(
                    sql: "UPDATE occurrence SET state = ?, closed_at = ?, next_alert_at = NULL WHERE id = ?",
                    arguments: [OccurrenceQuery.code(.waived), write.at.seconds, occurrence])
                try event(occurrence, kind: "waived", detail: "阶段目标 \(milestone) withdrawn from 整改措施 \(measure.id)")
                continue
            }
            let plan = milestone.flatMap { wanted[$0] } ?? write.items.plan(for: measure, at: write.at)
            var changed: [String] = []
            if item.owner != plan.owner { changed.append("owner \(item.owner ?? "-") → \(plan.owner ?? "-")") }
            if item.deadline.seconds != plan.deadline.seconds {
                let calendar = write.items.branch.calendar
                changed.append(
                    "deadline \(calendar.localDate(of: item.deadline)) → \(calendar.localDate(of: plan.deadline))")
            }
            guard !changed.isEmpty else { continue }
            try db.execute(
                sql: """
                    UPDATE occurrence SET owner = ?, deadline = ?, remind_at = ?,
                        next_alert_at = min(?, coalesce(next_alert_at, ?))
                    WHERE id = ?
                    """,
                arguments: [
                    try plan.owner.map { try keys.party($0) }, plan.deadline.seconds, plan.remindAt.seconds,
                    plan.remindAt.seconds, plan.remindAt.seconds, occurrence,
                ])
            try event(occurrence, kind: "revised", detail: changed.joined(separator: "; "))
        }
        try raise(toRaise, of: measure)
    }

    /// A measure done closes its item, and any milestone still open, as done by its owner on
    /// the day given, entered by whoever recorded it.
    private mutating func completeItems(of id: MeasureID, done: MeasureDone) throws {
        guard let measure = ledger.measure(id) else { return }
        let performed = write.items.performed(on: done.date, now: write.at)
        var attribution = write.attribution
        if attribution.actor != measure.owner { attribution.onBehalfOf = measure.owner }
        for (occurrence, _) in try items(of: id).sorted(by: {
            ($0.milestone == nil ? 1 : 0) < ($1.milestone == nil ? 1 : 0)
        }) {
            guard let item = try GridDatabase.occurrence(db, id: occurrence), item.state == .open,
                !item.awaitsConfirmation
            else { continue }
            _ = try GridDatabase.complete(
                db, occurrence: occurrence, by: measure.owner, performedAt: performed, recordedAt: write.at,
                note: done.evidence, attribution: attribution)
        }
    }
}
