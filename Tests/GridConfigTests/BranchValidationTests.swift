import Foundation
import GridConfig
import GridTestKit
import Testing

/// Validation of branch files (settings, roster, grids, pairings) and national calendars.
@Suite("Validation of branches and calendars")
struct BranchValidationTests {
    // MARK: People

    @Test(
        "an unknown person is reported with its file and line",
        arguments: [
            Breakage(
                name: "as a grid's leader", file: "branches/example.yaml",
                replace: "    leader: lin.zhenhua\n", with: "    leader: lin.zhenhau\n",
                at: "leader: lin.zhenhau", field: "grid branch-grid: leader",
                message: ["unknown person 'lin.zhenhau'", "a grid leader must be on the staff list"]),
            Breakage(
                name: "as a grid's member", file: "branches/example.yaml",
                replace: "members: [zhou.min, chen.xiaodong, wang.li, zhao.gang]",
                with: "members: [zhou.min, chen.xiaodong, wang.li, zhao.gan]",
                at: "zhao.gan]", field: "grid branch-grid: members",
                message: ["unknown person 'zhao.gan'", "not on the staff list"]),
            Breakage(
                name: "as a pairing's member", file: "branches/example.yaml",
                replace: "members: [zhou.min, wu.ting]", with: "members: [zhou.min, wu.tin]",
                at: "wu.tin]", field: "pairing pair.zhou-wu: members",
                message: ["unknown person 'wu.tin'", "not on the staff list"]),
        ])
    func unknownPerson(_ breakage: Breakage) throws {
        try breakage.check()
    }

    @Test("a supervision cycle (A leads X with member B, B leads Y with member A) is reported, naming the cycle")
    func gridCycle() throws {
        // lin.zhenhua leads branch-grid, whose member zhou.min leads counter-grid; making
        // lin.zhenhua a member of counter-grid closes the cycle.
        try Breakage(
            name: "cycle", file: "branches/example.yaml",
            replace: "members: [sun.yue, wu.ting, zheng.kai, he.jing]",
            with: "members: [sun.yue, wu.ting, zheng.kai, he.jing, lin.zhenhua]",
            at: "  - id: branch-grid", field: "grids",
            message: [
                "'lin.zhenhua' is on a supervision cycle (lin.zhenhua → zhou.min → lin.zhenhua)",
                "a grid's leader must not be supervised by its own members",
            ]
        ).check()
    }

    @Test("a person who is a member of two grids is reported at the second membership")
    func memberOfTwoGrids() throws {
        try Breakage(
            name: "two grids", file: "branches/example.yaml",
            replace: "members: [sun.yue, wu.ting, zheng.kai, he.jing]",
            with: "members: [sun.yue, wu.ting, zheng.kai, he.jing, zhao.gang]",
            at: "he.jing, zhao.gang]", field: "grid counter-grid: members",
            message: ["'zhao.gang' is already a member of grid 'branch-grid'", "a person belongs to one grid"]
        ).check()
    }

    // MARK: Duplicate ids

    @Test(
        "a duplicate id in a branch file is reported at the repeated entry",
        arguments: [
            Breakage(
                name: "a staff id", file: "branches/example.yaml",
                replace: "  - id: he.jing\n    name: 何静\n    roles: [counter-manager]\n",
                with: "  - id: he.jing\n    name: 何静\n    roles: [counter-manager]\n"
                    + "  - id: wu.ting\n    name: 吴婷(柜面)\n    roles: [counter-manager]\n",
                at: "  - id: wu.ting\n    name: 吴婷(柜面)", field: "staff wu.ting: id",
                message: ["duplicate staff id 'wu.ting'"]),
            Breakage(
                name: "a grid id", file: "branches/example.yaml",
                replace: "    members: [sun.yue, wu.ting, zheng.kai, he.jing]\n",
                with: "    members: [sun.yue, wu.ting, zheng.kai, he.jing]\n"
                    + "  - id: counter-grid\n    name: 第二柜面网格\n    leader: wang.li\n    members: []\n",
                at: "  - id: counter-grid\n    name: 第二柜面网格", field: "grid counter-grid: id",
                message: ["duplicate grid id 'counter-grid'"]),
            Breakage(
                name: "a pairing id", file: "branches/example.yaml",
                replace: "  - { id: pair.zhou-he, kind: 党群结对,", with: "  - { id: pair.zhou-wu, kind: 党群结对,",
                at: "{ id: pair.zhou-wu, kind: 党群结对, members: [zhou.min, he.jing]", field: "pairing pair.zhou-wu: id",
                message: ["duplicate pairing id 'pair.zhou-wu'"]),
        ])
    func duplicateIDInBranch(_ breakage: Breakage) throws {
        try breakage.check()
    }

