import Foundation
import GRDB
import GridCore

/// The rectification ledger: its record of changes, the ledger as it stands, the items that
/// chase its measures, and the monthly snapshots.
extension GridDatabase {

    /// Applies `write` in one transaction: each change is checked against the ledger as it
    /// stands (`Ledger.apply`, so two programs writing at once cannot both close a finding),
    /// stored in the record, and carried into the current tables and the items that chase
    /// measures. A refused change (`LedgerRefusal`) rolls the whole write back.
    @discardableResult
    public func applyLedger(_ write: LedgerWrite) throws -> Ledger {
        try writer.write { db in
            var context = try LedgerWriting(db: db, write: write, committedKeys: committedKeys)
            for change in write.changes { try context.apply(change) }
            try context.finish()
            return context.ledger
        }
    }

    /// The ledger of a branch as it stands; empty for a branch with none.
    public func ledger(branch: String) throws -> Ledger {
        try writer.read { db in
            guard let id = try Self.branchNumber(db, key: branch) else { return Ledger() }
            return try Self.ledger(db, branch: id)
        }
    }

    /// Every branch's ledger, for the bank's report, in branch order; branches with none left out.
    public func ledgers() throws -> [(branch: String, ledger: Ledger)] {
        try writer.read { db in
            let branches = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, key FROM branch WHERE id IN (SELECT DISTINCT branch FROM ledger_finding)
                    ORDER BY file, key
                    """)
            return try branches.map { row in (row[1], try Self.ledger(db, branch: row[0])) }
        }
    }

    /// The ledger as it stood at the end of `day`: the record's changes made up to then,
    /// applied in order.
    public func ledger(branch: String, asOfEndOf day: LocalDate) throws -> Ledger {
        var ledger = Ledger()
        for event in try ledgerEvents(branch: branch) where event.day <= day {
            try ledger.apply(event.change, on: event.day)
        }
        return ledger
    }

    /// The record of a branch's ledger, in order, optionally of one finding.
    public func ledgerEvents(branch: String, finding: String? = nil) throws -> [LedgerEventRecord] {
        try writer.read { db in
            guard let id = try Self.branchNumber(db, key: branch) else { return [] }
            var sql = "SELECT id, day, at, actor, change FROM ledger_event WHERE branch = ?"
            var arguments: StatementArguments = [id]
            if let finding {
                sql += " AND finding = ?"
                arguments += [finding]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments).map { row in
                LedgerEventRecord(
                    id: row[0], day: LocalDate(dayNumber: row[1]), at: Date(seconds: row[2] as Int64), actor: row[3],
                    change: try StoredJSON.decode(LedgerChange.self, row[4]))
            }
        }
    }

    /// The header rows of the branch's last imported workbook.
    public func ledgerLayout(branch: String) throws -> [String: [String]] {
        try writer.read { db in
            guard let id = try Self.branchNumber(db, key: branch) else { return [:] }
            var layout: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT sheet, headers FROM ledger_layout WHERE branch = ?", arguments: [id])
            {
                layout[row[0]] = try StoredJSON.decode([String].self, row[1])
            }
            return layout
        }
    }

    /// The items chasing a branch's measures and milestones.
    public func ledgerItems(branch: String) throws -> [LedgerItemLink] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.occurrence_id, b.key, i.finding, i.measure, i.milestone FROM ledger_item i
                    JOIN branch b ON b.id = i.branch WHERE b.key = ? ORDER BY i.occurrence_id
                    """, arguments: [branch]
            ).map(Self.itemLink)
        }
    }

    /// The measure or milestone an occurrence chases, if it chases one.
    public func ledgerItem(occurrence id: Int64) throws -> LedgerItemLink? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT i.occurrence_id, b.key, i.finding, i.measure, i.milestone FROM ledger_item i
                    JOIN branch b ON b.id = i.branch WHERE i.occurrence_id = ?
                    """, arguments: [id]
            ).map(Self.itemLink)
        }
    }

    /// The snapshot frozen for `month` (`2026-11`), with when it was taken.
    public func ledgerSnapshot(branch: String, month: String) throws -> (ledger: Ledger, takenAt: Date)? {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.ledger, s.taken_at FROM ledger_snapshot s JOIN branch b ON b.id = s.branch
                        WHERE b.key = ? AND s.month = ?
                        """, arguments: [branch, month])
            else { return nil }
            return (try StoredJSON.decode(Ledger.self, row[0]), Date(seconds: row[1] as Int64))
        }
    }

    /// The months a branch has snapshots of, in order.
    public func ledgerSnapshotMonths(branch: String) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT s.month FROM ledger_snapshot s JOIN branch b ON b.id = s.branch
                    WHERE b.key = ? ORDER BY s.month
                    """, arguments: [branch])
        }
    }

    /// Freezes the branch's ledger as it stands as the snapshot of `month`, unless that
    /// month already has one: a snapshot never changes after the fact.
    static func takeLedgerSnapshot(
        _ db: Database, branch: String, month: String, occurrence: Int64, at now: Date, attribution: Attribution
    ) throws {
        let id = try KeyDictionary.branchID(db, key: branch)
        let exists = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM ledger_snapshot WHERE branch = ? AND month = ?", arguments: [id, month])
        guard exists != true else { return }
        let ledger = try Self.ledger(db, branch: id)
        try db.execute(
            sql: "INSERT INTO ledger_snapshot (branch, month, occurrence_id, taken_at, ledger) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, month, occurrence, now.seconds, try StoredJSON.encode(ledger)])
        let row = db.lastInsertedRowID
        try AuditChain.append(db, kind: .snapshot, attribution: attribution, first: row, last: row, detail: month)
    }

    static func branchNumber(_ db: Database, key: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM branch WHERE key = ?"), arguments: [key])
    }

    static func ledger(_ db: Database, branch id: Int64) throws -> Ledger {
        let inspections = try String.fetchAll(
            db.cachedStatement(sql: "SELECT record FROM ledger_inspection WHERE branch = ? ORDER BY position"),
            arguments: [id]
        ).map { try StoredJSON.decode(Inspection.self, $0) }
        let findings = try String.fetchAll(
            db.cachedStatement(sql: "SELECT record FROM ledger_finding WHERE branch = ? ORDER BY position"),
            arguments: [id]
        ).map { try StoredJSON.decode(FindingRecord.self, $0) }
        let measures = try String.fetchAll(
            db.cachedStatement(sql: "SELECT record FROM ledger_measure WHERE branch = ? ORDER BY position"),
            arguments: [id]
        ).map { try StoredJSON.decode(Measure.self, $0) }
        return Ledger(inspections: inspections, findings: findings, measures: measures)
    }

    private static func itemLink(_ row: Row) -> LedgerItemLink {
        LedgerItemLink(
            occurrenceID: row[0], branch: row[1], measure: MeasureID(finding: row[2], number: row[3]),
            milestone: (row[4] as Int?).map(LocalDate.init(dayNumber:)))
    }
}

extension GridDatabase {
    /// Every branch's ledger for the bank's report, read from the current tables' columns
    /// through SQLite's C API: at 20,000 branches decoding each row's JSON would cost
    /// seconds. Branches in file order.
    public func reportLedgers() throws -> [StoredBranchLedger] {
        try writer.read { db in
            var calendars: [Int64: CalendarDescription] = [:]
            var keys: [Int64: String] = [:]
            var order: [Int64] = []
            let branchSQL = """
                SELECT id, key, calendar FROM branch WHERE id IN (SELECT DISTINCT branch FROM ledger_finding)
                ORDER BY file, key
                """
            try RawRow.forEach(try db.makeStatement(sql: branchSQL), db) { row in
                guard let id = row.int(0) else { return }
                order.append(id)
                keys[id] = row.text(1) ?? ""
                if let text = row.text(2) { calendars[id] = try? StoredJSON.decode(CalendarDescription.self, text) }
            }
            var findings: [Int64: [FindingRecord]] = [:]
            let anyDay = LocalDate(dayNumber: 0)
            let findingSQL = """
                SELECT branch, number, state, leader, inspection, department, repeats, found FROM ledger_finding
                ORDER BY branch, position
                """
            try RawRow.forEach(try db.makeStatement(sql: findingSQL), db) { row in
                let finding = Finding(
                    number: row.text(1) ?? "", inspection: row.text(4) ?? "", text: "", leader: row.text(3) ?? "",
                    department: row.text(5), found: row.int(7).map { LocalDate(dayNumber: Int($0)) } ?? anyDay,
                    repeats: row.text(6))
                let state = FindingState(rawValue: row.text(2) ?? "") ?? .open
                findings[row.int(0) ?? 0, default: []].append(FindingRecord(finding: finding, state: state))
            }
            var measures: [Int64: [Measure]] = [:]
            let measureSQL = """
                SELECT branch, finding, number, owner, deadline, done_on, rule, text FROM ledger_measure
                ORDER BY branch, position
                """
            try RawRow.forEach(try db.makeStatement(sql: measureSQL), db) { row in
                let done = row.int(5).map { MeasureDone(date: LocalDate(dayNumber: Int($0)), evidence: nil) }
                let rule = row.text(6).flatMap(RuleChange.Kind.init(rawValue:)).map { RuleChange(kind: $0, name: "") }
                let measure = Measure(
                    id: MeasureID(finding: row.text(1) ?? "", number: row.text(2) ?? ""), text: row.text(7) ?? "",
                    owner: row.text(3) ?? "", deadline: LocalDate(dayNumber: Int(row.int(4) ?? 0)), rule: rule,
                    done: done)
                measures[row.int(0) ?? 0, default: []].append(measure)
            }
            return order.map { id in
                StoredBranchLedger(
                    branch: keys[id] ?? "",
                    ledger: Ledger(inspections: [], findings: findings[id] ?? [], measures: measures[id] ?? []),
                    calendar: calendars[id])
            }
        }
    }

    /// The names of the people of `branches`, as their stored rosters give them.
    public func personNames(branches: Set<String>) throws -> [String: [String: String]] {
        try writer.read { db in
            var names: [String: [String: String]] = [:]
            let sql = """
                SELECT b.key, p.key, p.name FROM party p JOIN branch b ON b.id = p.branch
                WHERE p.name IS NOT NULL
                """
            try RawRow.forEach(try db.makeStatement(sql: sql), db) { row in
                guard let branch = row.text(0), branches.contains(branch), let key = row.text(1), let name = row.text(2)
                else { return }
                names[branch, default: [:]][key] = name
            }
            return names
        }
    }
}
