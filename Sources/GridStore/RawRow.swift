import GRDB
import GRDBSQLite

/// One row of a statement being stepped, read straight from SQLite's column accessors.
///
/// For the few bank-wide reads that go over one row per branch (20,000 at a large bank):
/// GRDB copies each row into a `Row` and decodes each value through its generic machinery,
/// which cost several times SQLite's own reading. Valid only inside the `forEach` body.
struct RawRow {
    let handle: OpaquePointer

    func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String? {
        sqlite3_column_text(handle, column).map { String(cString: $0) }
    }

    /// Steps `statement` with integer `arguments`, handing each row to `body`.
    static func forEach(
        _ statement: Statement, _ db: Database, arguments: [Int64] = [], _ body: (RawRow) throws -> Void
    ) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        for (index, value) in arguments.enumerated() { sqlite3_bind_int64(handle, Int32(index + 1), value) }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body(RawRow(handle: handle))
            case SQLITE_DONE: return
            case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
        }
    }
}
