import Foundation
import GRDB
import GridCore

extension GridDatabase {
    /// Open occurrences of a branch whose next alert time has come, with the due time of
    /// the latest alert already raised for each.
    public func occurrencesNeedingAlerts(branch: String, now: Date, limit: Int = 10_000) throws
        -> [(occurrence: Occurrence, lastAlertDueAt: Date?)]
    {
        try writer.read { db in
            // Cached: the daemon asks this of every branch with something due, each pass.
            // The latest alert of each in the same statement: a query per item cost more
            // than the item's own read, at 340,000 items on a bank's morning.
            let select = try db.cachedStatement(
                sql: """
                    SELECT \(OccurrenceQuery.columns),
                        (SELECT max(a.due_at) FROM alert a WHERE a.occurrence_id = o.id)
                    \(OccurrenceQuery.joins)
                    WHERE o.state = 0 AND o.next_alert_at <= ? AND o.branch = (SELECT id FROM branch WHERE key = ?)
                    ORDER BY o.next_alert_at LIMIT ?
                    """)
            return try Row.fetchAll(select, arguments: [now.seconds, branch, limit]).map { row in
                (
                    try OccurrenceQuery.occurrence(row),
                    (row[row.count - 1] as Int64?).map(Date.init(seconds:))
                )
            }
        }
    }

