import Foundation
import GRDB
import GridCore

/// The record's chain: its head, its entries for `gridctl audit log`, and a full check.
extension GridDatabase {

    /// The latest entry: what the daemon writes to the journal, to compare with later.
    public func auditHead() throws -> AuditEntry? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(AuditChain.columns) FROM audit ORDER BY seq DESC LIMIT 1")
                .map(AuditChain.entry)
        }
    }

    /// Records that the daemon accepted a configuration, by its digest; with `ifChanged`,
    /// only when the last one recorded had another digest (a start on the same files).
    @discardableResult
    public func recordConfiguration(digest: String, attribution: Attribution, ifChanged: Bool = false) throws
        -> AuditEntry?
    {
        try writer.write { db in
            let detail = "accepted \(digest)"
            if ifChanged,
                try String.fetchOne(
                    db, sql: "SELECT detail FROM audit WHERE kind = 'configuration' ORDER BY seq DESC LIMIT 1")
                    == detail
            {
                return nil
            }
            return try AuditChain.append(db, kind: .configuration, attribution: attribution, detail: detail)
        }
    }

    /// Entries oldest first, one at a time: those entered by, as or for `person` (by login,
    /// actor or on behalf of), at or after `since`.
    public func forEachAuditEntry(
        person: String? = nil, since: Date? = nil, _ body: (AuditEntry) throws -> Void
    ) throws {
        try writer.read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let person {
                conditions.append("(login = ? OR actor = ? OR on_behalf_of = ?)")
                arguments += [person, person, person]
            }
            if let since {
                conditions.append("at >= ?")
                arguments.append(since.seconds)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT \(AuditChain.columns) FROM audit \(filter) ORDER BY seq",
                arguments: StatementArguments(arguments))
            while let row = try cursor.next() { try body(AuditChain.entry(row)) }
        }
    }

    /// Recomputes the whole chain in one read (one snapshot of the file), walking the audit,
    /// event and alert tables in order side by side: memory stays flat however large the
    /// record. Stops at the first broken link. `expect` maps entry numbers to the hashes
    /// the journal recorded for them.
    ///
    /// `from` trusts an entry already verified (a head the journal keeps, checked by an
    /// earlier full run) and checks only what came after it: the routine daily check, in
    /// seconds at any size. It checks every later entry, its rows and their chain from the
    /// trusted hash; it does not look again at anything before, nor count the tables whole
    /// (rows inserted among old ones), which is what a full run is for.
    public func verifyAudit(expect: [Int64: Data] = [:], from trusted: (seq: Int64, hash: Data)? = nil) throws
        -> AuditVerification
    {
        try writer.read { db in try AuditVerifier(db: db, expect: expect, trusted: trusted).run() }
    }
}
