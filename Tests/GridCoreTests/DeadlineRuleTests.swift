import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private func period(_ cadence: Cadence, _ key: String) -> Period {
    guard let period = cadence.period(key: key) else { preconditionFailure("no \(cadence) period \(key)") }
    return period
}

private func duty(_ cadence: Cadence, _ deadline: DeadlineRule) -> Duty {
    Duty(
        id: "test.\(cadence.rawValue)", title: "test", line: Fixtures.LineID.operations,
        owner: .role(Fixtures.RoleID.operationsDeputy), cadence: cadence, deadline: deadline)
}

@Suite("DeadlineRule")
struct DeadlineRuleTests {
    let weekdaysOnly = Fixtures.businessCalendar()
    let weekendOpen = Fixtures.businessCalendar(openWeekdays: Fixtures.everyDay)

    // MARK: - Parsing

    @Test(
        "the catalog's deadline spellings parse",
        arguments: [
            ("period-end", DeadlineRule.periodEnd), ("business-day 5", .businessDay(5)),
            ("business-day 1", .businessDay(1)),
            ("month-end 3", .monthEnd(3)), ("after 3 business-days", .afterBusinessDays(3)),
            ("after 1 business-day", .afterBusinessDays(1)), ("after 0 business-days", .afterBusinessDays(0)),
            ("  business-day\t2 ", .businessDay(2)), ("month-end  12", .monthEnd(12)),
        ])
    func parses(text: String, rule: DeadlineRule) throws {
        #expect(try DeadlineRule.parse(text).get() == rule)
    }

    @Test(
        "anything else is rejected with a message naming the text and the expected forms",
        arguments: [
            "", "period end", "Period-End", "period-end 1", "business-day", "business-day 0", "business-day -1",
            "business-day five", "business-day 1.5", "business-day 5 6", "month-end", "month-end 0", "month-end -3",
            "after business-days", "after -1 business-days", "after 3 days", "after 3 business-days now", "after 3",
            "end-of-month", "3",
        ])
    func rejects(text: String) throws {
        // When the text is parsed
        let result = DeadlineRule.parse(text)

        // Then it fails, saying what was expected
        guard case .failure(let error) = result else {
            Issue.record("'\(text)' parsed as \(result)")
            return
        }
        #expect(error.message.contains("'\(text)'"))
        #expect(error.message.contains("period-end"))
        #expect(error.message.contains("after N business-days"))
    }

    @Test(
        "a rule's description parses back to the same rule",
        arguments: [
            DeadlineRule.periodEnd, .businessDay(5), .monthEnd(3), .afterBusinessDays(0), .afterBusinessDays(2),
        ])
    func descriptionRoundTrip(rule: DeadlineRule) throws {
        #expect(try DeadlineRule.parse(rule.description).get() == rule)
    }

    // MARK: - Rules that cannot apply

    @Test(
        "rules that fit inside a cadence's period raise no problem",
        arguments: [
            (DeadlineRule.periodEnd, Cadence.daily), (.periodEnd, .weekly), (.periodEnd, .monthly),
            (.periodEnd, .quarterly),
            (.periodEnd, .halfYearly), (.periodEnd, .yearly), (.periodEnd, .biennial), (.businessDay(1), .daily),
            (.businessDay(7), .weekly), (.businessDay(31), .monthly), (.businessDay(92), .quarterly),
            (.businessDay(184), .halfYearly), (.businessDay(366), .yearly), (.businessDay(731), .biennial),
            (.monthEnd(1), .monthly), (.monthEnd(3), .quarterly), (.monthEnd(6), .halfYearly), (.monthEnd(12), .yearly),
            (.monthEnd(24), .biennial), (.afterBusinessDays(0), .triggered), (.afterBusinessDays(5), .triggered),
        ])
    func fits(rule: DeadlineRule, cadence: Cadence) {
        #expect(rule.problem(for: cadence) == nil)
    }

    @Test(
        "rules that reach outside a cadence's period, or do not suit it, are rejected",
        arguments: [
            (DeadlineRule.businessDay(8), Cadence.weekly), (.businessDay(2), .daily), (.businessDay(32), .monthly),
            (.businessDay(93), .quarterly), (.businessDay(367), .yearly), (.monthEnd(2), .monthly),
            (.monthEnd(4), .quarterly),
            (.monthEnd(7), .halfYearly), (.monthEnd(13), .yearly), (.monthEnd(25), .biennial), (.monthEnd(1), .weekly),
            (.monthEnd(1), .daily), (.afterBusinessDays(3), .daily), (.afterBusinessDays(3), .weekly),
            (.afterBusinessDays(3), .monthly), (.afterBusinessDays(0), .quarterly),
            (.afterBusinessDays(1), .halfYearly),
            (.afterBusinessDays(1), .yearly), (.afterBusinessDays(1), .biennial), (.businessDay(1), .triggered),
            (.monthEnd(1), .triggered),
        ])
    func rejected(rule: DeadlineRule, cadence: Cadence) throws {
        let problem = try #require(rule.problem(for: cadence))
        #expect(!problem.isEmpty)
    }

