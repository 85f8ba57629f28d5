import Foundation
import GridTestKit
import Testing

/// `gridd --once` on the built binary raises the day's digests; `gridctl alerts` lists them
/// among the alerts with their items, `--person` finds one person's, `--digest ID` one's items.
@Suite("Digests on the command line")
struct DigestCommandTests {
    /// The shipped example passed through the last day of November and the first of December.
    func passed(_ gridctl: Gridctl, _ instants: [String]) throws {
        try gridctl.createSimulation()
        let gridd = ProcessRunner("gridd")
        for instant in instants {
            let pass = try gridd.run(["--once", "--config", gridctl.config, "--db", gridctl.database, "--now", instant])
            #expect(pass.status == 0, "\(pass.stderr)")
        }
    }

    func json(_ gridctl: Gridctl, _ arguments: [String], now: String) throws -> [[String: Any]] {
        let text = try gridctl.succeed(arguments + ["--format", "json"], now: now)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test(
        "Given two passes on the built gridd, when the next business day's digest time comes, then gridctl alerts shows one digest per person with its items, and a second pass that day adds none"
    )
    func listed() throws {
        let gridctl = try Gridctl()
        let morning = "2026-12-01T09:00"
        try passed(gridctl, ["2026-11-30T17:30", morning])

        let rows = try json(gridctl, ["alerts", "--limit", "1000"], now: morning)
        let digests = rows.filter { $0["kind"] as? String == "digest" && $0["day"] as? String == "2026-12-01" }
        #expect(!digests.isEmpty)
        #expect(rows.allSatisfy { $0["kind"] as? String != "nag" })
        let people = digests.compactMap { $0["person"] as? String }
        #expect(Set(people).count == people.count)
        let mine = try #require(digests.first { $0["person"] as? String == "zhou.min" })
        let items = try #require(mine["items"] as? [[String: Any]])
        #expect(items.count == mine["count"] as? Int)
        #expect(items.allSatisfy { $0["occurrence"] is Int && $0["deadline"] is String && $0["escalated"] is Bool })
        #expect(mine["oldest_deadline"] as? String == items.compactMap { $0["deadline"] as? String }.min())

        // --person: that person's digests, not the others'
        let leader = try json(gridctl, ["alerts", "--person", "lin.zhenhua"], now: morning).filter {
            $0["kind"] as? String == "digest" && $0["day"] as? String == "2026-12-01"
        }
        #expect(leader.count == 1 && leader[0]["person"] as? String == "lin.zhenhua")
        #expect((leader[0]["items"] as? [[String: Any]])?.contains { $0["escalated"] as? Bool == true } == true)

        // --digest ID: its items alone; the table indents them under the digest
        let id = try #require(mine["id"] as? Int)
        let one = try json(gridctl, ["alerts", "--digest", String(id)], now: morning)
        #expect(one.count == 1 && (one[0]["items"] as? [[String: Any]])?.count == items.count)
        let table = try gridctl.succeed(["alerts", "--digest", String(id)], now: morning)
        #expect(table.contains("digest") && table.contains("周敏") && table.contains("账实相符检查"))
        let csv = try gridctl.succeed(["alerts", "--digest", String(id), "--format", "csv"], now: morning)
        #expect(csv.hasPrefix("id,occurrence,kind") && csv.contains(",digest,"))
        #expect(try gridctl.run(["alerts", "--digest", "999999"], now: morning).status != 0)

        // A second pass that day raises no digest
        try passed(gridctl, ["2026-12-01T11:00"])
        let again = try json(gridctl, ["alerts", "--limit", "1000"], now: morning).filter {
            $0["kind"] as? String == "digest" && $0["day"] as? String == "2026-12-01"
        }
        #expect(again.count == digests.count)
    }
}
