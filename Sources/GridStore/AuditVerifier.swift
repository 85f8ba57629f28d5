import Foundation
import GRDB
import GridCore

/// Recomputes the record's chain in one read, walking `audit` and the tables its entries
/// cover side by side in id order, so memory stays flat however large the record; stops at
/// the first broken link and says what it is (see `GridDatabase.verifyAudit`).
struct AuditVerifier {
    let db: Database
    let expect: [Int64: Data]
    let trusted: (seq: Int64, hash: Data)?

    /// An ordered walk of one table, with a look at the next row.
    struct Walk {
        let cursor: RawCursor
        let table: String
        var current = false
        var done = false

        init(_ cursor: RawCursor, table: String) {
            self.cursor = cursor
            self.table = table
        }

        /// The id of the next row not yet taken, nil at the end.
        mutating func peek() throws -> Int64? {
            if !current, !done {
                if try cursor.step() { current = true } else { done = true }
            }
            return current ? cursor.int(0) : nil
        }

        /// The next row, as it is hashed.
        var row: AuditContent.Covered {
            AuditContent.Covered(
                table: table, id: String(cursor.int(0)), values: (1..<cursor.columnCount).map(cursor.value))
        }

        mutating func take() { current = false }
    }

    struct Broken: Error {
        let problem: AuditProblem
    }

    func run() throws -> AuditVerification {
        var entries: Int64 = 0
        var head: AuditEntry?
        do {
            try walk(&entries, &head)
            return AuditVerification(entries: entries, head: head, problem: nil)
        } catch let broken as Broken {
            return AuditVerification(entries: entries, head: head, problem: broken.problem)
        }
    }

    /// Where a walk starts: the first entry to check, the hash it chains from, and the first
    /// row of each covered table it must account for.
    private struct Start {
        var audit: RowCursor
        var first: AuditEntry?
        var previous: Data
        var entries: Int64
        var events: Int64
        var alerts: Int64
        var delegations: Int64
        var ledgerEvents: Int64
        var snapshots: Int64
        var pointsEntries: Int64
        var pointsActs: Int64
        var digests: Int64
        /// What predates the record, for the whole-table counts; nil when they are not made.
        var baseline: AuditBaseline?
    }

    /// The whole record, from entry 1, which counts the rows that predate it.
    private func startAtTheBeginning() throws -> Start {
        let audit = try Row.fetchCursor(db, sql: "SELECT \(AuditChain.columns) FROM audit ORDER BY seq")
        guard let firstRow = try audit.next() else {
            throw Broken(
                problem: AuditProblem(seq: nil, message: "the record has no entry: its first one is missing", rows: []))
        }
        let first = AuditChain.entry(firstRow)
        guard first.seq == 1, let baseline = AuditBaseline(detail: first.detail) else {
            throw Broken(
                problem: AuditProblem(
                    seq: first.seq, message: "entry 1, where the chain begins, is missing or changed",
                    rows: [Self.describe(first)]))
        }
        return Start(
            audit: audit, first: first, previous: AuditChain.genesis, entries: 0, events: baseline.events,
            alerts: baseline.alerts, delegations: 0, ledgerEvents: 0, snapshots: 0, pointsEntries: 0, pointsActs: 0,
            digests: 0, baseline: baseline)
    }

