import Foundation
import GRDB
import GRDBSQLite
import GridCore

#if canImport(Glibc)
    import Glibc
#endif

/// The one door to GridDuty's SQLite file, shared by the daemon and every `gridctl`.
///
/// Both open the file in WAL mode with a busy timeout, so a reader never blocks the writer
/// and two writers queue instead of failing with "database is locked". Transactions are
/// short and named after what they mean. Migrations run under an exclusive file lock so
/// that processes opening a new file at the same moment cannot both apply them.
public final class GridDatabase: Sendable {
    public enum Mode: Sendable {
        /// A pool: concurrent reads beside the writer; for the long-running daemon.
        case daemon
        /// A single connection: starts and commits faster; for one command.
        case command
        /// A read-only connection to a file another connection of the process has opened
        /// (and migrated): for a read done on another core beside it.
        case reader
    }

    public let path: String
    let writer: any DatabaseWriter
    let committedKeys = CommittedKeys()

    /// Opens (creating if needed) and migrates the database at `path`. `migrationProgress`
    /// is called every million SQLite instructions while a migration runs, `first` on the
    /// first call: an upgrade of a bank's database takes minutes, and the daemon tells
    /// systemd it is still starting, a command tells its user it is not hung.
    ///
    /// `beforeMigrating` is called, when the schema must be created or upgraded, before
    /// anything is written; it may throw to refuse. `simulation` marks a new file as a
    /// simulation database (`isSimulation`).
    public init(
        path: String, mode: Mode, migrationProgress: (@Sendable (_ first: Bool) -> Void)? = nil,
        beforeMigrating: (() throws -> Void)? = nil, simulation: Bool = false
    ) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                // Also set by DatabasePool; a DatabaseQueue needs it said.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            // A statement that writes many rows keeps a journal of the pages it changed, to
            // undo itself if a later row fails; past 64 KiB SQLite spills it to a temporary
            // file, which more than doubled materialisation's system time. Nothing else here
            // needs much temporary storage (sorts of one person's or one branch's items, and
            // of one row per branch at most) except migrations, which set their own.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // The files' modes and group, before SQLite creates any with the umask's.
        if mode != .reader { try SharedFiles.prepare(database: path) }
        if mode == .reader { configuration.readonly = true }
        writer = try Self.open(path: path, mode: mode, configuration: configuration)
        if mode != .reader {
            try migrate(progress: migrationProgress, before: beforeMigrating)
            try SharedFiles.checkJournal(database: path)
            if simulation { try markSimulation() }
        }
    }

    /// Opens the file, waiting out another process that holds it while it creates it. A new
    /// file starts in rollback-journal mode, and switching it to WAL needs it alone: SQLite
    /// answers `SQLITE_BUSY` at once rather than through the busy timeout, so two programs
    /// starting together on a new database (gridd and a first gridctl, or two commands) would
    /// see "database is locked". The wait is bounded by the same 10 s as the busy timeout.
    private static func open(path: String, mode: Mode, configuration: Configuration) throws -> any DatabaseWriter {
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                switch mode {
                case .daemon: return try DatabasePool(path: path, configuration: configuration)
                case .command, .reader: return try DatabaseQueue(path: path, configuration: configuration)
                }
            } catch let error as DatabaseError {
                let busy = error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
                guard busy, Date() < deadline else {
                    throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
                }
                usleep(20_000)
            }
        }
    }

    /// Whether the file is a simulation database: one created by `gridctl migrate
    /// --simulation`, where `--now` and a `--by` naming anyone are accepted.
    public var isSimulation: Bool {
        get throws {
            try writer.read { db in
                guard try db.tableExists("database_meta") else { return false }
                return try String.fetchOne(db, sql: "SELECT value FROM database_meta WHERE key = 'simulation'")
                    == "true"
            }
        }
    }

    /// Marks the database as a simulation; for a new file only.
    private func markSimulation() throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO database_meta (key, value) VALUES ('simulation', 'true')")
        }
    }

    /// Whether an existing file at `path` is a simulation database, read without creating,
    /// migrating or writing anything: for `gridd`, before it opens the file to run.
    public static func isSimulation(path: String) throws -> Bool {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            return try GridDatabase(reading: path, writer: DatabaseQueue(path: path, configuration: configuration))
                .isSimulation
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    private init(reading path: String, writer: any DatabaseWriter) {
        self.path = path
        self.writer = writer
    }

    /// An in-memory simulation database, for tests.
    public static func simulation() throws -> GridDatabase {
        let database = try GridDatabase()
        try database.markSimulation()
        return database
    }

    /// An in-memory database, for tests.
    public init() throws {
        path = ":memory:"
        writer = try DatabaseQueue()
        try Self.migrateRecorded(Migrations.migrator, writer)
    }

    /// Migrates, and records which migrations ran as an entry of the record.
    private static func migrateRecorded(_ migrator: DatabaseMigrator, _ writer: any DatabaseWriter) throws {
        let before = try writer.read { try migrator.appliedIdentifiers($0) }
        try migrator.migrate(writer)
        let ran = migrator.migrations.filter { !before.contains($0) }
        guard !ran.isEmpty else { return }
        _ = try writer.write { db in
            try AuditChain.append(
                db, kind: .schema, attribution: AuditChain.daemon(at: Date()),
                detail: "schema upgraded: " + ran.joined(separator: ", "))
        }
    }

    private func migrate(progress: (@Sendable (_ first: Bool) -> Void)?, before: (() throws -> Void)?) throws {
        let migrator = Migrations.migrator
        // Unlocked, this look can meet a file another process is creating this very moment;
        // any doubt is settled under the lock, where the migrator looks again.
        if (try? writer.read({ try migrator.hasCompletedMigrations($0) })) == true { return }
        try before?()
        let lock = try SharedFiles.openLock(database: path)
        defer { close(lock) }
        // A migration can rebuild an index of a bank's every occurrence (80 million rows at
        // 20,000 branches): in memory its sort took 2 GB. On disk it takes what it needs.
        let watcher = progress.map(MigrationProgress.init)
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA temp_store = FILE")
            watcher?.install(on: db)
        }
        defer {
            try? writer.writeWithoutTransaction { db in
                watcher?.remove(from: db)
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
        }
        try Self.migrateRecorded(migrator, writer)
    }
}
