import Foundation
import GRDB
import GridCore

extension GridDatabase {

    /// Brings a branch's occurrences up to `now`: creates every occurrence owed since the
    /// last pass (or since tracking began), refreshes the current ones from the roster, and
    /// closes the open items of people who left. Idempotent: running it twice, or again
    /// after a crash, creates nothing twice. Both the daemon and `gridctl` call it, so a
    /// listing is right even when the daemon is not running.
    ///
    /// With a `stamp` (what the configuration files looked like when they were read), the
    /// names a listing shows are stored beside the rows, and a branch already materialised
    /// through today from the same files is left alone: re-planning it would change nothing.
    @discardableResult
    public func bringUpToDate(
        catalog: Catalog, branch: Branch, now: Date, stamp: ConfigurationStamp? = nil,
        attribution: Attribution? = nil
    ) throws -> MaterializeResult {
        let materializer = Materializer(catalog: catalog, branch: branch)
        let today = branch.calendar.localDate(of: now)
        let progress = try self.progress(branch: branch.id)
        if let stamp, let progress, progress.stamp == stamp.branch, let through = progress.materializedThrough,
            through >= today
        {
            return MaterializeResult()
        }
        guard
            let days = materializer.daysToMaterialize(materializedThrough: progress?.materializedThrough, today: today)
        else {
            if let stamp {
                try writer.write { db in try Self.recordNames(db, catalog: catalog, branch: branch, stamp: stamp) }
            }
            return MaterializeResult()
        }
        guard days.days <= Materializer.maximumSpanDays else {
            throw StoreError.implausibleSpan(
                branch: branch.id, from: days.lowerBound.description, to: days.upperBound.description, days: days.days)
        }
        let plans: [OccurrencePlan]
        var leaversPossible = true
        if let stamp, let progress, progress.stamp == stamp.branch, let through = progress.materializedThrough,
            through < today
        {
            // The files are those of the last pass: what it stored stands, and whoever had
            // left by then had their items closed by it.
            plans = materializer.plans(after: through, through: today)
            leaversPossible = branch.rosterChanges(on: through.adding(days: 1)...today)
        } else {
            plans = materializer.plans(overlapping: days, asOf: today)
        }
        let staying = Set(branch.staff.filter { $0.isActive(on: today) }.map(\.id))
        let otherSubjects = Set([branch.id] + branch.grids.map(\.id) + branch.pairings.map(\.id))
        return try writer.write { db in
            // Names first: they compare the stamp the rows were last written with.
            if let stamp { try Self.recordNames(db, catalog: catalog, branch: branch, stamp: stamp) }
            let result = try Self.materialize(
                db, branch: branch.id, plans: plans, through: today, now: now, stamp: stamp?.branch,
                committedKeys: committedKeys)
            let lastEvent = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM event")) ?? 0
            var closed = 0
            if leaversPossible {
                closed = try Self.closeItemsOfLeavers(
                    db, branch: branch.id, staying: staying, otherSubjects: otherSubjects, at: now)
            }
            try Self.recordReassignment(
                db, branch: branch.id, updated: result.updated, closed: closed, eventsAfter: lastEvent,
                attribution: attribution ?? AuditChain.daemon(at: now))
            return result
        }
    }

    /// How far a branch has been materialised, and from which configuration files.
    public struct BranchProgress: Sendable, Equatable {
        public let materializedThrough: LocalDate?
        public let stamp: String?
        public let timeZone: String?
        /// The branch's file, relative to the configuration directory.
        public let file: String?
    }