    /// After an entry trusted by an earlier check: its stored hash must be the trusted one,
    /// and each covered table is walked from the row after the last one an entry up to it
    /// covers (found looking back from it, a few entries at most in a working bank).
    private func start(after trusted: (seq: Int64, hash: Data)) throws -> Start {
        let stored = try Row.fetchOne(
            db, sql: "SELECT \(AuditChain.columns) FROM audit WHERE seq = ?", arguments: [trusted.seq]
        ).map(AuditChain.entry)
        guard let stored, stored.hash == trusted.hash else {
            throw Broken(
                problem: AuditProblem(
                    seq: trusted.seq,
                    message: stored == nil
                        ? "no entry \(trusted.seq), the one trusted: the record was cut back"
                        : "entry \(trusted.seq) has hash \(stored!.hash.hex), not the trusted \(trusted.hash.hex): the chain up to it was rewritten",
                    rows: stored.map { [Self.describe($0)] } ?? []))
        }
        func lastCovered(_ kinds: [AuditEntry.Kind]) throws -> Int64? {
            let names = kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            return try Int64.fetchOne(
                db,
                sql: """
                    SELECT last FROM audit WHERE seq <= ? AND kind IN (\(names)) AND last IS NOT NULL
                    ORDER BY seq DESC LIMIT 1
                    """, arguments: [trusted.seq])
        }
        let baseline = try Row.fetchOne(db, sql: "SELECT detail FROM audit WHERE seq = 1").flatMap {
            AuditBaseline(detail: $0[0])
        }
        let audit = try Row.fetchCursor(
            db, sql: "SELECT \(AuditChain.columns) FROM audit WHERE seq > ? ORDER BY seq", arguments: [trusted.seq])
        return Start(
            audit: audit, first: try audit.next().map(AuditChain.entry), previous: trusted.hash, entries: trusted.seq,
            events: try lastCovered([.waiver, .raise, .roster, .confirmation]) ?? baseline?.events ?? 0,
            alerts: try lastCovered([.alerts]) ?? baseline?.alerts ?? 0,
            delegations: try lastCovered([.delegation]) ?? 0, ledgerEvents: try lastCovered([.ledger]) ?? 0,
            snapshots: try lastCovered([.snapshot]) ?? 0, pointsEntries: try lastCovered([.points]) ?? 0,
            pointsActs: try lastCovered([.pointsAct]) ?? 0, digests: try lastCovered([.digests]) ?? 0, baseline: nil)
    }