    @Test("the problem messages say why")
    func problemMessages() {
        #expect(DeadlineRule.businessDay(8).problem(for: .weekly)?.contains("at most 7 days") == true)
        #expect(DeadlineRule.monthEnd(2).problem(for: .monthly)?.contains("1 month") == true)
        #expect(DeadlineRule.monthEnd(1).problem(for: .weekly)?.contains("period made of months") == true)
        #expect(DeadlineRule.afterBusinessDays(3).problem(for: .monthly)?.contains("triggered duties only") == true)
        #expect(DeadlineRule.businessDay(1).problem(for: .triggered)?.contains("after N business-days") == true)
    }

    @Test("an explicit period-end deadline on a triggered duty is rejected")
    func periodEndOnTriggered() {
        // Given a triggered duty whose catalog entry says `deadline: period-end`
        // When the rule is checked against its cadence
        let problem = DeadlineRule.periodEnd.problem(for: .triggered)

        // Then it is refused like every other non-`after` rule: a triggered duty has no period
        #expect(problem?.contains("after N business-days") == true)
    }

    // MARK: - Deadline days and instants

    @Test(
        "the default deadline is the closing time of the period's last business day, in Asia/Shanghai, stored as UTC",
        arguments: [
            (Cadence.monthly, "2026-11", "2026-11-30", "2026-11-30T09:00:00Z"),
            (.monthly, "2026-10", "2026-10-30", "2026-10-30T09:00:00Z"),
            (.monthly, "2026-09", "2026-09-30", "2026-09-30T09:00:00Z"),
            (.monthly, "2026-01", "2026-01-30", "2026-01-30T09:00:00Z"),
            (.monthly, "2026-02", "2026-02-28", "2026-02-28T09:00:00Z"),  // a swapped Saturday workday
            (.weekly, "2026-W40", "2026-09-30", "2026-09-30T09:00:00Z"),
            (.weekly, "2026-W41", "2026-10-10", "2026-10-10T09:00:00Z"),  // Saturday after National Day
            (.weekly, "2026-W53", "2027-01-01", "2027-01-01T09:00:00Z"),  // 2027 uncovered: plain Friday
            (.quarterly, "2024-Q4", "2024-12-31", "2024-12-31T09:00:00Z"),
            (.halfYearly, "2026-H1", "2026-06-30", "2026-06-30T09:00:00Z"),
            (.yearly, "2026", "2026-12-31", "2026-12-31T09:00:00Z"),
            (.yearly, "2025", "2025-12-31", "2025-12-31T09:00:00Z"),
            (.biennial, "2024-2025", "2025-12-31", "2025-12-31T09:00:00Z"),
            (.daily, "2026-10-10", "2026-10-10", "2026-10-10T09:00:00Z"),
        ])
    func periodEnd(cadence: Cadence, key: String, expectedDay: String, expectedInstant: String) {
        // Given a Monday–Friday branch
        let branch = Fixtures.branch()
        let p = period(cadence, key)

        // When the default deadline is computed
        let deadlineDay = DeadlineRule.periodEnd.deadlineDay(in: p, calendar: branch.calendar)
        let deadline = Materializer(catalog: Fixtures.catalog, branch: branch).timing(
            of: duty(cadence, .periodEnd), in: p)?.deadline

        // Then it is closing time on the last business day
        #expect(deadlineDay == day(expectedDay))
        #expect(deadline == Fixtures.instant(expectedInstant))
        #expect(deadline == Fixtures.instant(expectedDay + "T17:00:00+08:00"))
    }

