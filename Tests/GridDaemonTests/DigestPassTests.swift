import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging
import Testing

/// The business days the example branch (open Monday to Saturday) passes through, each at
/// its digest time (09:00) and again later that day.
private let days = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-07"]

@Suite("The daemon's digests: one per person per business day in place of the repeat")
struct DigestPassTests {
    @Test(
        "on consecutive business days no repeat is raised, each person with overdue items gets one digest a day, and a second pass that day raises nothing"
    )
    func consecutiveDays() throws {
        // Given the shipped example, its items overdue from November
        let f = try DaemonFixture()
        try f.run("2026-11-30T17:30")
        var seen: Set<String> = []
        for day in days {
            // When the daemon passes at the opening, at the digest time, and later that day
            try f.run("\(day)T08:30")
            let morning = try f.run("\(day)T09:00")
            let later = try f.run("\(day)T11:00")
            // Then the digests come at 09:00, one per person, and not again that day
            let people = morning.digests.map(\.person)
            #expect(!people.isEmpty, "no digest on \(day)")
            #expect(Set(people).count == people.count)
            #expect(morning.digests.allSatisfy { $0.day.description == day && $0.count > 0 })
            #expect(later.digests.isEmpty && later.raised.isEmpty)
            for digest in morning.digests { #expect(seen.insert("\(digest.person)/\(digest.day)").inserted) }
        }
        // and no repeat was ever raised
        #expect(try f.allAlerts().filter { $0.kind == .nag }.isEmpty)
        // and the record still verifies, its digest entries included
        let verification = try f.database.verifyAudit()
        #expect(verification.problem == nil, "\(String(describing: verification.problem))")
        var kinds: [String] = []
        try f.database.forEachAuditEntry { kinds.append($0.kind) }
        // one entry per pass that raised digests: Monday 30th's (its items overdue from before) and each day's
        #expect(kinds.filter { $0 == "digests" }.count == days.count + 1)
    }

    @Test("a grid leader's digest lists the member's item escalated to them, flagged; the owner's own is not")
    func escalatedItems() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-30T17:30")
        try f.run("2026-12-01T08:30")
        let outcome = try f.run("2026-12-01T09:00")
        let item = try f.occurrence("ops.account-reconciliation", "2026-11")
        let owner = try #require(outcome.digests.first { $0.person == "zhou.min" })
        let leader = try #require(outcome.digests.first { $0.person == "lin.zhenhua" })
        #expect(owner.items.first { $0.occurrenceID == item.id }?.escalated == false)
        let escalated = try #require(leader.items.first { $0.occurrenceID == item.id })
        #expect(escalated.escalated && escalated.owner == "zhou.min" && escalated.level == 1)
        #expect(escalated.businessDaysOverdue == 1)
    }