    private func walk(_ entries: inout Int64, _ head: inout AuditEntry?) throws {
        let start = try trusted.map(start(after:)) ?? startAtTheBeginning()
        let audit = start.audit
        entries = start.entries
        var events = Walk(
            try RawCursor(db, sql: AuditContent.eventSQL + " WHERE id > ? ORDER BY id", arguments: [start.events]),
            table: "event")
        var alerts = Walk(
            try RawCursor(db, sql: AuditContent.alertSQL + " WHERE id > ? ORDER BY id", arguments: [start.alerts]),
            table: "alert")
        var delegations = Walk(
            try RawCursor(
                db, sql: AuditContent.delegationSQL + " WHERE id > ? ORDER BY id", arguments: [start.delegations]),
            table: "delegation")
        var ledgerEvents = Walk(
            try RawCursor(
                db, sql: AuditContent.ledgerEventSQL + " WHERE id > ? ORDER BY id", arguments: [start.ledgerEvents]),
            table: "ledger_event")
        var snapshots = Walk(
            try RawCursor(
                db, sql: AuditContent.ledgerSnapshotSQL + " WHERE id > ? ORDER BY id", arguments: [start.snapshots]),
            table: "ledger_snapshot")
        var pointsEntries = Walk(
            try RawCursor(
                db, sql: AuditContent.pointsEntrySQL + " WHERE id > ? ORDER BY id", arguments: [start.pointsEntries]),
            table: "points_entry")
        var pointsActs = Walk(
            try RawCursor(
                db, sql: AuditContent.pointsActSQL + " WHERE id > ? ORDER BY id", arguments: [start.pointsActs]),
            table: "points_act")
        var digests = Walk(
            try RawCursor(db, sql: AuditContent.digestSQL + " WHERE id > ? ORDER BY id", arguments: [start.digests]),
            table: "digest")
        var storedCompletions: Int64 = 0
        var acknowledgements: Int64 = 0
        var targets: Int64 = 0
        var previous = start.previous
        var next: AuditEntry? = start.first
        while let entry = next {
            if entry.seq != entries + 1 {
                throw Broken(
                    problem: AuditProblem(
                        seq: entries + 1,
                        message: entry.seq > entries + 1
                            ? "entry \(entries + 1)\(entry.seq > entries + 2 ? " to \(entry.seq - 1)" : "") deleted: entry \(entry.seq) follows entry \(entries)"
                            : "entry \(entry.seq) out of order",
                        rows: [Self.describe(entry)]))
            }
            var hasher = Canonical(previous: previous, entry: entry)
            switch AuditEntry.Kind(rawValue: entry.kind) {
            case .completion:
                if let occurrence = entry.occurrenceID, let seq = entry.first {
                    guard let found = try AuditContent.completion(db, occurrence: occurrence, seq: seq) else {
                        throw Broken(
                            problem: AuditProblem(
                                seq: entry.seq,
                                message:
                                    "completion \(seq) of occurrence \(occurrence), covered by entry \(entry.seq), is deleted",
                                rows: [Self.describe(entry)]))
                    }
                    if found.stored { storedCompletions += 1 }
                    hasher.add(found.row)
                }
            case .waiver, .raise, .roster, .confirmation:
                if let low = entry.first, let high = entry.last {
                    try take(&events, from: low, through: high, entry: entry) { hasher.add($0) }
                }
            case .alerts:
                if let low = entry.first, let high = entry.last {
                    try take(&alerts, from: low, through: high, entry: entry) { row in
                        hasher.add(row)
                        if let people = row.values[6].text, !people.isEmpty {
                            targets += Int64(people.utf8.count { $0 == UInt8(ascii: ",") } + 1)
                        }
                    }
                }
            case .delegation:
                if let low = entry.first, let high = entry.last {
                    try take(&delegations, from: low, through: high, entry: entry) { hasher.add($0) }
                }
            case .ledger:
                if let low = entry.first, let high = entry.last {
                    try take(&ledgerEvents, from: low, through: high, entry: entry) { hasher.add($0) }
                }
            case .snapshot:
                if let low = entry.first, let high = entry.last {
                    try take(&snapshots, from: low, through: high, entry: entry) { hasher.add($0) }
                }
            case .points:
                if let low = entry.first, let high = entry.last {
                    try take(&pointsEntries, from: low, through: high, entry: entry) { hasher.add($0) }
                }
            case .pointsAct:
                if let low = entry.first, let high = entry.last {
                    try take(&pointsActs, from: low, through: high, entry: entry) { hasher.add($0) }
                }
            case .digests:
                if let low = entry.first, let high = entry.last {
                    try take(&digests, from: low, through: high, entry: entry) { hasher.add($0) }
                }
            case .acknowledgement:
                let covered = try AuditContent.acknowledgements(db, ids: AuditContent.ids(entry.detail))
                for row in covered where row.values[1] == .null {
                    throw Broken(
                        problem: AuditProblem(
                            seq: entry.seq,
                            message: "the acknowledgement of alert \(row.id), covered by entry \(entry.seq), is erased",
                            rows: [Self.describe(entry)]))
                }
                for row in covered { hasher.add(row) }
                acknowledgements += Int64(covered.count)
            case .configuration, .schema:
                break
            case nil:
                throw Broken(
                    problem: AuditProblem(
                        seq: entry.seq, message: "entry \(entry.seq) is of no kind GridDuty writes",
                        rows: [Self.describe(entry)]))
            }
            guard hasher.finish() == entry.hash else {
                let covered = try AuditContent.covered(db, entry: entry)
                throw Broken(
                    problem: AuditProblem(
                        seq: entry.seq,
                        message:
                            "entry \(entry.seq) does not match its hash: it, or a row it covers, was changed, or it was inserted or moved",
                        rows: [Self.describe(entry)] + covered.prefix(20).map(Self.describe)))
            }
            if let expected = expect[entry.seq], expected != entry.hash {
                throw Broken(
                    problem: AuditProblem(
                        seq: entry.seq,
                        message:
                            "entry \(entry.seq) has hash \(entry.hash.hex), not the expected \(expected.hex): the chain up to it was rewritten",
                        rows: [Self.describe(entry)]))
            }
            previous = entry.hash
            entries += 1
            head = entry
            next = try audit.next().map(AuditChain.entry)
        }
        if try events.peek() != nil { throw Broken(problem: inserted(events.row)) }
        if try alerts.peek() != nil { throw Broken(problem: inserted(alerts.row)) }
        if try delegations.peek() != nil { throw Broken(problem: inserted(delegations.row)) }
        if try ledgerEvents.peek() != nil { throw Broken(problem: inserted(ledgerEvents.row)) }
        if try snapshots.peek() != nil { throw Broken(problem: inserted(snapshots.row)) }
        if try pointsEntries.peek() != nil { throw Broken(problem: inserted(pointsEntries.row)) }
        if try pointsActs.peek() != nil { throw Broken(problem: inserted(pointsActs.row)) }
        if try digests.peek() != nil { throw Broken(problem: inserted(digests.row)) }
        if let missing = expect.keys.filter({ $0 > entries }).min() {
            throw Broken(
                problem: AuditProblem(
                    seq: missing,
                    message: "no entry \(missing): the record ends at entry \(entries); later entries were deleted",
                    rows: []))
        }
        // The whole-table counts are the full run's: after a trusted entry they would need
        // every earlier entry again.
        guard let baseline = start.baseline else { return }
        try count(
            "SELECT count(*) FROM completion", expected: baseline.completions + storedCompletions,
            what: "completion rows", uncovered: uncoveredCompletion)
        try count(
            "SELECT count(*) FROM alert WHERE acked_at IS NOT NULL OR acked_by IS NOT NULL",
            expected: baseline.acknowledgements + acknowledgements, what: "acknowledged alerts",
            uncovered: uncoveredAcknowledgement)
        try count("SELECT count(*) FROM alert_target", expected: baseline.targets + targets, what: "alert_target rows")
        // As many rows as the alerts name people, and each names a person of its alert: the
        // table is exactly what the alerts say.
        try count(
            """
            SELECT count(*) FROM alert_target t JOIN alert a ON a.id = t.alert_id
            WHERE t.alert_id > \(baseline.alerts) AND instr(',' || a.targets || ',', ',' || t.person || ',') > 0
            """, expected: targets, what: "alert_target rows naming a person of their alert")
    }