    public func progress(branch: String) throws -> BranchProgress? {
        try writer.read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT materialized_through, stamp, time_zone, file FROM branch WHERE key = ?"),
                arguments: [branch]
            ).map { row in
                BranchProgress(
                    materializedThrough: (row[0] as Int?).map(LocalDate.init(dayNumber:)),
                    stamp: row[1], timeZone: row[2], file: row[3])
            }
        }
    }

    /// The stamp of the shared files (roles, policy, catalog, calendars) the duty names were
    /// last stored from.
    public func sharedStamp() throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM config_stamp WHERE key = 'shared'")
        }
    }

    /// The branches whose roster names a person, as stored by the last pass over each.
    public func branches(withPerson person: String) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT b.key FROM party p JOIN branch b ON b.id = p.branch
                    WHERE p.key = ? AND p.rank IS NOT NULL ORDER BY b.file, b.key
                    """, arguments: [person])
        }
    }

    /// The time zone of the first branch in file order: the one `--now` is read in for
    /// the whole bank.
    public func firstBranchTimeZone() throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT time_zone FROM branch ORDER BY file, key LIMIT 1")
        }
    }

    /// Every branch's progress, in file order: what `report` checks before answering for the
    /// whole bank from the database alone.
    public func allProgress() throws -> [(branch: String, name: String?, progress: BranchProgress)] {
        try writer.read { db in
            // Read raw: a bank-wide report reads one row per branch.
            var all: [(branch: String, name: String?, progress: BranchProgress)] = []
            try RawRow.forEach(
                db.cachedStatement(
                    sql: "SELECT key, name, materialized_through, stamp, time_zone, file FROM branch ORDER BY file, key"
                ),
                db
            ) { row in
                all.append(
                    (
                        row.text(0) ?? "", row.text(1),
                        BranchProgress(
                            materializedThrough: row.int(2).map { LocalDate(dayNumber: Int($0)) },
                            stamp: row.text(3), timeZone: row.text(4), file: row.text(5))
                    ))
            }
            return all
        }
    }

    /// A person's place on a branch's stored roster: whether they may act on a day without
    /// the configuration being read.
    public func isOnRoster(_ person: String, branch: String, on day: LocalDate) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT 1 FROM party p JOIN branch b ON b.id = p.branch
                    WHERE b.key = ? AND p.key = ? AND p.rank IS NOT NULL
                      AND coalesce(p.joined <= ?3, 1) AND coalesce(p.left_on > ?3, 1)
                    """, arguments: [branch, person, day.dayNumber]) ?? false
        }
    }

    /// The person a login is mapped to on a branch's stored roster, if they are on it that
    /// day: who is acting, without the configuration being read.
    public func person(login: String, branch: String, on day: LocalDate) throws -> String? {
        try writer.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT p.key FROM party p JOIN branch b ON b.id = p.branch
                    WHERE p.login = ?1 AND b.key = ?2 AND p.rank IS NOT NULL
                      AND coalesce(p.joined <= ?3, 1) AND coalesce(p.left_on > ?3, 1)
                    """, arguments: [login, branch, day.dayNumber])
        }
    }

    /// Whether some stored duty belongs to this line and is owned by this role (nil: any).
    public func hasDuties(line: String?, ownerRole: String?) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM duty WHERE coalesce(line = ?1, 1) AND coalesce(owner_role = ?2, 1) LIMIT 1",
                arguments: [line, ownerRole]) ?? false
        }
    }

    /// The name a branch's stored roster gives a person, nil if none.
    public func personName(_ person: String, branch: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT p.name FROM party p JOIN branch b ON b.id = p.branch WHERE b.key = ? AND p.key = ?",
                arguments: [branch, person])
        }
    }

    /// Stores the names and orders a listing shows: the catalog's duties when the shared
    /// files changed, the branch's roster, grids and pairings when its file did.
    static func recordNames(_ db: Database, catalog: Catalog, branch: Branch, stamp: ConfigurationStamp) throws {
        let storedShared = try String.fetchOne(
            db.cachedStatement(sql: "SELECT value FROM config_stamp WHERE key = 'shared'"))
        if storedShared != stamp.shared {
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO duty (key, title, line, cadence, scope, owner_role, position, confirm_roles, ledger_role)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET title = excluded.title, line = excluded.line,
                        cadence = excluded.cadence, scope = excluded.scope, owner_role = excluded.owner_role,
                        position = excluded.position, confirm_roles = excluded.confirm_roles,
                        ledger_role = excluded.ledger_role
                    """)
            for (position, duty) in catalog.duties.enumerated() {
                try upsert.execute(arguments: [
                    duty.id, duty.title, duty.line, duty.cadence.rawValue, duty.scope.rawValue, duty.owner.description,
                    position, duty.confirmation.map { $0.roles.joined(separator: ",") },
                    LedgerRole(of: duty.id, policy: catalog.ledger)?.rawValue,
                ])
            }
            try db.execute(
                sql: """
                    INSERT INTO config_stamp (key, value) VALUES ('shared', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, arguments: [stamp.shared])
        }
        let branchID = try KeyDictionary.branchID(db, key: branch.id)
        let storedBranch = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT stamp, name FROM branch WHERE id = ?"), arguments: [branchID])
        let named = (storedBranch?[1] as String?) != nil
        guard !named || (storedBranch?[0] as String?) != stamp.branch || storedShared != stamp.shared else {
            return
        }
        try db.execute(
            sql: "UPDATE branch SET name = ?, time_zone = ?, file = ?, stamp = ?, calendar = ? WHERE id = ?",
            arguments: [
                branch.name, branch.calendar.timeZone.identifier, stamp.file, stamp.branch,
                try StoredJSON.encode(CalendarDescription(branch.calendar)), branchID,
            ])
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO party (branch, key, name, rank, joined, left_on, login) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (branch, key) DO UPDATE SET
                    name = excluded.name, rank = excluded.rank, joined = excluded.joined, left_on = excluded.left_on,
                    login = excluded.login
                """)
        // People off the roster keep their name but lose their rank.
        try db.execute(sql: "UPDATE party SET rank = NULL WHERE branch = ?", arguments: [branchID])
        for (rank, person) in branch.staff.enumerated() {
            try upsert.execute(arguments: [
                branchID, person.id, person.name, rank, person.joined?.dayNumber, person.left?.dayNumber,
                person.unixUser,
            ])
        }
        for subject in [branch.id] + branch.grids.map(\.id) + branch.pairings.map(\.id) {
            try upsert.execute(arguments: [branchID, subject, branch.subjectName(subject), nil, nil, nil, nil])
        }
    }
}

