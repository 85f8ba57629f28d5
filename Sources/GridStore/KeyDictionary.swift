import GRDB

/// The numbers a write transaction gives to the keys of one branch's rows: the branch, its
/// people and other subjects, duties and periods. A number is given once and never reused,
/// so rows stay small integers while every reader still sees the configuration's keys.
///
/// Lives for one transaction only: a number given in a transaction that rolls back must not
/// be remembered. Duties' and periods' numbers outlive it through `CommittedKeys`, once
/// the transaction has committed.
struct KeyDictionary {
    let db: Database
    let branch: Int64
    private var duties: [String: Int64] = [:]
    private var periods: [String: Int64] = [:]
    private var parties: [String: Int64] = [:]
    private let committed: CommittedKeys?
    private let learned = CommittedKeys.Learned()

    init(_ db: Database, branch key: String, committed: CommittedKeys? = nil) throws {
        self.db = db
        self.committed = committed
        branch = try KeyDictionary.branchID(db, key: key)
        committed?.learn(after: db, learned)
    }

    /// The branch's number, given now if it has none.
    static func branchID(_ db: Database, key: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM branch WHERE key = ?"), arguments: [key])
        {
            return id
        }
        try db.execute(sql: "INSERT INTO branch (key) VALUES (?)", arguments: [key])
        return db.lastInsertedRowID
    }

    /// A duty's number. The line, cadence, scope and owner rule are the duty's, stored once
    /// in its dictionary row instead of in each of its occurrences.
    mutating func duty(_ key: String, line: String, cadence: String, scope: String, ownerRole: String) throws -> Int64 {
        if let id = duties[key] { return id }
        if let id = committed?.number(.duty, key) {
            duties[key] = id
            return id
        }
        let id: Int64
        if let found = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM duty WHERE key = ?"), arguments: [key])
        {
            id = found
        } else {
            try db.cachedStatement(
                sql: "INSERT INTO duty (key, line, cadence, scope, owner_role) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [key, line, cadence, scope, ownerRole])
            id = db.lastInsertedRowID
        }
        duties[key] = id
        learned.note(.duty, key, id)
        return id
    }

    /// A duty's number, if it has one.
    mutating func existingDuty(_ key: String) throws -> Int64? {
        if let id = duties[key] ?? committed?.number(.duty, key) { return id }
        let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM duty WHERE key = ?"), arguments: [key])
        if let id { duties[key] = id }
        return id
    }

    mutating func period(_ key: String) throws -> Int64 {
        if let id = periods[key] { return id }
        if let id = committed?.number(.period, key) {
            periods[key] = id
            return id
        }
        let id: Int64
        if let found = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM period WHERE key = ?"), arguments: [key])
        {
            id = found
        } else {
            try db.cachedStatement(sql: "INSERT INTO period (key) VALUES (?)").execute(arguments: [key])
            id = db.lastInsertedRowID
        }
        periods[key] = id
        learned.note(.period, key, id)
        return id
    }

    /// The number of a person, grid, pairing or the branch itself, within this branch.
    mutating func party(_ key: String) throws -> Int64 {
        if let id = parties[key] { return id }
        let id: Int64
        if let found = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM party WHERE branch = ? AND key = ?"), arguments: [branch, key])
        {
            id = found
        } else {
            try db.cachedStatement(sql: "INSERT INTO party (branch, key) VALUES (?, ?)").execute(arguments: [
                branch, key,
            ])
            id = db.lastInsertedRowID
        }
        parties[key] = id
        return id
    }
}