    @Test(
        "each digest is logged once at warning priority as 'overdue digest' with its person, count, oldest deadline and three most overdue"
    )
    func logLine() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-30T17:30")
        let linesBefore = f.logs.entries.count
        let outcome = try f.run("2026-12-01T09:00")
        let digest = try #require(outcome.digests.first { $0.person == "zhou.min" })
        let lines = f.logs.entries.dropFirst(linesBefore).filter { $0.message == "overdue digest" }
        #expect(lines.count == outcome.digests.count)
        let line = try #require(lines.first { $0.metadata["person"] == "zhou.min" })
        #expect(line.level == .warning)
        #expect(line.metadata["digest.id"] == "\(digest.id ?? -1)")
        #expect(line.metadata["person.name"] == "周敏")
        #expect(line.metadata["branch.id"] == "example")
        #expect(line.metadata["digest.day"] == "2026-12-01")
        #expect(line.metadata["count"] == "\(digest.count)")
        #expect(
            line.metadata["most_overdue"] == digest.mostOverdue.map { String($0.occurrenceID) }.joined(separator: ","))
        #expect(line.metadata["oldest_deadline"]?.hasPrefix("2026-11-") == true)
        #expect(try f.database.unloggedDigests().isEmpty)
    }

    @Test("with kinds: [] the repeat is one alert per item per business day, as before, and there is no digest")
    func foldingNothing() throws {
        let (schedules, configuration) = try DaemonFixture.schedules(digest: "kinds: []")
        defer { withExtendedLifetime(schedules) {} }
        let f = try DaemonFixture(configuration: configuration)
        try f.run("2026-11-30T17:30")
        var digests = 0
        for day in days { digests += try f.run("\(day)T09:00").digests.count }
        #expect(digests == 0)
        let nags = try f.allAlerts().filter { $0.kind == .nag }
        #expect(Set(nags.map(\.day.description)).isSuperset(of: Set(days)))
        #expect(Set(nags.map { "\($0.occurrenceID)/\($0.day)" }).count == nags.count)
    }

    @Test("a digest written but not logged, as after a crash between the two, is logged by the next pass, once")
    func writtenNotLogged() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-30T17:30")
        try f.run("2026-12-01T08:30")
        // The crash: the digests are committed, their lines never written.
        let now = f.at("2026-12-01T09:00")
        let (items, last) = try f.database.digestInputs(branch: f.branch.id, now: now)
        let planned = DigestPlanner(policy: f.configuration.catalog.digest).due(
            branch: f.branch, now: now, items: items, lastDigestDays: last)
        let written = try f.database.recordDigests(planned, raisedAt: now)
        #expect(!written.isEmpty)
        let linesBefore = f.logs.entries.count

        let outcome = try f.run("2026-12-01T09:05")

        // Then they are logged first, once each, and none is raised twice
        let lines = f.logs.entries.dropFirst(linesBefore).filter { $0.message == "overdue digest" }
        #expect(lines.map { $0.metadata["digest.id"] } == written.map { "\($0.id ?? -1)" })
        #expect(outcome.digests.isEmpty)
        #expect(try f.database.unloggedDigests().isEmpty)
        try f.run("2026-12-01T09:10")
        let ids = Set(written.map { "\($0.id ?? -1)" })
        #expect(
            f.logs.entries.filter { $0.message == "overdue digest" && ids.contains($0.metadata["digest.id"] ?? "") }
                .count == written.count)
    }

    @Test("a business day that passed with the daemon down gets no late digest; the next business day's pass does it")
    func noLateDigest() throws {
        let f = try DaemonFixture()
        try f.start("2026-11-30T17:30")
        // Down all of Tuesday; back on Wednesday at 10:00
        let outcome = try f.start("2026-12-02T10:00")
        #expect(Set(outcome.digests.map(\.day.description)) == ["2026-12-02"])
        #expect(try f.database.digests().allSatisfy { $0.day.description != "2026-12-01" })
    }

    @Test("a policy changed from folding the repeat to kinds: [] brings the repeat back for items past their last step")
    func unfolding() throws {
        // Given digests through Wednesday 2 December
        let f = try DaemonFixture()
        try f.run("2026-11-30T17:30")
        for day in ["2026-12-01", "2026-12-02"] { try f.run("\(day)T09:00") }
        #expect(try f.allAlerts().filter { $0.kind == .nag }.isEmpty)
        // When the configuration is reloaded with kinds: [] and the next day's pass runs
        let (schedules, nags) = try DaemonFixture.schedules(digest: "kinds: []")
        defer { withExtendedLifetime(schedules) {} }
        let outcome = try f.pass.run(nags, now: f.at("2026-12-03T09:00"), catchUp: nil)
        // Then the items past their last step are repeated again, and there is no digest
        #expect(outcome.digests.isEmpty)
        let repeated = outcome.raised.filter { $0.kind == .nag }
        #expect(!repeated.isEmpty)
        #expect(repeated.allSatisfy { $0.day.description == "2026-12-03" })
    }

    @Test("the service wakes for the next digest time of any branch")
    func nextWake() throws {
        let f = try DaemonFixture()
        #expect(AlertingPass.nextDigestAt(f.configuration, after: f.at("2026-12-04T08:00")) == f.at("2026-12-04T09:00"))
        // Friday after 09:00: Saturday's, the example branch being open on Saturdays
        #expect(AlertingPass.nextDigestAt(f.configuration, after: f.at("2026-12-04T09:00")) == f.at("2026-12-05T09:00"))
        let (schedules, configuration) = try DaemonFixture.schedules(digest: "kinds: []")
        defer { withExtendedLifetime(schedules) {} }
        #expect(AlertingPass.nextDigestAt(configuration, after: f.at("2026-12-04T08:00")) == nil)
    }
}
