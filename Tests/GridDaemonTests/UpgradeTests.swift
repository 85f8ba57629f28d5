import Foundation
import GRDB
import GridTestKit
import Synchronization
import Testing

@testable import GridStore

/// An upgrade of a bank's database takes minutes inside one SQL statement. systemd must
/// keep seeing the daemon start, and must still see it stop if the upgrade stalls.
@Suite("Upgrading a large database")
struct UpgradeTests {
    /// A database as v7 left it, built by GridDuty's own migrations stopped there, holding
    /// `occurrences` closed rows of a branch nothing else refers to: enough for v8's rebuild
    /// of the key to run a few million SQLite instructions.
    static func databaseBeforeV8(path: String, occurrences: Int = 500_000) throws {
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v7-implied-completions")
        try queue.write { db in
            try db.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                    INSERT INTO occurrence (branch, duty, subject, period, period_start, remind_at, deadline, state)
                        SELECT 999, 1, i, 1, 0, 0, 0, 1 FROM n;
                    """, arguments: [occurrences])
        }
        try queue.close()
    }

    @Test("a migration reports progress from inside SQLite while it runs, and an up-to-date database none")
    func progressFromInsideSQLite() throws {
        let directory = TemporaryDirectory("upgrade")
        let path = directory.file("big.sqlite")
        try Self.databaseBeforeV8(path: path)
        let calls = Mutex(0)
        let firsts = Mutex(0)

        _ = try GridDatabase(path: path, mode: .daemon) { first in
            calls.withLock { $0 += 1 }
            firsts.withLock { $0 += first ? 1 : 0 }
        }
        let duringUpgrade = calls.withLock { $0 }
        _ = try GridDatabase(path: path, mode: .daemon) { _ in calls.withLock { $0 += 1 } }

        #expect(duringUpgrade > 0)
        #expect(firsts.withLock { $0 } == 1)
        #expect(calls.withLock { $0 } == duringUpgrade)
    }

    @Test("gridd upgrading a database extends systemd's start timeout and says once that it is upgrading")
    func griddExtendsStartTimeout() throws {
        let directory = TemporaryDirectory("upgrade")
        let path = directory.file("big.sqlite")
        try Self.databaseBeforeV8(path: path)
        let socket = try NotifySocket()

        let result = try ProcessRunner("gridd", environment: socket.environment).run([
            "--config", Repository.schedules, "--db", path, "--once", "--log-format", "journal",
        ])

        #expect(result.status == 0)
        let messages = socket.drain()
        #expect(messages.contains { $0.contains("EXTEND_TIMEOUT_USEC=30000000") }, "\(messages)")
        #expect(result.stdout.components(separatedBy: "upgrading the database schema").count == 2, "\(result.stdout)")

        // And a start on the upgraded file neither extends nor announces anything
        let again = try ProcessRunner("gridd", environment: socket.environment).run([
            "--config", Repository.schedules, "--db", path, "--once", "--log-format", "journal",
        ])
        #expect(again.status == 0)
        #expect(!socket.drain().contains { $0.contains("EXTEND_TIMEOUT_USEC") })
        #expect(!again.stdout.contains("upgrading the database schema"))
    }

    @Test("gridctl upgrading a database says so once on stderr; an up-to-date one says nothing")
    func gridctlSaysItIsUpgrading() throws {
        let directory = TemporaryDirectory("upgrade")
        let path = directory.file("big.sqlite")
        try Self.databaseBeforeV8(path: path)
        let gridctl = ProcessRunner("gridctl")

        let first = try gridctl.run(["migrate", "--config", Repository.schedules, "--db", path])
        let again = try gridctl.run(["migrate", "--config", Repository.schedules, "--db", path])

        #expect(first.status == 0 && again.status == 0)
        #expect(first.stderr.components(separatedBy: "upgrading the database schema").count == 2, "\(first.stderr)")
        #expect(!again.stderr.contains("upgrading"))
        #expect(again.stdout.contains("is up to date"))
    }
}
