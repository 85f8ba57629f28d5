import Foundation
import GRDB
import GridCore

/// The ledger of integrity points: entries GridDuty scores from its records, entries people
/// record, reversals, appeals and year-end closes, each covered by the audit chain.
extension GridDatabase {

    /// Stores what a scoring pass found, in one transaction: for each scored source, its
    /// entries (each at most once per item, person and source), and a reversal of any earlier
    /// entry of the source its outcome no longer earns (scored missed, then done late). `final`
    /// sources are closed items, whose outcome cannot change again. `auditSeq` is how far the
    /// record has now been looked at. Returns the new entries.
    @discardableResult
    public func storeScoring(
        _ scored: [ScoredSource], auditSeq: Int64?, at now: Date, attribution: Attribution
    ) throws -> [PointsEntry] {
        try writer.write { db in
            var stored: [PointsEntry] = []
            for item in scored {
                let wanted = Set(item.entries.map { "\($0.rule)\u{1F}\($0.person ?? "")" })
                for earlier in try Self.unreversedAutomatic(db, source: item.source, branch: item.branch)
                where !wanted.contains("\(earlier.rule)\u{1F}\(earlier.person ?? "")") {
                    var reversal = earlier
                    reversal.points = -earlier.points
                    reversal.reverses = earlier.id
                    reversal.reason = "the item's outcome changed after it was scored"
                    reversal.day = item.day
                    if let entry = try Self.insert(db, reversal, at: now) { stored.append(entry) }
                }
                for entry in item.entries {
                    if let entry = try Self.insert(db, entry, at: now, ignoringDuplicate: true) { stored.append(entry) }
                }
            }
            if let auditSeq {
                try db.execute(
                    sql: """
                        INSERT INTO points_progress (id, audit_seq) VALUES (1, ?)
                        ON CONFLICT (id) DO UPDATE SET audit_seq = max(audit_seq, excluded.audit_seq)
                        """, arguments: [auditSeq])
            }
            if let first = stored.first?.id, let last = stored.last?.id {
                try AuditChain.append(db, kind: .points, attribution: attribution, first: first, last: last)
            }
            return stored
        }
    }

    /// Stores one entry a person recorded (a violation, an award, an assessment) or a
    /// reversal, with `also` run in the same transaction (a red line's warning notice).
    public func recordPoints(
        _ entry: PointsEntry, attribution: Attribution, at now: Date, also: ((Database) throws -> Void)? = nil
    ) throws -> PointsEntry {
        try writer.write { db in
            guard let stored = try Self.insert(db, entry, at: now) else {
                throw StoreError.pointsRefused("entry \(entry.reverses.map { "\($0)" } ?? "") is already reversed")
            }
            try AuditChain.append(db, kind: .points, attribution: attribution, first: stored.id, last: stored.id)
            try also?(db)
            return stored
        }
    }