extension GridDatabase {

    public struct MaterializeResult: Sendable, Equatable {
        public var inserted = 0
        /// Open, not yet due items whose owner, deadline or quota the configuration changed.
        public var updated = 0

        public init(inserted: Int = 0, updated: Int = 0) {
            self.inserted = inserted
            self.updated = updated
        }
    }

    /// Inserts the planned occurrences that do not exist yet, updates the derived fields of
    /// open ones still ahead of their deadline (a new role holder, an edited deadline rule),
    /// and records how far the branch has been materialised — all in one transaction, so a
    /// crash leaves either the whole pass or none of it.
    @discardableResult
    public func materialize(
        branch: String, plans: [OccurrencePlan], through day: LocalDate, now: Date, stamp: String? = nil
    ) throws -> MaterializeResult {
        try writer.write { db in
            try Self.materialize(
                db, branch: branch, plans: plans, through: day, now: now, stamp: stamp, committedKeys: committedKeys)
        }
    }

    static func materialize(
        _ db: Database, branch: String, plans: [OccurrencePlan], through day: LocalDate?, now: Date, stamp: String?,
        committedKeys: CommittedKeys? = nil
    ) throws -> MaterializeResult {
        var result = MaterializeResult()
        var keys = try KeyDictionary(db, branch: branch, committed: committedKeys)
        let nowSeconds = now.seconds
        // SQLite gives a new row the id after the largest one, so the rows this call inserts
        // are exactly those above the largest id before it; updated rows keep theirs.
        let lastIDBefore =
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM occurrence")) ?? 0
        // Many rows to a statement: each execution opens, positions and closes a cursor on
        // the table and each of its five indexes, which costs more than one row's insert.
        let batch = RawStatement(try db.cachedStatement(sql: OccurrenceUpsert.batchSQL))
        let single = RawStatement(try db.cachedStatement(sql: OccurrenceUpsert.singleSQL))
        var changed = 0
        var next = plans.startIndex
        while next < plans.endIndex {
            let count = min(plans.endIndex - next, OccurrenceUpsert.batch)
            let statement = count == OccurrenceUpsert.batch ? batch : single
            let rows = count == OccurrenceUpsert.batch ? count : 1
            statement.reset()
            statement.bind(nowSeconds, at: 1)
            for (row, plan) in plans[next..<(next + rows)].enumerated() {
                let duty = try keys.duty(
                    plan.key.duty, line: plan.line, cadence: plan.cadence.rawValue, scope: plan.scope.rawValue,
                    ownerRole: plan.ownerRole)
                func bind(_ value: Int64?, _ parameter: OccurrenceUpsert.Parameter) {
                    statement.bind(value, at: OccurrenceUpsert.index(parameter, row: row))
                }
                bind(keys.branch, .branch)
                bind(duty, .duty)
                bind(try keys.party(plan.key.subject), .subject)
                bind(try keys.period(plan.key.period), .period)
                bind(try plan.owner.map { try keys.party($0) }, .owner)
                bind(plan.periodStart.seconds, .periodStart)
                bind(plan.remindAt.seconds, .remindAt)
                bind(plan.deadline.seconds, .deadline)
                bind(Int64(plan.quota), .quota)
            }
            try statement.execute(db)
            changed += db.changesCount
            next += rows
        }
        batch.reset()
        single.reset()
        var latestStart: Int64?
        if changed > 0,
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT count(*), max(period_start) FROM occurrence WHERE id > ?"),
                arguments: [lastIDBefore])
        {
            result.inserted = row[0]
            latestStart = row[1]
            result.updated = changed - result.inserted
        }
        if result.inserted > 0 {
            // Every new row is open. (Closing and reopening are counted by the schema's triggers.)
            try db.cachedStatement(
                sql: """
                    UPDATE branch SET open_count = open_count + ?1,
                        latest_period_start = max(coalesce(latest_period_start, ?2), ?2)
                    WHERE id = ?3
                    """
            ).execute(arguments: [result.inserted, latestStart, keys.branch])
        }
        guard let day else { return result }
        try db.cachedStatement(
            sql: """
                UPDATE branch SET materialized_through = max(coalesce(materialized_through, ?1), ?1),
                    last_pass_at = ?2, stamp = coalesce(?3, stamp)
                WHERE id = ?4
                """
        ).execute(arguments: [day.dayNumber, nowSeconds, stamp, keys.branch])
        return result
    }

    /// The last day materialised for a branch, nil before its first pass.
    public func materializedThrough(branch: String) throws -> LocalDate? {
        try writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT materialized_through FROM branch WHERE key = ?", arguments: [branch]
            ).map(LocalDate.init(dayNumber:))
        }
    }

    /// Closes, as "left", the open per-person items of people no longer on the roster.
    /// They are kept, not deleted: the record of what was owed stays.
    @discardableResult
    public func closeItemsOfLeavers(
        branch: String, staying: Set<String>, at now: Date, attribution: Attribution? = nil
    ) throws -> Int {
        try writer.write { db in
            let lastEvent = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM event")) ?? 0
            let closed = try Self.closeItemsOfLeavers(db, branch: branch, staying: staying, at: now)
            try Self.recordReassignment(
                db, branch: branch, updated: 0, closed: closed, eventsAfter: lastEvent,
                attribution: attribution ?? AuditChain.daemon(at: now))
            return closed
        }
    }

    /// The entry of a roster change: open items given to other owners (or with new times)
    /// and items closed because their person left, whose events it covers. Nothing when the
    /// pass changed no existing item.
    static func recordReassignment(
        _ db: Database, branch: String, updated: Int, closed: Int, eventsAfter lastEvent: Int64,
        attribution: Attribution
    ) throws {
        guard updated > 0 || closed > 0 else { return }
        let last = closed > 0 ? try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM event")) : nil
        try AuditChain.append(
            db, kind: .roster, attribution: attribution, first: last.map { _ in lastEvent + 1 }, last: last,
            detail: "branch \(branch): \(updated) open item(s) updated, \(closed) closed as left")
    }

    /// `otherSubjects` (the branch, its grids and pairings) lets it skip the scan of the
    /// branch's open items when every subject the branch has ever had is still there, as on
    /// most passes: on a reload of a whole bank that scan would otherwise run for every branch.
    static func closeItemsOfLeavers(
        _ db: Database, branch: String, staying: Set<String>, otherSubjects: Set<String>? = nil, at now: Date
    ) throws -> Int {
        if let otherSubjects {
            let subjects = try String.fetchAll(
                db.cachedStatement(
                    sql: "SELECT p.key FROM party p JOIN branch b ON b.id = p.branch WHERE b.key = ?"),
                arguments: [branch])
            guard subjects.contains(where: { !staying.contains($0) && !otherSubjects.contains($0) }) else { return 0 }
        }
        let perPerson = Scope.allCases.filter(\.isPerPerson).map(\.rawValue)
        // Cached: every pass asks it of every branch.
        let select = try db.cachedStatement(
            sql: """
                SELECT o.id, s.key FROM occurrence o
                JOIN branch b ON b.id = o.branch JOIN duty d ON d.id = o.duty JOIN party s ON s.id = o.subject
                WHERE b.key = ? AND o.state = 0
                  AND d.scope IN (\(perPerson.map { _ in "?" }.joined(separator: ",")))
                """)
        let rows = try Row.fetchAll(select, arguments: StatementArguments([branch] + perPerson))
        var closed = 0
        for row in rows {
            let subject: String = row[1]
            guard !staying.contains(subject) else { continue }
            let id: Int64 = row[0]
            try db.execute(
                sql: "UPDATE occurrence SET state = ?, closed_at = ?, next_alert_at = NULL WHERE id = ?",
                arguments: [OccurrenceQuery.code(.left), now.seconds, id])
            try EventRecord(
                occurrenceID: id, at: now.seconds, kind: "left", actor: nil,
                detail: "\(subject) is no longer on the roster"
            ).insert(db)
            closed += 1
        }
        return closed
    }
}
