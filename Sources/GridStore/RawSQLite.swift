import Foundation
import GRDB
import GRDBSQLite

// Every call into SQLite's C API lives in this file: the few hot paths that go around GRDB
// (bank-wide reads, materialisation's many-row inserts) and the progress handler that feeds
// systemd during a long migration. Everything else goes through GRDB.

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

/// A prepared statement bound and stepped through SQLite's C API: materialisation binds nine
/// integers for each of 32 rows per statement, and GRDB's `StatementArguments` array per
/// execution cost more than the insert.
struct RawStatement {
    let handle: OpaquePointer

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
    }

    func reset() {
        sqlite3_reset(handle)
    }

    func bind(_ value: Int64?, at index: Int32) {
        if let value {
            sqlite3_bind_int64(handle, index, value)
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    /// Executes a statement that returns no row.
    func execute(_ db: Database) throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }
}

/// SQLite's progress handler: `report` is called every `instructions` virtual-machine steps of
/// whatever the connection executes, and never interrupts it.
enum ProgressHandler {
    static func install(on db: Database, every instructions: Int32, _ target: MigrationProgress) {
        sqlite3_progress_handler(
            db.sqliteConnection, instructions,
            { context in
                guard let context else { return 0 }
                Unmanaged<MigrationProgress>.fromOpaque(context).takeUnretainedValue().report()
                return 0  // never interrupt
            }, Unmanaged.passUnretained(target).toOpaque())
    }

    static func remove(from db: Database) {
        sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil)
    }
}

/// A statement stepped through SQLite's C API, for the ordered walks of `audit verify` over
/// every event and alert: a GRDB `Row` per alert cost several times the hashing.
struct RawCursor {
    let statement: Statement
    let db: Database
    var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, sql: String, arguments: [Int64]) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
        sqlite3_reset(handle)
        for (index, value) in arguments.enumerated() { sqlite3_bind_int64(handle, Int32(index + 1), value) }
    }

    /// Steps to the next row; false at the end.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func value(_ column: Int32) -> AuditValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .text(String(sqlite3_column_double(handle, column)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let bytes = sqlite3_column_blob(handle, column) else { return .text("") }
            return .text(Data(bytes: bytes, count: count).hex)
        default:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }
}