    @Test("a weekend-open branch's last business day may be a Saturday or Sunday")
    func weekendOpenPeriodEnd() {
        #expect(
            DeadlineRule.periodEnd.deadlineDay(in: period(.monthly, "2026-10"), calendar: weekendOpen)
                == day("2026-10-31"))
        #expect(
            DeadlineRule.periodEnd.deadlineDay(in: period(.weekly, "2026-W48"), calendar: weekendOpen)
                == day("2026-11-29"))
        #expect(
            DeadlineRule.periodEnd.deadlineDay(in: period(.weekly, "2026-W48"), calendar: weekdaysOnly)
                == day("2026-11-27"))
    }

    @Test(
        "business day N of October 2026 counts past National Day and includes the swapped Saturday",
        arguments: [
            (1, "2026-10-08", "2026-10-08"), (3, "2026-10-10", "2026-10-10"), (5, "2026-10-13", "2026-10-12"),
        ])
    func businessDayN(n: Int, weekdayBranch: String, everyDayBranch: String) {
        // Given 2026-10, whose 1st–7th are the National Day holiday and whose Saturday the 10th is a workday
        let october = period(.monthly, "2026-10")

        // Then the Nth business day is counted from the 8th
        #expect(DeadlineRule.businessDay(n).deadlineDay(in: october, calendar: weekdaysOnly) == day(weekdayBranch))
        #expect(DeadlineRule.businessDay(n).deadlineDay(in: october, calendar: weekendOpen) == day(everyDayBranch))
    }

    @Test("business day 5 of 2026-10 falls due at 17:00 on 13 October, Shanghai time")
    func businessDayFiveInstant() {
        let materializer = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        #expect(
            materializer.timing(of: duty(.monthly, .businessDay(5)), in: period(.monthly, "2026-10"))?.deadline
                == Fixtures.instant("2026-10-13T09:00:00Z"))
    }

    @Test("business day N of a period with fewer business days falls on its last one")
    func businessDayBeyondPeriod() {
        // 2026-W41 (10-05..10-11) has three business days: the 8th, 9th and Saturday the 10th
        #expect(
            DeadlineRule.businessDay(7).deadlineDay(in: period(.weekly, "2026-W41"), calendar: weekdaysOnly)
                == day("2026-10-10"))
        #expect(
            DeadlineRule.businessDay(31).deadlineDay(in: period(.monthly, "2026-02"), calendar: weekdaysOnly)
                == day("2026-02-28"))
    }

    @Test(
        "month-end N is the last business day of the period's Nth month",
        arguments: [
            (Cadence.yearly, "2026", 3, "2026-03-31"), (.yearly, "2026", 1, "2026-01-30"),
            (.yearly, "2026", 10, "2026-10-30"),
            (.yearly, "2026", 12, "2026-12-31"), (.quarterly, "2026-Q1", 2, "2026-02-28"),
            (.quarterly, "2026-Q4", 1, "2026-10-30"),
            (.halfYearly, "2026-H2", 6, "2026-12-31"), (.monthly, "2026-05", 1, "2026-05-29"),
            (.biennial, "2026-2027", 13, "2027-01-29"),
            (.biennial, "2024-2025", 2, "2024-02-29"),
        ])
    func monthEnd(cadence: Cadence, key: String, n: Int, expected: String) {
        #expect(DeadlineRule.monthEnd(n).deadlineDay(in: period(cadence, key), calendar: weekdaysOnly) == day(expected))
    }

    @Test("month-end 3 of the yearly 2026 period falls due at closing on 31 March 2026")
    func monthEndThreeInstant() {
        let materializer = Materializer(catalog: Fixtures.catalog, branch: Fixtures.branch())
        let deadline = materializer.timing(
            of: Fixtures.duty(Fixtures.DutyID.yearlyFirstQuarterTraining), in: period(.yearly, "2026"))?.deadline
        #expect(deadline == Fixtures.instant("2026-03-31T17:00:00+08:00"))
    }

    @Test("month-end N of a month the branch is closed throughout falls on the next business day of the period")
    func monthEndClosedMonth() {
        // Given a branch closed for all of March 2026
        var closed: Set<LocalDate> = []
        Fixtures.days("2026-03-01", "2026-03-31").forEachDay { closed.insert($0) }
        let calendar = Fixtures.businessCalendar(closedDates: closed)

        // Then month-end 3 of 2026 moves to 1 April
        #expect(
            DeadlineRule.monthEnd(3).deadlineDay(in: period(.yearly, "2026"), calendar: calendar) == day("2026-04-01"))
    }

    @Test(
        "a week entirely inside a holiday has no deadline, so no occurrence is owed",
        arguments: [
            DeadlineRule.periodEnd, .businessDay(1), .businessDay(7),
        ])
    func holidayWeekHasNoDeadline(rule: DeadlineRule) {
        // Given 2026-W08, 16–22 February, all of it 春节
        let week = period(.weekly, "2026-W08")
        let branch = Fixtures.branch()
        let weekly = duty(.weekly, rule)

        // Then there is no deadline, for a weekday branch nor a weekend-open one, and no plan
        #expect(rule.deadlineDay(in: week, calendar: weekdaysOnly) == nil)
        #expect(rule.deadlineDay(in: week, calendar: weekendOpen) == nil)
        #expect(
            Materializer(catalog: Fixtures.catalog([weekly]), branch: branch).timing(of: weekly, in: week)?.deadline
                == nil)
        #expect(
            Materializer(catalog: Fixtures.catalog([weekly]), branch: branch).plans(
                for: weekly, in: week, asOf: day("2026-02-16")
            ).isEmpty)
    }

    @Test("a daily period on a closed day has no deadline")
    func closedDay() {
        #expect(DeadlineRule.periodEnd.deadlineDay(in: period(.daily, "2026-11-29"), calendar: weekdaysOnly) == nil)
        #expect(
            DeadlineRule.periodEnd.deadlineDay(in: period(.daily, "2026-11-29"), calendar: weekendOpen)
                == day("2026-11-29"))
    }

    @Test("an after-N rule inside a period falls back to the period's last business day")
    func afterRuleInPeriod() {
        #expect(
            DeadlineRule.afterBusinessDays(2).deadlineDay(in: period(.monthly, "2026-10"), calendar: weekdaysOnly)
                == day("2026-10-30"))
    }
}