    /// The branches with an open occurrence whose next alert time has come: one seek per
    /// branch in the index of next alerts.
    public func branchesNeedingAlerts(now: Date) throws -> Set<String> {
        try writer.read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT b.key FROM branch b WHERE EXISTS (
                            SELECT 1 FROM occurrence o WHERE o.state = 0 AND o.branch = b.id AND o.next_alert_at <= ?)
                        """, arguments: [now.seconds]))
        }
    }

    /// Writes the alerts decided in one pass and every occurrence's next look, in one
    /// transaction. An alert already present (same occurrence, kind, level and day) is
    /// left as it is: raising is idempotent. Returns the alerts newly written. The alerts of
    /// the transaction are one entry of the record, however many they are. `messages` gives
    /// what each new alert is to say to receivers: written to the outbox in the same
    /// transaction, so that a message exists exactly when its alert does.
    @discardableResult
    public func recordAlerts(
        _ decisions: [AlertDecision], raisedAt now: Date, catchUp: (from: Date, to: Date)?,
        attribution: Attribution? = nil, messages: (Alert) -> [OutboxMessage] = { _ in [] }
    ) throws -> [Alert] {
        let attribution = attribution ?? AuditChain.daemon(at: now)
        return try writer.write { db in
            var raised: [Alert] = []
            let update = try db.cachedStatement(
                sql: "UPDATE occurrence SET next_alert_at = ? WHERE id = ? AND state = 0")
            // A plain prepared insert: the record's generic persistence costs several times
            // SQLite's own work, at hundreds of thousands of alerts on a bank's busy morning.
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO alert (occurrence_id, kind, level, day, due_at, raised_at, targets,
                        days_overdue, catch_up_from, catch_up_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let target = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO alert_target (person, alert_id) VALUES (?, ?)")
            for decision in decisions {
                if let instance = decision.instance {
                    let record = AlertRecord(
                        id: nil, occurrenceID: decision.occurrenceID, kind: instance.kind.rawValue,
                        level: instance.level, day: instance.day.description, dueAt: instance.dueAt.seconds,
                        raisedAt: now.seconds, targets: decision.targets.joined(separator: ","),
                        daysOverdue: decision.businessDaysOverdue, catchUpFrom: catchUp?.from.seconds,
                        catchUpTo: catchUp?.to.seconds, loggedAt: nil, ackedBy: nil, ackedAt: nil)
                    try insert.execute(arguments: [
                        record.occurrenceID, record.kind, record.level, record.day, record.dueAt, record.raisedAt,
                        record.targets, record.daysOverdue, record.catchUpFrom, record.catchUpTo,
                    ])
                    if db.changesCount > 0 {
                        let id = db.lastInsertedRowID
                        for person in decision.targets { try target.execute(arguments: [person, id]) }
                        // As it reads back: instants in whole seconds.
                        raised.append(
                            Alert(
                                id: id, occurrenceID: decision.occurrenceID, kind: instance.kind,
                                level: instance.level, day: instance.day, dueAt: Date(seconds: record.dueAt),
                                raisedAt: Date(seconds: record.raisedAt), targets: decision.targets,
                                businessDaysOverdue: decision.businessDaysOverdue,
                                catchUpFrom: record.catchUpFrom.map(Date.init(seconds:)),
                                catchUpTo: record.catchUpTo.map(Date.init(seconds:)), acknowledgedBy: nil,
                                acknowledgedAt: nil))
                    }
                }
                try update.execute(arguments: [decision.nextAlertAt?.seconds, decision.occurrenceID])
            }
            for alert in raised { try Self.enqueue(db, messages(alert), at: now) }
            if let first = raised.first, let last = raised.last {
                try AuditChain.append(
                    db, kind: .alerts, attribution: attribution, first: first.id, last: last.id,
                    detail: "\(raised.count) alert(s)")
            }
            return raised
        }
    }

    /// Alerts written but not yet logged, oldest first, at most `limit` of them: after a
    /// crash between the two, they are logged on the next pass. Callers take them in
    /// batches, so a backlog of hundreds of thousands never sits in memory at once.
    public func unloggedAlerts(limit: Int = 1_000_000) throws -> [Alert] {
        try writer.read { db in
            try AlertRecord.filter(AlertRecord.Columns.loggedAt == nil).order(AlertRecord.Columns.id).limit(limit)
                .fetchAll(db).map { try $0.alert() }
        }
    }

    /// Marks alerts as logged, in chunks that stay far below SQLite's limit on bound
    /// variables however many there are.
    public func markLogged(_ ids: [Int64], at now: Date) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                _ = try AlertRecord.filter(chunk.contains(AlertRecord.Columns.id)).updateAll(
                    db, AlertRecord.Columns.loggedAt.set(to: now.seconds))
            }
        }
    }

    /// The earliest instant at which any open occurrence needs the daemon: the first entry
    /// of each branch in the index of next alerts.
    public func nextAlertAt() throws -> Date? {
        try writer.read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT min((
                        SELECT o.next_alert_at FROM occurrence o
                        WHERE o.state = 0 AND o.branch = b.id AND o.next_alert_at IS NOT NULL
                        ORDER BY o.next_alert_at LIMIT 1))
                    FROM branch b
                    """
            ).map(Date.init(seconds:))
        }
    }

    // MARK: - Acknowledgement and listing

    /// Acknowledges alerts; returns those that were not acknowledged before.
    ///
    /// An acknowledgement fills the alert's two empty acknowledgement columns, once (the
    /// schema refuses a second write), and the act is one entry of the record naming the
    /// alerts it covers: a row per acknowledgement elsewhere would cost more and say no more.
    public func acknowledge(
        _ ids: [Int64], by person: String, at now: Date, attribution: Attribution? = nil
    ) throws -> [Alert] {
        let attribution = attribution ?? Attribution(login: AuditChain.currentLogin, actor: person, enteredAt: now)
        return try writer.write { db in
            let records = try AlertRecord.filter(
                ids.contains(AlertRecord.Columns.id) && AlertRecord.Columns.ackedAt == nil
            )
            .order(AlertRecord.Columns.id)
            .fetchAll(db)
            let acknowledged = try records.map { record in
                var record = record
                record.ackedBy = person
                record.ackedAt = now.seconds
                try db.execute(
                    sql: "UPDATE alert SET acked_by = ?, acked_at = ? WHERE id = ?",
                    arguments: [person, now.seconds, record.id])
                return try record.alert()
            }
            if !acknowledged.isEmpty {
                try AuditChain.append(
                    db, kind: .acknowledgement, attribution: attribution,
                    detail: acknowledged.map { String($0.id) }.joined(separator: ","))
            }
            return acknowledged
        }
    }

    /// Alerts, newest first, optionally only those naming a person or about one occurrence.
    public func alerts(
        targeting person: String? = nil, occurrence: Int64? = nil, unacknowledgedOnly: Bool, limit: Int = 500
    ) throws -> [Alert] {
        try writer.read { db in
            var request = AlertRecord.all()
            if let occurrence { request = request.filter(AlertRecord.Columns.occurrenceID == occurrence) }
            if unacknowledgedOnly { request = request.filter(AlertRecord.Columns.ackedAt == nil) }
            if let person {
                // A seek in alert_target, not a scan of every alert's targets.
                request = request.filter(
                    sql: "id IN (SELECT alert_id FROM alert_target WHERE person = ?)", arguments: [person])
            }
            return try request.order(AlertRecord.Columns.id.desc).limit(limit).fetchAll(db).map { try $0.alert() }
        }
    }

    public func alert(id: Int64) throws -> Alert? {
        try writer.read { db in try AlertRecord.fetchOne(db, key: id)?.alert() }
    }

    // MARK: - Daemon state

    /// The wall-clock instant of the daemon's last completed pass, to detect downtime.
    public func lastPassAt() throws -> Date? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM daemon_state WHERE key = 'last_pass_at'")
                .map(Date.init(seconds:))
        }
    }

    public func setLastPassAt(_ instant: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO daemon_state (key, value) VALUES ('last_pass_at', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, arguments: [instant.seconds])
        }
    }
}
