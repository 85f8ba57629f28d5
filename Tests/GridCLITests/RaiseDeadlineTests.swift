import Foundation
import GridTestKit
import Testing

/// A finding carries its own deadline (检查发现问题按要求整改落实): `raise --deadline DATE` or
/// `--within N` business days; without either, the catalog's default.
@Suite("gridctl raise: a deadline of its own")
struct RaiseDeadlineTests {
    static let friday = "2026-11-27T10:00"

    @Test(
        "Given a finding on Friday 2026-11-27, when it is raised with --deadline on a business day, then the item falls due at that day's closing"
    )
    func deadlineOnABusinessDay() throws {
        let gridctl = try Gridctl()

        let printed = try gridctl.succeed(
            ["raise", "ops.finding-rectification", "--subject", "重要空白凭证未双人保管", "--deadline", "2026-12-15"],
            now: Self.friday)

        #expect(printed.contains("2026-12-15 17:00"), "\(printed)")
        let finding = try gridctl.item("ops.finding-rectification", now: Self.friday)
        #expect(finding.deadline == ExampleBranchDays.closing(Day("2026-12-15")))
        #expect(finding.owner == ExampleCatalog.zhou)
    }

    @Test(
        "Given a finding on Friday 2026-11-27, when it is raised --within 20, then it falls due 20 business days later on the branch's calendar"
    )
    func withinCountsBusinessDays() throws {
        let gridctl = try Gridctl()

        try gridctl.succeed(
            ["raise", "ops.finding-rectification", "--subject", "监控录像调阅不及时", "--within", "20"], now: Self.friday)

        let expected = ExampleBranchDays.adding(businessDays: 20, to: Day("2026-11-27"))
        #expect(expected == Day("2026-12-21"))
        let finding = try gridctl.item("ops.finding-rectification", now: Self.friday)
        #expect(finding.deadline == ExampleBranchDays.closing(expected))
    }

    @Test(
        "Given a finding raised with neither option, when it is listed, then it keeps the catalog's default of 10 business days"
    )
    func defaultStaysTheCatalogs() throws {
        let gridctl = try Gridctl()

        try gridctl.succeed(["raise", "ops.finding-rectification", "--subject", "挂失核对漏登"], now: Self.friday)

        let finding = try gridctl.item("ops.finding-rectification", now: Self.friday)
        #expect(
            finding.deadline
                == ExampleBranchDays.closing(ExampleBranchDays.adding(businessDays: 10, to: Day("2026-11-27"))))
    }

    @Test(
        "Given Sunday 2026-11-29, a closed day of the example branch, when it is given as --deadline, then the raise is refused naming Monday 2026-11-30 and nothing is created"
    )
    func closedDayIsRefusedWithTheNextBusinessDay() throws {
        let gridctl = try Gridctl()

        let result = try gridctl.run(
            ["raise", "ops.finding-rectification", "--subject", "x", "--deadline", "2026-11-29"], now: Self.friday)

        #expect(result.status == 1 && !result.signalled)
        #expect(result.stderr.contains("2026-11-29") && result.stderr.contains("2026-11-30"), "\(result.stderr)")
        #expect(try gridctl.items(["due", "--duty", "ops.finding-rectification"], now: Self.friday).isEmpty)
    }

    @Test(
        "Given a raise, when the deadline is in the past, not a date, both options are given, or --within is out of range, then each is refused with exit 1 and nothing is created",
        arguments: [
            (["--deadline", "2026-11-26"], "before the day it is raised"),
            (["--deadline", "2026-13-01"], "not a date"),
            (["--deadline", "2030-01-02"], "days ahead"),
            (["--deadline", "2026-12-15", "--within", "3"], "not both"),
            (["--within", "-1"], "--within"),
            (["--within", "99999999999999999"], "--within"),
        ])
    func badDeadlinesAreRefused(options: [String], message: String) throws {
        let gridctl = try Gridctl()

        let result = try gridctl.run(
            ["raise", "ops.finding-rectification", "--subject", "x"] + options, now: Self.friday)

        #expect(result.status != 0 && !result.signalled, "\(options)")
        #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
        #expect(try gridctl.items(["due", "--duty", "ops.finding-rectification"], now: Self.friday).isEmpty)
    }
}
