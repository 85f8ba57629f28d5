import Foundation
import GridTestKit
import Testing

/// Nobody checks on himself: an item whose owner rule picks its own subject is skipped or
/// passed up, as the catalog says per duty (`owner-is-subject`).
@Suite("gridctl: who owes an item about its own owner")
struct OwnerIsSubjectTests {
    /// The first business day of 2027 on the example branch (Saturday 01-02 is open, 01-01 is 元旦).
    static let newYear = "2027-01-04T10:00"

    @Test(
        "Given the example branch in 2027, when the yearly letters are listed, then the back-office deputy's own security and conduct letters are owed by the branch head, the next one up her grid"
    )
    func deputysOwnLettersGoToTheBranchHead() throws {
        let gridctl = try Gridctl()

        for duty in ["security.responsibility-letter", "conduct.responsibility-letters"] {
            let letters = try gridctl.items(["due", "--duty", duty], now: Self.newYear)

            // Every staff member signs, the deputy who collects them too.
            #expect(Set(letters.map(\.subject)) == Set(ExampleCatalog.staff), "\(duty)")
            for letter in letters {
                let owner = letter.subject == ExampleCatalog.zhou ? ExampleCatalog.lin : ExampleCatalog.zhou
                #expect(letter.owner == owner && letter.period == "2027", "\(letter)")
                #expect(letter.deadline == ExampleBranchDays.closing(Day("2027-03-31")), "\(letter)")
            }
        }
    }

    @Test(
        "Given the secretary's own heart-to-heart talk, passed to the discipline inspector, when he records or waives it himself, then it is refused though he supervises her; she records it, and show says why it is hers"
    )
    func subjectMayNotRecordHisOwnItem() throws {
        let gridctl = try Gridctl()
        let talk = "party.heart-talk/lin.zhenhua/2026"

        let byHimself = try gridctl.run(["done", talk, "--by", "lin.zhenhua", "--note", "已谈"])
        let waived = try gridctl.run(["waive", talk, "--by", "lin.zhenhua", "--reason", "本人"])
        let shown = try gridctl.succeed(["show", talk])
        try gridctl.succeed(["done", talk, "--by", "zhou.min"])

        for result in [byHimself, waived] {
            #expect(result.status == 1 && !result.signalled)
            #expect(result.stderr.contains("it is about 'lin.zhenhua'"), "\(result.stderr)")
        }
        #expect(shown.contains("passed up") && shown.contains("party-secretary is 林振华"), "\(shown)")
        let detail = try gridctl.succeed(["show", talk, "--format", "json"])
        #expect(detail.contains("\"passed_up_from\" : \"lin.zhenhua\""), "\(detail)")
        #expect(
            try gridctl.items(["due", "--duty", "party.heart-talk"]).allSatisfy { $0.subject != ExampleCatalog.lin })
    }

    @Test(
        "Given the example branch in 2027, when the grid responsibility letters are listed, then each grid member's letter is owed by the leader of that member's grid"
    )
    func gridLettersAreOwedByEachGridsLeader() throws {
        let gridctl = try Gridctl()

        let letters = try gridctl.items(["due", "--duty", "grid.responsibility-letter"], now: Self.newYear)

        var expected: [String: String] = [:]
        for grid in ExampleCatalog.grids {
            for member in grid.members { expected[member] = grid.leader }
        }
        #expect(letters.count == expected.count)
        #expect(Dictionary(uniqueKeysWithValues: letters.map { ($0.subject, $0.owner ?? "-") }) == expected)
        #expect(letters.allSatisfy { $0.ownerRole == "grid-leader" })
    }

    @Test(
        "Given the example branch, when the half-year talks are listed, then the branch head owes one with every employee but himself"
    )
    func halfYearTalkSkipsTheBranchHead() throws {
        let gridctl = try Gridctl()

        let talks = try gridctl.items(["due", "--duty", "grid.half-year-talk"])

        #expect(Set(talks.map(\.subject)) == Set(ExampleCatalog.staff.filter { $0 != ExampleCatalog.lin }))
        #expect(talks.allSatisfy { $0.owner == ExampleCatalog.lin })
    }

    @Test(
        "Given a warning sign about the branch head, when grid.must-talk is raised about him, then the discipline inspector owes it, not he himself"
    )
    func mustTalkAboutTheBranchHeadPassesToAnotherLine() throws {
        let gridctl = try Gridctl()

        let printed = try gridctl.succeed(
            ["raise", "grid.must-talk", "--subject", "lin.zhenhua"], now: "2026-11-27T10:00")

        #expect(printed.contains("林振华") && printed.contains("owed by 周敏"), "\(printed)")
        let talk = try gridctl.item("grid.must-talk", now: "2026-11-27T10:00")
        #expect(talk.subject == ExampleCatalog.lin && talk.owner == ExampleCatalog.zhou && !talk.unassigned)
    }

    @Test(
        "Given a warning sign about the discipline inspector, when discipline.warning-talk is raised about her, then the branch head, her grid leader, owes it"
    )
    func warningTalkAboutTheInspectorGoesUpHerGrid() throws {
        let gridctl = try Gridctl()

        try gridctl.succeed(["raise", "discipline.warning-talk", "--subject", "zhou.min"], now: "2026-11-27T10:00")

        let talk = try gridctl.item("discipline.warning-talk", now: "2026-11-27T10:00")
        #expect(talk.subject == ExampleCatalog.zhou && talk.owner == ExampleCatalog.lin)
        #expect(talk.ownerRole == "discipline-inspector")
    }

    @Test(
        "Given a branch whose head holds every post and leads the only grid, when a talk about him is raised, then nobody in the branch qualifies and it is raised unassigned"
    )
    func nobodyLeftIsUnassigned() throws {
        let gridctl = try Gridctl.onCopy(
            editing: "branches/example.yaml",
            [
                ("roles: [operations-deputy, discipline-inspector]", "roles: [deputy-supervisor]"),
                (
                    "roles: [branch-head, party-secretary]",
                    "roles: [branch-head, party-secretary, operations-deputy, discipline-inspector]"
                ),
            ])

        let printed = try gridctl.succeed(
            ["raise", "discipline.warning-talk", "--subject", "lin.zhenhua"], now: "2026-11-27T10:00")

        #expect(printed.contains("林振华"), "\(printed)")
        let talk = try gridctl.item("discipline.warning-talk", now: "2026-11-27T10:00")
        #expect(talk.owner == nil && talk.unassigned, "\(talk)")
    }

    @Test(
        "Given a catalog that skips items about their owner, when a triggered duty is raised about its owner, then it is refused and nothing is created"
    )
    func skippedRaiseIsRefused() throws {
        let gridctl = try Gridctl.onCopy(
            editing: "catalog/20-discipline.yaml",
            [("    scope: person\n    owner-is-subject: pass-up\n", "    scope: person\n    owner-is-subject: skip\n")])

        let result = try gridctl.run(["raise", "discipline.warning-talk", "--subject", "zhou.min"])

        #expect(result.status == 1 && !result.signalled)
        #expect(result.stderr.contains("owner-is-subject: skip"), "\(result.stderr)")
        #expect(try gridctl.items(["due", "--duty", "discipline.warning-talk"]).isEmpty)
        // About anyone else it is raised as usual.
        try gridctl.succeed(["raise", "discipline.warning-talk", "--subject", "wu.ting"])
    }
}

