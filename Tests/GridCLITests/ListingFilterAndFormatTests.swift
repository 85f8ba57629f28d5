import Foundation
import GridCLI
import GridTestKit
import Testing

@Suite("gridctl due: filters and output formats")
struct ListingFilterAndFormatTests {
    @Test(
        "Given everything owed on Monday 2026-11-23, when due runs with --person, --line, --role, --grid, --cadence or --within, then each lists exactly the matching subset"
    )
    func filtersNarrowCorrectly() throws {
        let gridctl = try Gridctl()
        let all = try gridctl.items(["due"])
        try #require(all.count > 60)
        func ids(_ items: [Item]) -> [Int64] { items.map(\.id).sorted() }
        func ids(_ filter: (Item) -> Bool) -> [Int64] { ids(all.filter(filter)) }

        let zhou = try gridctl.items(["due", "--person", "zhou.min"])
        #expect(!zhou.isEmpty && ids(zhou) == ids { $0.owner == "zhou.min" })

        let nothingOwed = try gridctl.items(["due", "--person", "sun.yue"])
        #expect(nothingOwed.isEmpty, "the lobby manager owns no recurring duty")

        let security = try gridctl.items(["due", "--line", "security"])
        #expect(!security.isEmpty && ids(security) == ids { $0.line == "security" })
        #expect(security.allSatisfy { $0.duty.hasPrefix("security.") })

        let leaders = try gridctl.items(["due", "--role", "grid-leader"])
        #expect(ids(leaders) == ids { $0.ownerRole == "grid-leader" })
        #expect(
            Set(leaders.map(\.duty)) == [
                "grid.member-conduct-check", "grid.star-selection",
            ])

        // "Everything the members of this grid owe": the branch grid's members are 周敏 and
        // three who own nothing; its leader 林振华 is not one of its members.
        let branchGrid = try gridctl.items(["due", "--grid", "branch-grid"])
        let members: Set<String> = ["zhou.min", "chen.xiaodong", "wang.li", "zhao.gang"]
        #expect(!branchGrid.isEmpty && ids(branchGrid) == ids { members.contains($0.owner ?? "") })
        #expect(!branchGrid.contains { $0.owner == "lin.zhenhua" })
        let counterGrid = try gridctl.items(["due", "--grid", "counter-grid"])
        #expect(counterGrid.isEmpty, "the counter grid's members own nothing recurring: \(counterGrid)")

        let weekly = try gridctl.items(["due", "--cadence", "weekly"])
        #expect(!weekly.isEmpty && ids(weekly) == ids { $0.cadence == "weekly" })
        #expect(weekly.allSatisfy { $0.period == "2026-W48" })

        // Within 7 days of Monday 10:00: up to Monday 11-30 10:00 — today's and this week's
        // items, not November's, which fall due at 17:00 that Monday.
        let week = try gridctl.items(["due", "--within", "7d"])
        let limit = try #require(ISO8601DateFormatter().date(from: "2026-11-30T10:00:00+08:00"))
        #expect(ids(week) == ids { ISO8601DateFormatter().date(from: $0.deadline)! <= limit })
        #expect(Set(week.map(\.cadence)) == ["daily", "weekly"])

