import Foundation
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging
import Testing

/// The daemon's part of the record: a pass's alerts are one entry, and the chain's head
/// goes to the journal, to be compared with the database later.
@Suite("The daemon and the audit chain")
struct AuditHeadTests {
    func entries(_ database: GridDatabase) throws -> [AuditEntry] {
        var all: [AuditEntry] = []
        try database.forEachAuditEntry { all.append($0) }
        return all
    }

    @Test("a pass that raises many alerts writes one entry covering all of them, and the chain verifies")
    func onePassOneEntry() throws {
        // Given the example branch a month after its start, nothing recorded
        let f = try DaemonFixture()
        let before = try entries(f.database).count

        // When one pass materialises and raises every alert due
        let outcome = try f.run("2026-11-30T18:00")

        // Then its alerts are one entry, whose range is exactly the alerts raised
        #expect(outcome.raised.count > 10)
        let added = try entries(f.database).dropFirst(before)
        let alerts = added.filter { $0.kind == "alerts" }
        #expect(alerts.count == 1, "\(added.map(\.kind))")
        #expect(alerts.first?.first == outcome.raised.map(\.id).min())
        #expect(alerts.first?.last == outcome.raised.map(\.id).max())
        #expect(alerts.first?.actor == nil)
        #expect(try f.database.verifyAudit().problem == nil)
    }

    @Test("the head is logged at notice priority as 'audit head: seq N hash H', the hash the database holds")
    func headLine() throws {
        let f = try DaemonFixture()
        try f.run("2026-11-30T18:00")

        f.pass.logAuditHead()

        let head = try #require(try f.database.auditHead())
        let line = try #require(f.logs.entries.last { $0.message.hasPrefix("audit head:") })
        #expect(line.level == .notice)
        #expect(line.message == "audit head: seq \(head.seq) hash \(head.hash.hex)")
        #expect(head.hash.hex.count == 64)
    }

    @Test(
        "a running daemon records its configuration and logs the head at start, logs it at a new day's first pass, and after an accepted reload, which is an entry",
        .timeLimit(.minutes(1)))
    func headAtStartDailyAndOnReload() async throws {
        // Given a scheduler started on Friday evening
        let scheduler = try RunningScheduler(at: "2026-11-27T22:00")
        defer { scheduler.task.cancel() }
        await scheduler.next { $0 == .ready }
        let f = scheduler.fixture
        func heads() -> [String] { f.logs.entries.filter { $0.message.hasPrefix("audit head:") }.map(\.message) }
        #expect(heads().count == 1, "at start")
        let started = try entries(f.database).filter { $0.kind == "configuration" }
        #expect(started.count == 1 && started.first?.detail?.hasPrefix("accepted stamps ") == true)

        // When it runs past midnight
        try await scheduler.run(until: "2026-11-28T00:30")

        // Then the new day's first pass logs the head again, and it is the database's
        #expect(heads().count == 2, "\(heads())")
        let head = try #require(try f.database.auditHead())
        #expect(heads().last == "audit head: seq \(head.seq) hash \(head.hash.hex)")

        // When a reload is accepted
        // (as SIGHUP does: the ring wakes it at once, with no time passing)
        await scheduler.service.requestReload()
        await scheduler.next { if case .passDone = $0 { true } else { false } }

        // Then the accepted configuration is an entry, and the head after it is logged
        let last = try #require(try f.database.auditHead())
        let configurationEntries = try entries(f.database).filter { $0.kind == "configuration" }
        #expect(configurationEntries.count == 2)
        #expect(configurationEntries.last?.detail == configurationEntries.first?.detail, "the same files")
        #expect(heads().last == "audit head: seq \(last.seq) hash \(last.hash.hex)")
        #expect(try f.database.verifyAudit().problem == nil)
    }
}

@Suite("The daemon's configuration in the record")
struct ConfigurationEntryTests {
    @Test("a start on the configuration last recorded adds no entry; a start on other files does")
    func startRecordsOnlyAChange() throws {
        let f = try DaemonFixture()
        func configurations() throws -> [AuditEntry] {
            var all: [AuditEntry] = []
            try f.database.forEachAuditEntry { if $0.kind == "configuration" { all.append($0) } }
            return all
        }

        f.pass.recordAcceptedConfiguration("stamps aaa", at: f.at("2026-11-27T10:00"), atStart: true)
        f.pass.recordAcceptedConfiguration("stamps aaa", at: f.at("2026-11-28T10:00"), atStart: true)
        #expect(try configurations().map(\.detail) == ["accepted stamps aaa"])

        f.pass.recordAcceptedConfiguration("stamps bbb", at: f.at("2026-11-29T10:00"), atStart: true)
        f.pass.recordAcceptedConfiguration("stamps bbb", at: f.at("2026-11-29T11:00"))
        #expect(
            try configurations().map(\.detail) == ["accepted stamps aaa", "accepted stamps bbb", "accepted stamps bbb"])
        #expect(try f.database.verifyAudit().problem == nil)
    }
}
