import Foundation
import GridStore
import GridTestKit
import Testing

/// Commands answered from the database alone (no configuration parsed) must say exactly
/// what the full path says, and must notice every edit of the files they skip.
@Suite("gridctl answering from the database")
struct StoredAnswerTests {
    static let listings: [[String]] = [
        ["due", "--person", "wang.li"],
        ["due", "--person", "wang.li", "--format", "json"],
        ["due", "--branch", "example", "--format", "csv"],
        ["overdue", "--line", "operations", "--branch", "example"],
        ["due", "--branch", "example", "--cadence", "monthly", "--within", "30d"],
        ["overdue", "--person", "zhou.min", "--role", "operations-deputy"],
    ]

    @Test("a listing answered from the database prints exactly what the full path printed", arguments: listings)
    func sameAnswer(arguments: [String]) throws {
        // Given a fresh database: the first command reads the configuration and creates it
        let gridctl = try Gridctl()
        let later = "2026-12-02T10:00"
        let first = try gridctl.succeed(arguments, now: later)

        // When the same command runs again, with nothing changed
        let second = try gridctl.succeed(arguments, now: later)

        // Then it prints the same, byte for byte
        #expect(second == first)
        #expect(!first.isEmpty)
    }

    @Test("an edit of the branch file is seen by the very next listing")
    func editSeen() throws {
        let gridctl = try Gridctl.onCopy { _ in }
        let before = try gridctl.items(["due", "--person", "wang.li"])
        #expect(before.allSatisfy { $0.ownerName == "王丽" })

        // When the branch renames her (same size would not matter: the time and inode change)
        let file = "\(gridctl.config)/branches/example.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "name: 王丽", with: "name: 王莉")
            .write(toFile: file, atomically: true, encoding: .utf8)

        // Then the next listing shows the new name
        let after = try gridctl.items(["due", "--person", "wang.li"])
        #expect(after.count == before.count)
        #expect(after.allSatisfy { $0.ownerName == "王莉" })
    }

    @Test("an edit of the catalog is seen by the very next listing")
    func catalogEditSeen() throws {
        let gridctl = try Gridctl.onCopy { _ in }
        let before = try gridctl.items(["due", "--branch", "example", "--duty", "ops.account-reconciliation"])
        try #require(before.count == 1)

        let file = "\(gridctl.config)/catalog/30-operations.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try #require(text.contains(before[0].title))
        try text.replacingOccurrences(of: before[0].title, with: "账务核对（新）")
            .write(toFile: file, atomically: true, encoding: .utf8)

        let after = try gridctl.items(["due", "--branch", "example", "--duty", "ops.account-reconciliation"])
        #expect(after.map(\.title) == ["账务核对（新）"])
    }

    @Test("a command about one branch reads only that branch's file; one about all reads every file")
    func onlyItsBranch() throws {
        // Given two branches, both materialised
        let gridctl = try Gridctl.onCopy { schedules in
            let example = try String(contentsOfFile: "\(schedules)/branches/example.yaml", encoding: .utf8)
            try example.replacingOccurrences(of: "  id: example\n", with: "  id: east\n")
                .write(toFile: "\(schedules)/branches/east.yaml", atomically: true, encoding: .utf8)
        }
        try gridctl.succeed(["report"])

        // When east's file is broken
        try "branch: [\n".write(toFile: "\(gridctl.config)/branches/east.yaml", atomically: true, encoding: .utf8)

        // Then listings about the example branch still answer, and the bank-wide report names the broken file
        try gridctl.succeed(["due", "--person", "wang.li", "--branch", "example"])
        try gridctl.succeed(["due", "--branch", "example"])
        let report = try gridctl.run(["report"])
        #expect(report.status != 0)
        #expect(report.stderr.contains("east.yaml"))
    }

    @Test("the bank-wide report from the database equals the full path's, and sees a new branch file")
    func reportSame() throws {
        let gridctl = try Gridctl.onCopy { _ in }
        let first = try gridctl.succeed(["report", "--format", "csv"])
        let second = try gridctl.succeed(["report", "--format", "csv"])
        #expect(first == second)
        #expect(first.contains("example,"))

        let example = try String(contentsOfFile: "\(gridctl.config)/branches/example.yaml", encoding: .utf8)
        try example.replacingOccurrences(of: "  id: example\n", with: "  id: west\n")
            .write(toFile: "\(gridctl.config)/branches/west.yaml", atomically: true, encoding: .utf8)
        let third = try gridctl.succeed(["report", "--format", "csv"])
        #expect(third.contains("west,"))
    }

    @Test("the owner recording their own item by number needs no configuration; a supervisor still needs a note")
    func doneByNumber() throws {
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.internal-account-check")
        let owner = try #require(item.owner)

        // A supervisor without a note is refused, as on the full path
        let refused = try gridctl.run(["done", String(item.id), "--by", "lin.zhenhua"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--note"))

        // The owner records it
        let output = try gridctl.succeed(["done", String(item.id), "--by", owner])
        #expect(output.hasPrefix("#\(item.id) \(item.title)"))
        #expect(output.contains("recorded by \(item.ownerName)"))
        #expect(try gridctl.detail(String(item.id)).occurrence.status == "done")

        // And again: already closed
        let again = try gridctl.run(["done", String(item.id), "--by", owner])
        #expect(again.status != 0)
    }
}