    /// Takes the rows `low...high` of a walk, naming the first missing or uncovered one.
    private func take(
        _ walk: inout Walk, from low: Int64, through high: Int64, entry: AuditEntry,
        _ body: (AuditContent.Covered) -> Void
    ) throws {
        var id = low
        while id <= high {
            guard let rowID = try walk.peek(), rowID <= id else {
                throw Broken(
                    problem: AuditProblem(
                        seq: entry.seq, message: "\(walk.table) \(id), covered by entry \(entry.seq), is deleted",
                        rows: [Self.describe(entry)]))
            }
            if rowID < id { throw Broken(problem: inserted(walk.row)) }
            body(walk.row)
            walk.take()
            id += 1
        }
    }

    private func inserted(_ row: AuditContent.Covered) -> AuditProblem {
        AuditProblem(
            seq: nil, message: "\(row.table) \(row.id) is covered by no entry: it was inserted outside the record",
            rows: [Self.describe(row)])
    }

    private func count(
        _ sql: String, expected: Int64, what: String, uncovered: (() throws -> String?)? = nil
    ) throws {
        let actual = try Int64.fetchOne(db, sql: sql) ?? 0
        guard actual != expected else { return }
        let row = actual > expected ? try uncovered?() : nil
        throw Broken(
            problem: AuditProblem(
                seq: nil,
                message:
                    "\(actual) \(what) where the record accounts for \(expected): \(actual > expected ? "rows were inserted outside it" : "rows were deleted or changed")"
                    + (row == nil ? "" : "; the first no entry covers:"),
                rows: row.map { [$0] } ?? []))
    }