        let combined = try gridctl.items([
            "due", "--person", "zhou.min", "--cadence", "monthly", "--line", "operations",
        ])
        #expect(
            !combined.isEmpty
                && ids(combined) == ids { $0.owner == "zhou.min" && $0.cadence == "monthly" && $0.line == "operations" }
        )
    }

    @Test(
        "Given an occurrence whose subject holds a comma and quotes, when due runs with --format csv, then it has the header and RFC 4180 quoting and agrees with the JSON"
    )
    func csvHasHeaderAndQuotes() throws {
        let gridctl = try Gridctl()
        let finding = #"抽屉未上锁, "钥匙"未交接"#
        try gridctl.succeed(["raise", "ops.finding-rectification", "--subject", finding, "--by", "zhou.min"])

        let csv = try gridctl.succeed(["due", "--format", "csv"])
        let json = try gridctl.items(["due"])

        let records = parseCSV(csv.hasSuffix("\n") ? String(csv.dropLast()) : csv)
        // The JSON's fields, in the JSON's order
        #expect(
            records.first == [
                "id", "branch", "duty", "title", "line", "cadence", "period", "subject", "subject_name", "owner",
                "owner_name", "owner_role", "unassigned", "status", "period_start", "remind_at", "deadline", "quota",
                "done_count",
            ])
        #expect(csv.contains(#","抽屉未上锁, ""钥匙""未交接","#), "a field with a comma is quoted, its quotes doubled")
        #expect(csv.contains(#""""服务之星""、""营销之星""评选""#), "a field with quotes is quoted")
        let rows = Array(records.dropFirst())
        #expect(rows.count == json.count)
        #expect(rows.allSatisfy { $0.count == 19 }, "every row has 19 fields")
        let byID = Dictionary(uniqueKeysWithValues: json.map { (String($0.id), $0) })
        for row in rows where row.count == 19 {
            let item = try #require(byID[row[0]], "row \(row) is not in the JSON")
            #expect(
                row == [
                    String(item.id), item.branch, item.duty, item.title, item.line, item.cadence, item.period,
                    item.subject, item.subjectName, item.owner ?? "", item.ownerName, item.ownerRole,
                    String(item.unassigned), item.status, item.periodStart, item.remindAt, item.deadline,
                    String(item.quota), String(item.doneCount),
                ])
        }
        #expect(rows.contains { $0[7] == finding && $0[8] == finding })
    }

    @Test(
        "Given Chinese names and titles, when due prints its table, then every row's columns start at the same display column (CJK characters counting two)"
    )
    func tableAlignsByDisplayWidth() throws {
        let gridctl = try Gridctl()
        let items = try gridctl.items(["due"])

        let table = lines(try gridctl.succeed(["due"]))

        let headers = ["ID", "责任人", "事项", "周期", "对象", "截止", "进度", "状态"]
        let rule = table[1]
        // Column starts and widths from the rule line of dashes (ASCII: index = column).
        var starts: [Int] = []
        var widths: [Int] = []
        for (i, c) in rule.enumerated() where c == "-" {
            if i == 0 || Array(rule)[i - 1] == " " {
                starts.append(i)
                widths.append(0)
            }
            widths[widths.count - 1] += 1
        }
        try #require(starts.count == headers.count, "rule: \(rule)")
        let rows = table.dropFirst(2).prefix { !$0.isEmpty }
        #expect(rows.count == items.count)
        #expect(
            table.last { !$0.isEmpty }?.hasPrefix("\(items.count) owed at 2026-11-23 10:00") == true,
            "\(table.suffix(2))")

        let labels = ["due": "待办", "upcoming": "未到期", "overdue": "逾期"]
        let byID = Dictionary(uniqueKeysWithValues: items.map { (String($0.id), $0) })
        var cellsByColumn = headers.map { [$0] }
        func check(_ line: String, cells: [String]) {
            // Display column at which each character starts.
            var column = 0
            var startOf: [Int: String.Index] = [:]
            for index in line.indices {
                startOf[column] = index
                column += displayWidth(String(line[index]))
            }
            for (k, cell) in cells.enumerated() where !cell.isEmpty {
                guard let index = startOf[starts[k]] else {
                    Issue.record("no character starts at display column \(starts[k]) in: \(line)")
                    continue
                }
                #expect(
                    line[index...].hasPrefix(cell),
                    "column \(k) should start with '\(cell)' at display column \(starts[k]): \(line)")
                // Only padding between this cell and the next column.
                let rest = line[index...].dropFirst(cell.count)
                let gap = k + 1 < starts.count ? starts[k + 1] - starts[k] - displayWidth(cell) : 0
                #expect(rest.prefix(gap).allSatisfy { $0 == " " }, "column \(k) overflows: \(line)")
            }
        }
        check(table[0], cells: headers)
        for row in rows {
            let id = String(row.prefix { $0 != " " })
            guard let item = byID[id] else {
                Issue.record("row without a listed id: \(row)")
                continue
            }
            let cells = [
                id, item.ownerName, item.title, item.period, item.subjectName,
                String(item.deadline.prefix(16)).replacingOccurrences(of: "T", with: " "),
                item.quota > 1 ? "\(item.doneCount)/\(item.quota)" : "", labels[item.status] ?? item.status,
            ]
            check(row, cells: cells)
            for (k, cell) in cells.enumerated() { cellsByColumn[k].append(cell) }
        }
        // Each column is as wide as its widest cell (the last one is not padded).
        for k in 0..<headers.count {
            #expect(widths[k] == cellsByColumn[k].map(displayWidth).max(), "column \(headers[k])")
        }
        #expect(items.contains { $0.subjectName.contains("—") }, "the pairings with a partner branch are in the table")
    }
}

@Suite("Display width of table cells")
struct DisplayWidthTests {
    @Test(
        "ASCII counts one, 汉字 and fullwidth forms two, combining marks none, also inside the wide blocks",
        arguments: [
            ("abc 123", 7), ("韩霞国", 6), ("２０２６年", 10), ("e\u{301}", 1), ("〇\u{302A}", 2),
            ("か\u{3099}", 2), ("\u{200B}", 0), ("支行（营业部）", 14), ("\u{20000}", 2),
        ])
    func widths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }
}
