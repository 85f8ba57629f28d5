import Foundation
import GRDB
import GridTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The database is shared by the daemon and the operators of its group: its file, `-wal`,
/// `-shm` and migration lock must be 0660 (and in the state directory, of its group) however
/// and by whomever they were created. Run as the built binaries, under other umasks and users.
@Suite("Modes of the shared database files", .serialized)
struct FileModeTests {
    static var isRoot: Bool { geteuid() == 0 }

    /// `mode & 07777` and the group of `path`, or nil when it does not exist.
    static func status(_ path: String) -> (mode: mode_t, group: gid_t)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & 0o7777, info.st_gid)
    }

    /// Runs a built binary under `umask`.
    static func run(umask: String, _ binary: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner("/bin/sh").run(
            ["-c", "umask \(umask) && exec \"$0\" \"$@\"", Repository.binary(binary)] + arguments)
    }

    /// Runs a built binary as the user and group nobody (65534), with no other group. To
    /// gridctl's own checks (a debug build's `GRIDDUTY_TEST_LOGIN`) nobody is in the admin
    /// group, so that it goes on to the files, whose modes these tests are about.
    static func runAsNobody(_ binary: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner(
            "/usr/bin/setpriv",
            environment: ["GRIDDUTY_TEST_LOGIN": "nobody", "GRIDDUTY_TEST_GROUPS": "gridduty-admin"]
        ).run(
            ["--reuid=65534", "--regid=65534", "--clear-groups", Repository.binary(binary)] + arguments)
    }

    /// Whether the schema was created in the file at `path`.
    static func isMigrated(_ path: String) throws -> Bool {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in try db.tableExists("grdb_migrations") }
    }

    @Test(
        "gridctl creates the database and its lock 0660 whatever the umask",
        arguments: ["0077", "0022", "0007", "0000"])
    func gridctlUnderUmask(umask: String) throws {
        // Given no database
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")

        // When gridctl creates it under `umask`
        let result = try Self.run(umask: umask, "gridctl", ["migrate", "--db", path])

        // Then the database and its lock are group-writable, and nothing more
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.status(path)?.mode == 0o660)
        #expect(Self.status(path + ".migrate-lock")?.mode == 0o660)
    }

    @Test("gridd running under umask 0077 keeps the database, -wal, -shm and lock 0660")
    func griddUnderUmask() throws {
        // Given gridd started on no database under the tightest umask
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        let created = try Self.run(umask: "0077", "gridctl", ["migrate", "--simulation", "--db", path])
        try #require(created.status == 0, "\(created.stderr)")
        let daemon = try ProcessRunner("/bin/sh").start([
            "-c", "umask 0077 && exec \"$0\" \"$@\"", Repository.binary("gridd"), "--config", Repository.schedules,
            "--db", path, "--now", "2026-11-23T10:00",
        ])
        let output = OutputCollector(daemon)
        defer {
            if daemon.isRunning { kill(daemon.processIdentifier, SIGTERM) }
            daemon.waitUntilExit()
        }

        // When it is ready (its pool holds the -wal and -shm open)
        let deadline = Date().addingTimeInterval(120)
        while !output.text.contains("gridd ready") && daemon.isRunning && Date() < deadline { usleep(20_000) }
        try #require(output.text.contains("gridd ready"), "gridd did not start: \(output.text)")

        // Then all four files are 0660
        for file in [path, path + "-wal", path + "-shm", path + ".migrate-lock"] {
            let mode = Self.status(file)?.mode
            #expect(mode == 0o660, "\(file): \(mode.map { String($0, radix: 8) } ?? "missing")")
        }
    }

    @Test("A database of another mode is put right by the user who owns it")
    func ownerRepairs() throws {
        // Given a database an older GridDuty or a restore left 0644, with a 0640 lock
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        try #require(try Self.run(umask: "0022", "gridctl", ["migrate", "--db", path]).status == 0)
        chmod(path, 0o644)
        chmod(path + ".migrate-lock", 0o640)

        // When its owner runs gridctl on it
        let result = try Self.run(umask: "0022", "gridctl", ["migrate", "--db", path])

        // Then the modes are right again
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.status(path)?.mode == 0o660)
        #expect(Self.status(path + ".migrate-lock")?.mode == 0o660)
    }

    @Test("In a setgid state directory the files get the directory's group", .enabled(if: isRoot))
    func setgidDirectoryGroup() throws {
        // Given a state directory of group nogroup (65534), setgid, as tmpfiles makes it
        let dir = TemporaryDirectory()
        let state = dir.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chown(state, uid_t.max, 65_534)
        chmod(state, 0o2770)
        let path = "\(state)/g.sqlite"

        // When root creates the database in it
        let result = try Self.run(umask: "0022", "gridctl", ["migrate", "--db", path])

        // Then the database and lock have the directory's group and mode 0660
        #expect(result.status == 0, "\(result.stderr)")
        for file in [path, path + ".migrate-lock"] {
            #expect(Self.status(file)?.mode == 0o660)
            #expect(Self.status(file)?.group == 65_534)
        }
        // and a file of another group is put back in it
        chown(path, uid_t.max, 0)
        #expect(try Self.run(umask: "0022", "gridctl", ["migrate", "--db", path]).status == 0)
        #expect(Self.status(path)?.group == 65_534)
    }

    @Test(
        "A database another user created 0644 is refused by gridctl and gridd, naming its mode, owner and the fix",
        .enabled(if: isRoot))
    func foreignFileRefused() throws {
        // Given a database root created with mode 0644, in a directory anyone may write to
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o777)
        let path = dir.file("g.sqlite")
        try #require(try Self.run(umask: "0022", "gridctl", ["migrate", "--db", path]).status == 0)
        chmod(path, 0o644)

        // When another user runs gridctl and gridd on it
        let gridctl = try Self.runAsNobody("gridctl", ["migrate", "--db", path])
        let gridd = try Self.runAsNobody(
            "gridd", ["--config", Repository.schedules, "--db", path, "--once", "--log-format", "journal"])

        // Then both exit 1 with what is wrong and what to do, and the file is left as it was
        #expect(gridctl.status == 1)
        #expect(gridctl.stderr.contains("\(path) has mode 0644, owner root"))
        #expect(gridctl.stderr.contains("expected mode 0660"))
        #expect(gridctl.stderr.contains("chmod 0660 '\(path)'"))
        #expect(gridd.status == 1)
        #expect(gridd.stdout.split(separator: "\n").contains { $0.hasPrefix("<2>cannot open the database") })
        #expect(gridd.stdout.contains("mode 0644, owner root"))
        #expect(Self.status(path)?.mode == 0o644)
    }

    @Test("Someone who cannot reach the state directory is told the database cannot be opened", .enabled(if: isRoot))
    func unreachableDirectory() throws {
        // Given a database in a directory only its owner and group may enter
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o777)
        let state = dir.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false)
        try #require(try Self.run(umask: "0022", "gridctl", ["migrate", "--db", "\(state)/g.sqlite"]).status == 0)
        chmod(state, 0o2770)

        // When someone outside opens it
        let result = try Self.runAsNobody("gridctl", ["migrate", "--db", "\(state)/g.sqlite"])

        // Then the message says so, not that it could not be created
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot open the database \(state)/g.sqlite: Permission denied"))
    }

    @Test("A migration lock that cannot be opened stops the command before it migrates anything", .enabled(if: isRoot))
    func unopenableLock() throws {
        // Given a new database whose lock file belongs to root and its group only
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o777)
        let path = dir.file("g.sqlite")
        let lock = path + ".migrate-lock"
        try #require(FileManager.default.createFile(atPath: lock, contents: nil))
        chmod(lock, 0o660)

        // When another user, outside that group, opens the database
        let result = try Self.runAsNobody("gridctl", ["migrate", "--db", path])

        // Then it says why it stopped, and the schema was not created without the lock
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot open the migration lock \(lock): Permission denied"))
        #expect(try !Self.isMigrated(path))
    }

    @Test("A migration lock that is not a file is an error, not a migration without the lock")
    func lockNotAFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        try FileManager.default.createDirectory(atPath: path + ".migrate-lock", withIntermediateDirectories: false)

        let result = try Self.run(umask: "0022", "gridctl", ["migrate", "--db", path])

        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path).migrate-lock"))
        #expect(try !Self.isMigrated(path))
    }
}