    /// How far the record has been scored (0 before the first pass).
    public func pointsScoredThrough() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT audit_seq FROM points_progress") ?? 0 }
    }

    /// Entries of a branch (`person` "" for the branch itself, nil for everyone), of `year`
    /// or every year, in the order they were made.
    public func pointsEntries(branch: String, person: String?, year: Int?) throws -> [PointsEntry] {
        try writer.read { db in
            var sql = "SELECT \(Self.pointsColumns) FROM points_entry WHERE branch = ?"
            var arguments: StatementArguments = [branch]
            if let person {
                sql += " AND person = ?"
                arguments += [person]
            }
            if let year {
                sql += " AND year = ?"
                arguments += [year]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments).map(Self.pointsEntry)
        }
    }

    public func pointsEntry(id: Int64) throws -> PointsEntry? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.pointsColumns) FROM points_entry WHERE id = ?", arguments: [id])
                .map(Self.pointsEntry)
        }
    }

    /// Every entry, for `points rebuild --check`, in order.
    public func forEachPointsEntry(_ body: (PointsEntry) throws -> Void) throws {
        try writer.read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.pointsColumns) FROM points_entry ORDER BY id")
            while let row = try cursor.next() { try body(Self.pointsEntry(row)) }
        }
    }

    /// The stored sums, per branch, person ("" for the branch), year and item.
    public func pointsSums() throws -> [PointsSum] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT branch, person, year, rule, points FROM points_sum ORDER BY 1, 2, 3, 4")
                .map { PointsSum(branch: $0[0], person: $0[1], year: $0[2], rule: $0[3], points: $0[4]) }
        }
    }

    /// Files an appeal against an entry; returns its number.
    public func fileAppeal(entry: Int64, by person: String, reason: String, at now: Date, attribution: Attribution)
        throws -> Int64
    {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO points_act (kind, entry, by, reason, entered_at) VALUES ('appeal', ?, ?, ?, ?)",
                arguments: [entry, person, reason, now.seconds])
            let id = db.lastInsertedRowID
            try AuditChain.append(db, kind: .pointsAct, attribution: attribution, first: id, last: id)
            return id
        }
    }

    /// An appeal and what was decided about it.
    public struct PointsAppeal: Sendable, Equatable {
        public var id: Int64
        public var entry: Int64
        public var by: String
        public var reason: String
        public var at: Date
        /// "upheld" or "dismissed", with who decided; nil while pending.
        public var decision: String?
        public var decidedBy: String?
    }

    public func appeal(_ id: Int64) throws -> PointsAppeal? {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT id, entry, by, reason, entered_at FROM points_act WHERE id = ? AND kind = 'appeal'",
                    arguments: [id])
            else { return nil }
            let decision = try Row.fetchOne(
                db, sql: "SELECT kind, by FROM points_act WHERE appeal = ?", arguments: [id])
            return PointsAppeal(
                id: row[0], entry: row[1], by: row[2], reason: row[3], at: Date(seconds: row[4] as Int64),
                decision: decision?[0], decidedBy: decision?[1])
        }
    }

    /// Decides an appeal: upheld with `reversal` (stored in the same transaction), or dismissed.
    public func decideAppeal(
        _ id: Int64, upheld reversal: PointsEntry?, by person: String, reason: String, at now: Date,
        attribution: Attribution
    ) throws -> PointsEntry? {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO points_act (kind, appeal, by, reason, entered_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [reversal == nil ? "dismissed" : "upheld", id, person, reason, now.seconds])
            let act = db.lastInsertedRowID
            try AuditChain.append(db, kind: .pointsAct, attribution: attribution, first: act, last: act)
            guard let reversal else { return nil }
            guard let stored = try Self.insert(db, reversal, at: now) else {
                throw StoreError.pointsRefused("entry \(reversal.reverses ?? 0) is already reversed")
            }
            try AuditChain.append(db, kind: .points, attribution: attribution, first: stored.id, last: stored.id)
            return stored
        }
    }

    /// Closes a year (年度封账): its scores are frozen from then on.
    public func closePointsYear(_ year: Int, by person: String?, at now: Date, attribution: Attribution) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO points_act (kind, year, by, entered_at) VALUES ('close-year', ?, ?, ?)",
                arguments: [year, person, now.seconds])
            let act = db.lastInsertedRowID
            try AuditChain.append(db, kind: .pointsAct, attribution: attribution, first: act, last: act)
        }
    }

    public func closedPointsYears() throws -> Set<Int> {
        try writer.read { db in
            Set(try Int.fetchAll(db, sql: "SELECT year FROM points_act WHERE kind = 'close-year'"))
        }
    }

    static let pointsColumns = """
        id, branch, person, rule, version, points, day, year, source, text, recorded_by, reverses, reason,
        approved_by, concerns_year
        """

    static func pointsEntry(_ row: Row) -> PointsEntry {
        let person: String = row[2]
        return PointsEntry(
            id: row[0], branch: row[1], person: person.isEmpty ? nil : person, rule: row[3], version: row[4],
            points: row[5], day: LocalDate(dayNumber: row[6]), year: row[7], source: PointsSource(key: row[8]),
            text: row[9], recordedBy: row[10], reverses: row[11], reason: row[12], approvedBy: row[13],
            concernsYear: row[14])
    }

    /// Inserts an entry; nil when it is a duplicate of an automatic one (with
    /// `ignoringDuplicate`) or reverses an entry already reversed.
    static func insert(_ db: Database, _ entry: PointsEntry, at now: Date, ignoringDuplicate: Bool = false) throws
        -> PointsEntry?
    {
        if let reversed = entry.reverses,
            try Bool.fetchOne(db, sql: "SELECT 1 FROM points_entry WHERE reverses = ?", arguments: [reversed]) == true
        {
            return nil
        }
        // A year closed (年度封账) is frozen: what concerns it counts in the next open year.
        var entry = entry
        let closed = Set(try Int.fetchAll(db, sql: "SELECT year FROM points_act WHERE kind = 'close-year'"))
        if closed.contains(entry.year) {
            entry.concernsYear = entry.concernsYear ?? entry.year
            while closed.contains(entry.year) { entry.year += 1 }
        }
        let occurrence: Int64? =
            if case .occurrence(let id) = entry.source { id } else { nil }
        try db.execute(
            sql: """
                INSERT \(ignoringDuplicate ? "OR IGNORE" : "") INTO points_entry
                    (branch, person, rule, version, points, day, year, source, occurrence, text, recorded_by,
                     reverses, reason, approved_by, concerns_year, entered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.branch, entry.person ?? "", entry.rule, entry.version, entry.points, entry.day.dayNumber,
                entry.year, entry.source.key, occurrence, entry.text, entry.recordedBy, entry.reverses, entry.reason,
                entry.approvedBy, entry.concernsYear, now.seconds,
            ])
        guard db.changesCount > 0 else { return nil }
        var stored = entry
        stored.id = db.lastInsertedRowID
        return stored
    }

    /// GridDuty's own entries of a source not yet reversed.
    static func unreversedAutomatic(_ db: Database, source: PointsSource, branch: String?) throws -> [PointsEntry] {
        guard let branch else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(pointsColumns) FROM points_entry e
                WHERE e.branch = ? AND e.source = ? AND e.recorded_by IS NULL AND e.reverses IS NULL
                  AND NOT EXISTS (SELECT 1 FROM points_entry r WHERE r.reverses = e.id)
                """, arguments: [branch, source.key]
        ).map(pointsEntry)
    }
}

