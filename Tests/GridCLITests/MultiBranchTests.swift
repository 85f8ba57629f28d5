import Foundation
import GridStore
import GridTestKit
import Testing

@Suite("gridctl with more than one branch")
struct MultiBranchTests {
    /// The example branch and a second one, `east`, with the same roster.
    func twoBranches() throws -> Gridctl {
        try Gridctl.onCopy { schedules in
            let example = try String(contentsOfFile: "\(schedules)/branches/example.yaml", encoding: .utf8)
            try example.replacingOccurrences(of: "  id: example\n", with: "  id: east\n")
                .write(toFile: "\(schedules)/branches/east.yaml", atomically: true, encoding: .utf8)
        }
    }

    @Test("recording a completion brings only the item's branch up to date, not the whole bank")
    func doneTouchesOneBranch() throws {
        let gridctl = try twoBranches()

        try gridctl.succeed(["done", "ops.internal-account-check/2026-11", "--branch", "example", "--by", "zhou.min"])

        let database = try GridDatabase(path: gridctl.database, mode: .command)
        #expect(try database.materializedThrough(branch: "example") != nil)
        #expect(try database.materializedThrough(branch: "east") == nil)
        let shown = try gridctl.run(["show", "ops.internal-account-check/2026-11", "--branch", "example"])
        #expect(shown.stdout.contains("已完成"))
    }

    @Test("listing one branch lists only it; without --branch every branch is listed")
    func listingsByBranch() throws {
        let gridctl = try twoBranches()

        let one = try gridctl.items(["due", "--branch", "east", "--cadence", "monthly"])
        let all = try gridctl.items(["due", "--cadence", "monthly"])

        #expect(!one.isEmpty && one.allSatisfy { $0.branch == "east" })
        #expect(all.count == 2 * one.count)
        #expect(Set(all.map(\.branch)) == ["east", "example"])
    }
}
