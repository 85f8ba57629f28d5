import GRDB
import Synchronization

/// Calls back from inside SQLite while a migration's statements run.
///
/// A migration is one statement over every row of a bank's database (minutes at 20,000
/// branches) with no loop of ours in which to report progress. SQLite's progress handler
/// is called every `instructions` virtual-machine steps (a few milliseconds), and only
/// while a statement is executing: a migration that waits on a lock, or hangs, calls
/// nothing, so whoever listens (systemd's start timeout) still sees it stop.
final class MigrationProgress: Sendable {
    /// Told whether this is the first call: the moment to say an upgrade has begun.
    private let call: @Sendable (_ first: Bool) -> Void
    private let called = Mutex(false)
    private static let instructions: Int32 = 1_000_000

    init(_ call: @escaping @Sendable (_ first: Bool) -> Void) {
        self.call = call
    }

    func report() {
        let first = called.withLock { called in
            defer { called = true }
            return !called
        }
        call(first)
    }

    func install(on db: Database) {
        ProgressHandler.install(on: db, every: Self.instructions, self)
    }

    func remove(from db: Database) {
        ProgressHandler.remove(from: db)
    }
}
