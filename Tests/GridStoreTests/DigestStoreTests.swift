import Foundation
import GRDB
import GridCore
import GridStore
import GridTestKit
import Testing

/// Digest rows: written once per (branch, person, day) with one entry of the record covering
/// them and their outbox messages, in one transaction; the record's check covers them.
@Suite("The digest store")
struct DigestStoreTests {
    let now = Date(timeIntervalSince1970: 1_764_550_800)  // 2026-12-01T09:00+08:00

    func digest(_ person: String, day: String = "2026-12-01", items: Int = 2) -> Digest {
        Digest(
            branch: "example", person: person, day: LocalDate(iso: day)!, raisedAt: now,
            items: (1...items).map {
                DigestItem(
                    occurrenceID: Int64($0), duty: "ops.check", period: "2026-11", owner: "zhou.min",
                    deadline: now.addingTimeInterval(Double(-86_400 * $0)), businessDaysOverdue: $0, level: 1,
                    escalated: person != "zhou.min")
            })
    }

    func message(_ digest: Digest) -> [OutboxMessage] {
        [
            OutboxMessage(
                source: .digest, sourceID: digest.id ?? -1, receiver: "hook", kind: "digest", branch: digest.branch,
                recipients: [Recipient(person: digest.person, name: digest.person, address: nil)],
                title: "逾期汇总", body: "\(digest.count) 项")
        ]
    }

    @Test("digests are written once per person and day, read back whole, with one record entry and their messages")
    func writeOnce() throws {
        let directory = TemporaryDirectory("digest")
        let db = try GridDatabase(path: directory.file("g.sqlite"), mode: .command)
        let written = try db.recordDigests(
            [digest("zhou.min"), digest("lin.zhenhua", items: 1)], raisedAt: now, messages: message)
        #expect(written.count == 2 && written.allSatisfy { $0.id != nil })
        // The same again: nothing new, no entry, no message
        #expect(try db.recordDigests([digest("zhou.min")], raisedAt: now, messages: message).isEmpty)

        let read = try #require(try db.digest(id: written[0].id!))
        #expect(read.items == digest("zhou.min").items)
        #expect(read.person == "zhou.min" && read.day.description == "2026-12-01" && read.count == 2)
        #expect(try db.digests(person: "lin.zhenhua").map(\.id) == [written[1].id])
        #expect(
            try db.lastDigestDays(branch: "example") == [
                "zhou.min": LocalDate(iso: "2026-12-01")!, "lin.zhenhua": LocalDate(iso: "2026-12-01")!,
            ])
        let deliveries = try db.deliveries(receiver: "hook")
        #expect(Set(deliveries.map(\.message.sourceID)) == Set(written.compactMap(\.id)))
        var kinds: [String] = []
        try db.forEachAuditEntry { kinds.append($0.kind) }
        #expect(kinds.filter { $0 == "digests" }.count == 1)
        #expect(try db.unloggedDigests().count == 2)
        try db.markDigestsLogged(written.compactMap(\.id), at: now)
        #expect(try db.unloggedDigests().isEmpty)
        #expect(try db.verifyAudit().problem == nil)
    }

    @Test("a changed, deleted or slipped-in digest row breaks the record's check")
    func tampered() throws {
        for sql in [
            "DROP TRIGGER digest_content_fixed; UPDATE digest SET item_count = 1 WHERE person = 'zhou.min'",
            "DROP TRIGGER digest_no_delete; DELETE FROM digest WHERE person = 'lin.zhenhua'",
            "INSERT INTO digest (branch, person, day, raised_at, item_count, items) VALUES ('example', 'x', '2026-12-01', 0, 0, '[]')",
        ] {
            let directory = TemporaryDirectory("digest")
            let db = try GridDatabase(path: directory.file("g.sqlite"), mode: .command)
            try db.recordDigests([digest("zhou.min"), digest("lin.zhenhua")], raisedAt: now)
            #expect(try db.verifyAudit().problem == nil)
            try DatabaseQueue(path: directory.file("g.sqlite")).write { try $0.execute(sql: sql) }
            #expect(try db.verifyAudit().problem != nil, "\(sql)")
        }
    }
}
