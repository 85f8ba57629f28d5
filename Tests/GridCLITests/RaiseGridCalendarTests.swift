import Foundation
import GridTestKit
import Testing

@Suite("gridctl raise, grid and calendar")
struct RaiseGridCalendarTests {
    @Test(
        "Given warning signs on Friday 2026-11-27, when grid.must-talk (十必谈) is raised about a counter teller and a customer manager, then each is owed by the subject's grid leader within 3 business days"
    )
    func raiseGoesToTheSubjectsGridLeader() throws {
        let gridctl = try Gridctl()
        let friday = "2026-11-27T10:00"
        // Saturday is open, Sunday is not: Sat 28, Mon 30, Tue 12-01.
        let deadline = ExampleBranchDays.adding(businessDays: 3, to: Day("2026-11-27"))
        #expect(deadline == Day("2026-12-01"))

        let teller = try gridctl.succeed(
            ["raise", "grid.must-talk", "--subject", "wu.ting", "--by", "zhou.min", "--note", "连续两天情绪低落"], now: friday)
        let manager = try gridctl.succeed(["raise", "grid.must-talk", "--subject", "chen.xiaodong"], now: friday)

        #expect(teller.contains("吴婷") && teller.contains("周敏") && teller.contains("\(deadline) 17:00"), "\(teller)")
        #expect(manager.contains("陈晓东") && manager.contains("林振华"), "\(manager)")
        let talks = try gridctl.items(["due", "--duty", "grid.must-talk"], now: friday)
        #expect(talks.count == 2)
        let owners = Dictionary(uniqueKeysWithValues: talks.map { ($0.subject, $0.owner ?? "-") })
        #expect(owners == ["wu.ting": "zhou.min", "chen.xiaodong": "lin.zhenhua"])
        for talk in talks {
            #expect(talk.cadence == "triggered" && talk.line == "grid" && talk.ownerRole == "grid-leader")
            #expect(talk.deadline == ExampleBranchDays.closing(deadline), "\(talk)")
            #expect(talk.period.hasPrefix("2026-11-27#"), "\(talk)")
            #expect(talk.status == "due")
        }
        #expect(Set(talks.map(\.key)).count == 2, "two raises, two occurrences")

        // A second sign about the same person the same day is a second talk, not the same one.
        try gridctl.succeed(["raise", "grid.must-talk", "--subject", "wu.ting"], now: "2026-11-27T15:00")
        let again = try gridctl.items(["due", "--duty", "grid.must-talk"], now: "2026-11-27T15:00")
        #expect(again.count == 3)
        #expect(Set(again.filter { $0.subject == "wu.ting" }.map(\.period)) == ["2026-11-27#1", "2026-11-27#2"])
    }

    @Test(
        "Given the example roster, when a person duty is raised about someone not on it, then it fails clearly and creates nothing"
    )
    func raiseForAnUnknownPersonFails() throws {
        let gridctl = try Gridctl()

        let result = try gridctl.run(["raise", "grid.must-talk", "--subject", "li.si"])

        #expect(result.status != 0 && !result.signalled)
        #expect(result.stderr.contains("li.si"), "\(result.stderr)")
        #expect(lines(result.stderr).filter { !$0.isEmpty }.count == 1, "\(result.stderr)")
        #expect(try gridctl.items(["due", "--duty", "grid.must-talk"]).isEmpty)
    }

    @Test(
        "Given a teller who left on 2026-11-20, when a person duty is raised about her after that, then it fails clearly and creates nothing"
    )
    func raiseForSomeoneWhoLeftFails() throws {
        let gridctl = try Gridctl.onCopy(
            editing: "branches/example.yaml",
            [("  - id: wu.ting\n    name: 吴婷\n", "  - id: wu.ting\n    name: 吴婷\n    left: 2026-11-20\n")])

        let result = try gridctl.run(["raise", "grid.must-talk", "--subject", "wu.ting"], now: "2026-11-27T10:00")

        #expect(result.status != 0 && !result.signalled)
        #expect(result.stderr.contains("wu.ting") && result.stderr.contains("left 2026-11-20"), "\(result.stderr)")
        #expect(try gridctl.items(["due", "--duty", "grid.must-talk"], now: "2026-11-27T10:00").isEmpty)
        // Before she left, the same raise is owed.
        try gridctl.succeed(["raise", "grid.must-talk", "--subject", "wu.ting"], now: "2026-11-19T10:00")
    }