    /// Only once the counts disagree: the first stored completion no entry names (or, in a
    /// database upgraded to the record, one that predates it).
    private func uncoveredCompletion() throws -> String? {
        var covered = Set<[Int64]>()
        let entries = try Row.fetchCursor(
            db, sql: "SELECT occurrence_id, first FROM audit WHERE kind = 'completion' AND occurrence_id IS NOT NULL")
        while let row = try entries.next() { covered.insert([row[0], row[1]]) }
        let rows = try Row.fetchCursor(
            db, sql: "SELECT occurrence_id, seq, by, performed_at, recorded_at, note, late FROM completion")
        while let row = try rows.next() {
            let key: [Int64] = [row[0], row[1]]
            guard !covered.contains(key) else { continue }
            return Self.describe(
                AuditContent.Covered(
                    table: "completion", id: "\(key[0]).\(key[1])", values: (2..<7).map { AuditValue(row[$0]) }))
        }
        return nil
    }

    /// Only once the counts disagree: the first acknowledgement no entry names.
    private func uncoveredAcknowledgement() throws -> String? {
        var covered = Set<Int64>()
        let entries = try Row.fetchCursor(db, sql: "SELECT detail FROM audit WHERE kind = 'acknowledgement'")
        while let row = try entries.next() { covered.formUnion(AuditContent.ids(row[0])) }
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, acked_by, acked_at FROM alert WHERE acked_at IS NOT NULL OR acked_by IS NOT NULL")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard !covered.contains(id) else { continue }
            return Self.describe(
                AuditContent.Covered(
                    table: "acknowledgement", id: String(id), values: [AuditValue(row[1]), AuditValue(row[2])]))
        }
        return nil
    }

    static func describe(_ entry: AuditEntry) -> String {
        var parts = [
            "entry \(entry.seq)", "at \(entry.at.seconds)", "kind \(entry.kind)", "login \(entry.login)",
        ]
        if let actor = entry.actor { parts.append("actor \(actor)") }
        if let behalf = entry.onBehalfOf { parts.append("on behalf of \(behalf)") }
        if let occurrence = entry.occurrenceID { parts.append("occurrence \(occurrence)") }
        if let first = entry.first, let last = entry.last { parts.append("rows \(first)..\(last)") }
        if let detail = entry.detail { parts.append("detail \(detail)") }
        parts.append("hash \(entry.hash.hex)")
        return parts.joined(separator: ", ")
    }

    static func describe(_ row: AuditContent.Covered) -> String {
        let names = AuditContent.names[row.table] ?? []
        let values = row.values.enumerated().map { index, value in
            "\(index < names.count ? names[index] : "?")=\(value)"
        }
        return "\(row.table) \(row.id): " + values.joined(separator: ", ")
    }
}

extension AuditContent {
    /// The columns of each kind of covered row, in `Covered.values` order, to show them.
    static let names: [String: [String]] = [
        "completion": ["by", "performed_at", "recorded_at", "note", "late"],
        "event": ["occurrence_id", "at", "kind", "actor", "detail"],
        "alert": [
            "occurrence_id", "kind", "level", "day", "due_at", "raised_at", "targets", "days_overdue",
            "catch_up_from", "catch_up_to",
        ],
        "acknowledgement": ["acked_by", "acked_at"],
        "digest": ["branch", "person", "day", "raised_at", "item_count", "oldest_deadline", "items"],
        "ledger_event": ["branch", "day", "at", "kind", "finding", "measure", "actor", "change"],
        "ledger_snapshot": ["branch", "month", "occurrence_id", "taken_at", "ledger"],
        "points_entry": [
            "branch", "person", "rule", "version", "points", "day", "year", "source", "occurrence", "text",
            "recorded_by", "reverses", "reason", "approved_by", "concerns_year", "entered_at",
        ],
        "points_act": ["kind", "branch", "entry", "appeal", "year", "by", "reason", "entered_at"],
        "delegation": [
            "branch", "kind", "from_person", "to_person", "start_day", "end_day", "roles", "note", "cancels",
            "entered_at",
        ],
    ]
}
