import Foundation
import GridTestKit
import Testing

@Suite("gridctl never duplicates an occurrence")
struct IdempotenceTests {
    @Test(
        "Given one database, when due runs twice, overdue runs a week later (twice), then due runs again at the first instant, then ids and counts are stable and no occurrence exists twice"
    )
    func repeatedListingsCreateNothingTwice() throws {
        let gridctl = try Gridctl()
        let later = "2026-12-01T09:00"

        let first = try gridctl.succeed(["due", "--format", "json"])
        let second = try gridctl.succeed(["due", "--format", "json"])
        let overdue = try gridctl.succeed(["overdue", "--format", "json"], now: later)
        let overdueAgain = try gridctl.succeed(["overdue", "--format", "json"], now: later)
        let dueLater = try gridctl.succeed(["due", "--format", "json"], now: later)
        let third = try gridctl.succeed(["due", "--format", "json"])

        #expect(second == first, "due twice at the same instant prints the same JSON")
        #expect(third == first, "catching up to a later instant changes nothing owed at the earlier one")
        #expect(overdueAgain == overdue)

        func decode(_ json: String) throws -> [Item] { try Item.decoder.decode([Item].self, from: Data(json.utf8)) }
        let before = try decode(first)
        let laterItems = try decode(overdue) + decode(dueLater)
        for items in [before, laterItems] {
            #expect(Set(items.map(\.id)).count == items.count, "an id is listed twice")
            #expect(Set(items.map(\.key)).count == items.count, "an occurrence exists twice under different ids")
        }
        // Everything owed on 11-23 is still the same occurrence a week later, due or overdue.
        let laterByID = Dictionary(uniqueKeysWithValues: laterItems.map { ($0.id, $0.key) })
        for item in before {
            #expect(laterByID[item.id] == item.key, "\(item) is not listed under the same id on 12-01")
        }
        // And a week later the branch owes what a week adds: 7 more open days, W49, December.
        #expect(laterItems.count > before.count)
    }
}