    @Test(
        "Given the two grids, when `grid --person` runs for the counter grid's leader and a teller, then it prints who supervises them (谁管我) and whom they supervise (我管谁)"
    )
    func gridPersonShowsChainUpAndPeopleDown() throws {
        let gridctl = try Gridctl()

        let leader = lines(try gridctl.succeed(["grid", "--person", "zhou.min"]))
        let teller = lines(try gridctl.succeed(["grid", "--person", "wu.ting"]))

        func section(_ output: [String], _ marker: String) -> (line: String, below: [String]) {
            guard let start = output.firstIndex(where: { $0.contains(marker) }) else { return ("", []) }
            let below = output[(start + 1)...].prefix { $0.hasPrefix("    ") }
            return (output[start], Array(below))
        }
        let up = section(leader, "谁管我").line
        #expect(up.contains("林振华") && up.contains("lin.zhenhua"), "\(leader)")
        #expect(!up.contains("zhou.min"))
        let down = section(leader, "我管谁").below
        #expect(down.count == 4, "\(leader)")
        for id in ["sun.yue", "wu.ting", "zheng.kai", "he.jing"] {
            #expect(down.contains { $0.contains("(\(id))") }, "\(id) is supervised by 周敏")
        }
        #expect(!down.contains { $0.contains("lin.zhenhua") || $0.contains("chen.xiaodong") })

        // Up the whole chain, nearest first; a teller supervises nobody.
        let chain = section(teller, "谁管我").line
        let zhou = try #require(chain.range(of: "zhou.min"))
        let lin = try #require(chain.range(of: "lin.zhenhua"))
        #expect(zhou.lowerBound < lin.lowerBound, "\(chain)")
        let nobody = section(teller, "我管谁")
        #expect(nobody.line.contains("—") && nobody.below.isEmpty, "\(teller)")
    }

    @Test("Given the example branch, when `grid` runs, then it prints both grids with their leaders and every member")
    func gridPrintsBothGrids() throws {
        let gridctl = try Gridctl()

        let output = try gridctl.succeed(["grid"])

        let printed = lines(output)
        let branchGrid = try #require(printed.firstIndex { $0.contains("网点网格 (branch-grid)") }, "\(output)")
        let counterGrid = try #require(printed.firstIndex { $0.contains("柜面网格 (counter-grid)") }, "\(output)")
        #expect(printed[branchGrid].contains("格长 林振华"))
        #expect(printed[counterGrid].contains("格长 周敏"))
        #expect(branchGrid < counterGrid, "the counter grid hangs below its leader in the branch grid")
        for id in ExampleCatalog.staff {
            #expect(output.contains("(\(id))"), "\(id) is in a grid")
        }
        #expect(!output.contains("not in any grid"))
    }

    @Test(
        "Given Monday 2026-11-23, when `calendar ops.account-reconciliation --next 3` runs, then it prints 2026-11, 2026-12 and 2027-01, each due on the month's last business day"
    )
    func calendarOfAMonthlyDuty() throws {
        let gridctl = try Gridctl()

        let output = try gridctl.succeed(["calendar", "ops.account-reconciliation", "--next", "3"])

        let rows = calendarRows(output)
        #expect(rows.map(\.period) == ["2026-11", "2026-12", "2027-01"], "\(output)")
        let expected = [(2026, 11), (2026, 12), (2027, 1)].map { y, m in
            ExampleBranchDays.lastOpenDay(Day(y, m, 1), through: Day.lastOf(y, m))
        }
        // 11-30 is a Monday, 12-31 a Thursday; 2027-01-31 is a Sunday, so Saturday the 30th.
        #expect(expected.map(\.description) == ["2026-11-30", "2026-12-31", "2027-01-30"])
        #expect(rows.map(\.deadline) == expected.map { "\($0) 17:00 \($0.weekdayLabel)" }, "\(output)")
        // 2027's notice is not in the shipped calendar yet: the listing says so, aside.
        let aside = try gridctl.run(["calendar", "ops.account-reconciliation", "--next", "3"]).stderr
        #expect(aside.contains("no notice for 2027") && aside.contains("computed"), "\(aside)")
    }

    @Test(
        "Given Monday 2026-11-23, when `calendar security.drill --next 2` runs, then it prints 2026-H2 and 2027-H1 due at the half-year's last business day"
    )
    func calendarOfAHalfYearlyDuty() throws {
        let gridctl = try Gridctl()

        let output = try gridctl.succeed(["calendar", "security.drill", "--next", "2"])

        let rows = calendarRows(output)
        #expect(rows.map(\.period) == ["2026-H2", "2027-H1"], "\(output)")
        let expected = [
            ExampleBranchDays.lastOpenDay(Day(2026, 7, 1), through: Day(2026, 12, 31)),
            ExampleBranchDays.lastOpenDay(Day(2027, 1, 1), through: Day(2027, 6, 30)),
        ]
        #expect(rows.map(\.deadline) == expected.map { "\($0) 17:00 \($0.weekdayLabel)" }, "\(output)")
    }

    /// The rows of a `calendar` table: period and deadline columns.
    private func calendarRows(_ output: String) -> [(period: String, deadline: String)] {
        let printed = lines(output)
        guard let rule = printed.firstIndex(where: { $0.hasPrefix("---") }) else { return [] }
        return printed[(rule + 1)...].filter { !$0.isEmpty }.map { row in
            let cells = row.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            return (cells.first ?? "", cells.count > 2 ? cells[2] : "")
        }
    }

    @Test("Given the built binary, when `gridctl --version` runs, then it prints a version number")
    func printsVersion() throws {
        let gridctl = try Gridctl()

        let result = try gridctl.runner.run(["--version"])

        #expect(result.status == 0 && !result.signalled)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            version.range(of: #"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$"#, options: .regularExpression) != nil,
            "\(version)")
    }
}