/// gridctl installed setgid to the service group gives up the group's rights as soon as the
/// database or the configuration is chosen by its user.
@Suite("gridctl setgid")
struct SetgidTests {
    @Test(
        "Given gridctl setgid to the group that owns a shared database, when a user outside the group names a database or a configuration, then the shared one is unreachable and a private one still works",
        .enabled(if: geteuid() == 0))
    func choosingFilesDropsTheGroup() throws {
        // Given a shared database in a directory only group 65534 may enter
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o755)
        let shared = dir.file("shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
        let database = try SimulationDatabase.create(at: "\(shared)/g.sqlite")
        for path in [shared, database, database + ".migrate-lock"] { chown(path, 0, 65_534) }
        chmod(shared, 0o0070)
        // and a gridctl owned by that group, setgid
        let copy = dir.file("gridctl")
        try FileManager.default.copyItem(atPath: Repository.binary("gridctl"), toPath: copy)
        chown(copy, 0, 65_534)
        chmod(copy, 0o2755)
        let private_ = dir.file("private")
        try FileManager.default.createDirectory(atPath: private_, withIntermediateDirectories: false)
        chmod(private_, 0o777)
        func runAsDaemonUser(_ arguments: [String], environment: [String: String] = [:]) throws
            -> ProcessRunner.Result
        {
            try ProcessRunner("/usr/bin/setpriv", environment: environment).run(
                ["--reuid=1", "--regid=1", "--clear-groups", copy] + arguments)
        }

        // (a copy of it inside a checkout's build folder, whose .state links to the shared database)
        let checkout = dir.file("checkout")
        try FileManager.default.createDirectory(atPath: "\(checkout)/.build/debug", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(checkout)/.state", withIntermediateDirectories: false)
        try Repository.copySchedules(to: "\(checkout)/schedules")
        #expect(FileManager.default.createFile(atPath: "\(checkout)/Package.swift", contents: Data()))
        try FileManager.default.createSymbolicLink(
            atPath: "\(checkout)/.state/gridduty.sqlite", withDestinationPath: database)
        let inCheckout = "\(checkout)/.build/debug/gridctl"
        try FileManager.default.copyItem(atPath: copy, toPath: inCheckout)
        chown(inCheckout, 0, 65_534)
        chmod(inCheckout, 0o2755)
        let fromCheckout = try ProcessRunner("/usr/bin/setpriv").run(
            ["--reuid=1", "--regid=1", "--clear-groups", inCheckout, "due", "--now", "2026-11-23T10:00"])
        // it reads nothing: the link leads nowhere it may go
        #expect(fromCheckout.status == 1 && fromCheckout.stdout.isEmpty, "\(fromCheckout.stderr)")

        // When user 1 names the shared database with --db, or through GRIDDUTY_DB
        let byOption = try runAsDaemonUser([
            "due", "--config", Repository.schedules, "--db", database, "--now", "2026-11-23T10:00",
        ])
        let byVariable = try runAsDaemonUser(
            ["due", "--now", "2026-11-23T10:00"],
            environment: ["GRIDDUTY_DB": database, "GRIDDUTY_CONFIG": Repository.schedules])

        // Then neither reaches it
        #expect(byOption.status == 1 && byOption.stderr.contains("Permission denied"), "\(byOption.stderr)")
        #expect(byVariable.status == 1 && byVariable.stderr.contains("Permission denied"), "\(byVariable.stderr)")
        // and a private simulation database works with the user's own rights
        let own = try runAsDaemonUser(["migrate", "--simulation", "--db", "\(private_)/mine.sqlite"])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(
            try runAsDaemonUser([
                "due", "--config", Repository.schedules, "--db", "\(private_)/mine.sqlite", "--now", "2026-11-23T10:00",
            ]).status == 0)
    }
}
