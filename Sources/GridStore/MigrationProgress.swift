import GRDB
import GRDBSQLite

/// Calls back from inside SQLite while a migration's statements run.
///
/// A migration is one statement over every row of a bank's database (minutes at 20,000
/// branches) with no loop of ours in which to report progress. SQLite's progress handler
/// is called every `instructions` virtual-machine steps, and only while a statement is
/// executing: a migration that waits on a lock, or hangs, calls nothing, so whoever
/// listens (systemd's start timeout) still sees it stop.
final class MigrationProgress: Sendable {
    private let call: @Sendable () -> Void
    private let instructions: Int32

    init(_ call: @escaping @Sendable () -> Void) {
        self.call = call
        instructions = 1_000_000
    }

    func install(on db: Database) {
        sqlite3_progress_handler(
            db.sqliteConnection, instructions,
            { context in
                guard let context else { return 0 }
                Unmanaged<MigrationProgress>.fromOpaque(context).takeUnretainedValue().call()
                return 0  // never interrupt
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    func remove(from db: Database) {
        sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil)
    }
}