    @Test(
        "a branch or calendar id used by two files is reported on the line of the repeated id",
        arguments: [
            (
                "branches/example.yaml", "branches/second.yaml", "  id: example\n", "branch: id",
                "duplicate branch id 'example'"
            ),
            ("calendars/cn.yaml", "calendars/second.yaml", "id: cn\nname:", "id", "duplicate calendar id 'cn'"),
        ])
    func duplicateIDAcrossFiles(original: String, copy: String, idLine: String, field: String, message: String) throws {
        let schedules = try EditableSchedules()
        let text = try schedules.text(of: original)
        try schedules.write(text, to: copy)
        let issues = try schedules.issues()
        #expect(issues.count == 1, "\(ConfigError(issues: issues))")
        let issue = try #require(issues.first)
        // The files are read in name order, so the copy is the repeat.
        #expect(issue.file.hasSuffix("/" + copy))
        #expect(issue.field == field)
        #expect(issue.message.contains(message))
        let line = try lineNumber(of: idLine, in: text)
        #expect(issue.line == line, "\(issue)")
    }

    // MARK: Branch settings

    @Test(
        "a malformed date is rejected with the format expected",
        arguments: [
            Breakage(
                name: "since: 2026-02-30", file: "branches/example.yaml",
                replace: "  since: 2026-11-01\n", with: "  since: 2026-02-30\n",
                at: "since: 2026-02-30", field: "branch: since",
                message: ["'2026-02-30' is not a valid date", "expected YYYY-MM-DD"]),
            Breakage(
                name: "joined: 2026/01/01", file: "branches/example.yaml",
                replace: "    name: 何静\n", with: "    name: 何静\n    joined: 2026/01/01\n",
                at: "joined: 2026/01/01", field: "staff he.jing: joined",
                message: ["'2026/01/01' is not a valid date", "expected YYYY-MM-DD"]),
            Breakage(
                name: "a calendar's from: 2026-13-01", file: "calendars/cn.yaml",
                replace: "{ name: 清明节, from: 2026-04-04,", with: "{ name: 清明节, from: 2026-13-01,",
                at: "from: 2026-13-01", field: "year 2026 holidays: from",
                message: ["'2026-13-01' is not a valid date", "expected YYYY-MM-DD"]),
        ])
    func malformedDate(_ breakage: Breakage) throws {
        try breakage.check()
    }

    @Test("an unknown time zone is rejected with an example of the names expected")
    func unknownTimeZone() throws {
        try Breakage(
            name: "Asia/Shangai", file: "branches/example.yaml",
            replace: "  timezone: Asia/Shanghai\n", with: "  timezone: Asia/Shangai\n",
            at: "timezone: Asia/Shangai", field: "branch: timezone",
            message: ["unknown time zone 'Asia/Shangai'", "expected an IANA name such as Asia/Shanghai"]
        ).check()
    }

    @Test("a time-zone abbreviation such as CST is rejected: China's CST is not the UTC-6 Foundation takes it for")
    func abbreviatedTimeZone() throws {
        let schedules = try EditableSchedules()
        let text = try schedules.replace(
            "  timezone: Asia/Shanghai\n", with: "  timezone: CST\n", in: "branches/example.yaml")
        let line = try lineNumber(of: "timezone: CST", in: text)
        let issues = try schedules.issues()
        let issue = try #require(issues.first { $0.field == "branch: timezone" })
        expect(
            issue, file: "branches/example.yaml", line: line, field: "branch: timezone",
            message: ["unknown time zone 'CST'", "expected an IANA name such as Asia/Shanghai"])
    }

    @Test("an unknown weekday among the open weekdays is rejected with the weekdays expected")
    func unknownWeekday() throws {
        try Breakage(
            name: "satur", file: "branches/example.yaml",
            replace: "open-weekdays: [mon, tue, wed, thu, fri, sat]",
            with: "open-weekdays: [mon, tue, wed, thu, fri, satur]",
            at: "satur]", field: "branch: open-weekdays",
            message: ["unknown weekday 'satur'", "expected mon, tue, wed, thu, fri, sat or sun"]
        ).check()
    }

    @Test("a closing time before the opening time is rejected, naming both")
    func closingBeforeOpening() throws {
        try Breakage(
            name: "closing 08:00", file: "branches/example.yaml",
            replace: "  closing: \"17:00\"\n", with: "  closing: \"08:00\"\n",
            at: "closing: \"08:00\"", field: "branch: closing",
            message: ["08:00 is not after the opening time 08:30"]
        ).check()
    }

    // MARK: Calendars

    @Test("a swapped workday that falls on a weekday is rejected: it must be a Saturday or Sunday")
    func swappedWorkdayOnWeekday() throws {
        // 2026-05-08 is the Friday before the shipped Saturday 2026-05-09.
        try Breakage(
            name: "2026-05-08", file: "calendars/cn.yaml",
            replace: "      - 2026-05-09  # 劳动节调休 (Saturday)\n", with: "      - 2026-05-08  # 劳动节调休\n",
            at: "- 2026-05-08", field: "year 2026: workdays",
            message: ["2026-05-08 is a fri", "a swapped workday must be a Saturday or Sunday"]
        ).check()
    }
}