/// The year's notice and the computed statutory days, as a user sees them.
@Suite("gridctl validate and calendar: a year without a notice")
struct MissingNoticeTests {
    @Test(
        "Given the shipped calendar, whose last notice is 2026, when validate runs on 2026-12-04, then it warns that 2027 has no notice and still exits 0; on 2026-11-30 it does not"
    )
    func validateWarnsFromDecember() throws {
        let gridctl = try Gridctl()

        let december = try gridctl.run(["validate"], now: "2026-12-04T10:00")
        let november = try gridctl.run(["validate"], now: "2026-11-30T10:00")
        let january = try gridctl.run(["validate"], now: "2027-01-05T10:00")

        #expect(december.status == 0 && december.stderr.contains("warning: calendar 'cn' has no notice for 2027"))
        #expect(november.status == 0 && !november.stderr.contains("warning"), "\(november.stderr)")
        #expect(january.status == 0 && january.stderr.contains("no notice for 2027"))
    }

    @Test(
        "Given no notice for 2027, when `calendar --year 2027` runs, then 2027-01-01 is closed for 元旦, marked computed, and the 13 statutory days are listed"
    )
    func calendarShowsComputedDays() throws {
        let gridctl = try Gridctl()

        let output = try gridctl.succeed(["calendar", "--year", "2027"], now: "2026-12-04T10:00")

        let rows = lines(output).filter { $0.hasPrefix("2027-") }
        #expect(rows.count == 13, "\(output)")
        let newYear = try #require(rows.first)
        #expect(newYear.hasPrefix("2027-01-01") && newYear.contains("closed") && newYear.contains("元旦"))
        #expect(rows.allSatisfy { $0.contains("closed") && $0.contains("computed, no notice yet") })
        // Without --year, the next 12 months from 2026-12-04 include it too.
        #expect(try gridctl.succeed(["calendar"], now: "2026-12-04T10:00").contains("2027-01-01"))
    }

    @Test(
        "Given 2027-01-01 closed by law, when a daily duty is listed for the turn of the year, then no item is owed on that day and the week's deadline is Saturday 01-02"
    )
    func newYearsDayIsNoBusinessDay() throws {
        let gridctl = try Gridctl()

        let daily = try gridctl.items(
            ["overdue", "--duty", "ops.proxy-business-log"], now: "2027-01-04T10:00")

        #expect(!daily.contains { $0.period == "2027-01-01" }, "\(daily.map(\.period))")
        #expect(daily.contains { $0.period == "2026-12-31" } && daily.contains { $0.period == "2027-01-02" })
        let week = try gridctl.items(["overdue", "--duty", "ops.seal-voucher-check"], now: "2027-01-04T10:00")
            .filter { $0.period == "2026-W53" }
        #expect(week.count == 1 && week.first?.deadline == ExampleBranchDays.closing(Day("2027-01-02")))
    }
}
