import Foundation
import GridTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `due` and `overdue` are answered from the parsed configuration or, when nothing is in
/// doubt, from the names the database holds. For the same question both must print the same
/// listing: the same rows, in the same order, with the same counts line.
///
/// The first command on a fresh database always reads the configuration. To be sure that a
/// later one was answered from the database, the tests then break `policy.yaml` without
/// changing what the database checks (its size, modification time and inode): a command
/// that read the configuration would now fail.
@Suite("gridctl due/overdue: the same listing from the configuration and from the database")
struct ListingSourceTests {
    /// Wednesday after the example's first month: items are owed and some overdue.
    static let later = "2026-12-02T10:00"

    static let questions: [[String]] = [
        ["due", "--person", "zhou.min"],
        ["overdue", "--person", "zhou.min"],
        ["due", "--branch", "example", "--line", "operations"],
        ["overdue", "--branch", "example", "--line", "grid"],
        ["due", "--branch", "example", "--role", "operations-deputy"],
        ["due", "--branch", "example", "--role", "grid-leader"],
        ["due", "--person", "zhou.min", "--line", "grid", "--role", "grid-leader"],
        ["due", "--branch", "example", "--cadence", "monthly"],
        ["overdue", "--branch", "example", "--cadence", "weekly"],
        ["due", "--branch", "example", "--within", "3d"],
        ["due", "--person", "zhou.min", "--within", "36h"],
        ["due", "--branch", "example"],
        ["overdue", "--branch", "example", "--format", "json"],
        ["due", "--person", "zhou.min", "--format", "csv"],
    ]

    @Test("the database answers a listing with exactly what the configuration answered", arguments: questions)
    func sameListing(question: [String]) throws {
        // Given the question answered from the configuration, on a fresh database
        let gridctl = try Gridctl.onCopy { _ in }
        let fromConfiguration = try gridctl.succeed(question, now: Self.later)
        #expect(!fromConfiguration.contains("\n0 owed at"))
        #expect(!fromConfiguration.contains("\n0 overdue at"))
        #expect(fromConfiguration != "[]\n")

        // When the configuration can no longer be read, unknown to the stamps
        try Self.breakUnnoticed("\(gridctl.config)/policy.yaml")

        // Then the database answers, byte for byte the same
        let fromDatabase = try gridctl.succeed(question, now: Self.later)
        #expect(fromDatabase == fromConfiguration)
    }

    @Test("breaking the configuration unnoticed makes a command that reads it fail")
    func brokenIsNoticedByTheConfiguration() throws {
        let gridctl = try Gridctl.onCopy { _ in }
        try gridctl.succeed(["due", "--person", "wang.li"], now: Self.later)
        try Self.breakUnnoticed("\(gridctl.config)/policy.yaml")

        let validate = try gridctl.run(["validate"], now: Self.later)
        #expect(validate.status != 0)
        #expect(validate.stderr.contains("policy.yaml"))
    }

    @Test("a grid's listing is the same each time, and always comes from the configuration, which holds the grids")
    func gridFromConfiguration() throws {
        let gridctl = try Gridctl.onCopy { _ in }
        let question = ["due", "--grid", "branch-grid"]
        let first = try gridctl.succeed(question, now: Self.later)
        let second = try gridctl.succeed(question, now: Self.later)
        #expect(second == first)
        #expect(!first.contains("\n0 owed at"))
        let withPerson = try gridctl.succeed(["due", "--grid", "branch-grid", "--person", "zhou.min"], now: Self.later)
        let person = try gridctl.succeed(["due", "--person", "zhou.min"], now: Self.later)
        #expect(withPerson == person)

        try Self.breakUnnoticed("\(gridctl.config)/policy.yaml")
        let broken = try gridctl.run(question, now: Self.later)
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("policy.yaml"))
    }

    static let unknownNames: [(question: [String], message: String)] = [
        (["due", "--branch", "example", "--line", "no-such-line"], "unknown line 'no-such-line'; known: "),
        (["overdue", "--person", "wang.li", "--line", "no-such-line"], "unknown line 'no-such-line'; known: "),
        (["due", "--branch", "example", "--role", "no-such-role"], "unknown role 'no-such-role'; known: "),
        (["due", "--person", "wang.li", "--role", "no-such-role"], "unknown role 'no-such-role'; known: "),
        (["due", "--branch", "example", "--grid", "no-such-grid"], "unknown grid 'no-such-grid'"),
    ]

    @Test(
        "an unknown line, role or grid is the same error whether or not the database could answer",
        arguments: unknownNames)
    func sameError(question: [String], message: String) throws {
        // Given the question answered from the configuration, on a fresh database
        let gridctl = try Gridctl.onCopy { _ in }
        let fromConfiguration = try gridctl.run(question, now: Self.later)
        #expect(fromConfiguration.status != 0)
        #expect(fromConfiguration.stderr.contains(message))
        #expect(fromConfiguration.stdout.isEmpty)

        // When it is asked again, now that the database holds the names it could check
        let again = try gridctl.run(question, now: Self.later)

        // Then the error is the same: the database, which cannot tell, leaves it to the configuration
        #expect(again.status == fromConfiguration.status)
        #expect(again.stderr == fromConfiguration.stderr)
        #expect(again.stdout.isEmpty)
        // and it was the configuration that said so
        try Self.breakUnnoticed("\(gridctl.config)/policy.yaml")
        let broken = try gridctl.run(question, now: Self.later)
        #expect(broken.stderr.contains("policy.yaml"))
    }

    @Test("a person who is on no roster is told so, not shown an empty listing")
    func personOnNoRoster() throws {
        let gridctl = try Gridctl.onCopy { _ in }
        try gridctl.succeed(["due", "--branch", "example"], now: Self.later)
        let result = try gridctl.run(["due", "--person", "no.one"], now: Self.later)
        #expect(result.status != 0)
        #expect(result.stderr.contains("'no.one' is not on any branch's roster"))
        #expect(result.stdout.isEmpty)
    }

    /// Overwrites `path` in place with YAML that does not parse, of the same size, and puts
    /// its modification time back: its size, time and inode, all the database's stamp
    /// checks, are as before.
    static func breakUnnoticed(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var before = stat()
        try #require(stat(path, &before) == 0, sourceLocation: sourceLocation)
        let size = Int(before.st_size)
        try #require(size > 1, sourceLocation: sourceLocation)
        let handle = try #require(FileHandle(forWritingAtPath: path), sourceLocation: sourceLocation)
        handle.write(Data(("[" + String(repeating: " ", count: size - 1)).utf8))
        try handle.close()
        // Leave the access time alone (UTIME_OMIT), restore the modification time.
        var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), before.st_mtim]
        try #require(utimensat(AT_FDCWD, path, &times, 0) == 0, sourceLocation: sourceLocation)
        var after = stat()
        try #require(stat(path, &after) == 0, sourceLocation: sourceLocation)
        try #require(
            after.st_size == before.st_size && after.st_ino == before.st_ino
                && after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec,
            "the stamp of \(path) changed", sourceLocation: sourceLocation)
    }
}