extension GridDatabase {
    /// What a scoring pass looks at: the items the record closed after entry `afterSeq`
    /// (their completions, waivers and confirmations), the open items past their deadline that
    /// have no entry yet (missed once their period ends), and the record's last entry now.
    public func scoringCandidates(afterSeq: Int64, now: Date) throws -> (
        closed: [Occurrence], overdue: [Occurrence], lastSeq: Int64
    ) {
        try writer.read { db in
            let lastSeq = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM audit") ?? 0
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT occurrence_id FROM audit
                    WHERE seq > ? AND seq <= ? AND kind IN ('completion', 'waiver', 'confirmation')
                      AND occurrence_id IS NOT NULL
                    ORDER BY occurrence_id
                    """, arguments: [afterSeq, lastSeq])
            let closed = try ids.compactMap { try Self.occurrence(db, id: $0) }.filter {
                $0.state == .done || $0.state == .waived
            }
            let overdue = try Row.fetchAll(
                db,
                sql: OccurrenceQuery.select + """

                     WHERE o.state = 0 AND o.deadline < ?
                       AND NOT EXISTS (SELECT 1 FROM points_entry p WHERE p.occurrence = o.id)
                     ORDER BY o.id
                    """, arguments: [now.seconds]
            ).map(OccurrenceQuery.occurrence)
            return (closed, overdue, lastSeq)
        }
    }
}

extension GridDatabase {
    /// A red-line entry and what it sets off, in one transaction: the entry; the warning
    /// notice raised as an item (`notice`, owed by whoever organises it, e.g. 警示教育); and an
    /// alert of kind `notice` on it to every staff member of the branch (`targets`), which
    /// gridd logs at warning priority. Each part is covered by its entry of the record.
    public func recordRedLine(
        _ entry: PointsEntry, notice: OccurrencePlan, targets: [String], day: LocalDate, note: String,
        attribution: Attribution, at now: Date, messages: (Alert, Occurrence) -> [OutboxMessage] = { _, _ in [] }
    ) throws -> (entry: PointsEntry, notice: Occurrence, alert: Int64) {
        try writer.write { db in
            guard let stored = try Self.insert(db, entry, at: now) else {
                throw StoreError.pointsRefused("the red-line entry could not be stored")
            }
            try AuditChain.append(db, kind: .points, attribution: attribution, first: stored.id, last: stored.id)
            _ = try Self.materialize(
                db, branch: notice.key.branch, plans: [notice], through: nil, now: now, stamp: nil,
                committedKeys: committedKeys)
            guard let item = try Self.occurrence(db, key: notice.key) else {
                throw StoreError.pointsRefused("the warning notice could not be raised")
            }
            try EventRecord(
                occurrenceID: item.id, at: now.seconds, kind: "raised", actor: attribution.actor, detail: note
            )
            .insert(db)
            let event = db.lastInsertedRowID
            try AuditChain.append(
                db, kind: .raise, attribution: attribution, occurrenceID: item.id, first: event, last: event)
            try db.execute(
                sql: """
                    INSERT INTO alert (occurrence_id, kind, level, day, due_at, raised_at, targets, days_overdue)
                    VALUES (?, ?, 0, ?, ?, ?, ?, 0)
                    """,
                arguments: [
                    item.id, AlertKind.notice.rawValue, day.description, now.seconds, now.seconds,
                    targets.joined(separator: ","),
                ])
            let alert = db.lastInsertedRowID
            for person in targets {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO alert_target (person, alert_id) VALUES (?, ?)",
                    arguments: [person, alert])
            }
            let raised = Alert(
                id: alert, occurrenceID: item.id, kind: .notice, level: 0, day: day,
                dueAt: Date(seconds: now.seconds), raisedAt: Date(seconds: now.seconds), targets: targets,
                businessDaysOverdue: 0, catchUpFrom: nil, catchUpTo: nil, acknowledgedBy: nil, acknowledgedAt: nil)
            try Self.enqueue(db, messages(raised, item), at: now)
            try AuditChain.append(
                db, kind: .alerts, attribution: attribution, first: alert, last: alert, detail: "1 alert(s)")
            return (stored, item, alert)
        }
    }
}

extension GridDatabase {
    /// Every item a score could come from now: closed ones (done, waived) and open ones past
    /// their deadline, for `points rebuild --check`. Read in one pass over the table.
    public func forEachScorableOccurrence(now: Date, _ body: (Occurrence) throws -> Void) throws {
        try writer.read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: OccurrenceQuery.select + """

                     WHERE o.state IN (1, 2) OR (o.state = 0 AND o.deadline < ?)
                     ORDER BY o.id
                    """, arguments: [now.seconds])
            while let row = try cursor.next() { try body(try OccurrenceQuery.occurrence(row)) }
        }
    }
}
