import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

@Suite("InstantText")
struct InstantTextTests {
    let shanghai = Fixtures.businessCalendar()

    @Test(
        "dates and times people type parse into civil parts and an optional offset",
        arguments: [
            ("2026-11-23", "2026-11-23", 0, nil as Int?), ("2026-11-23T10:00", "2026-11-23", 36_000, nil),
            ("2026-11-23 10:00:30", "2026-11-23", 36_030, nil), ("2026-11-23T10:00Z", "2026-11-23", 36_000, 0),
            ("2026-11-23T10:00:00+08:00", "2026-11-23", 36_000, 28_800),
            ("2026-11-23T23:59-05:30", "2026-11-23", 86_340, -19_800),
            ("  2026-11-23T00:00  ", "2026-11-23", 0, nil), ("2028-02-29T12:00", "2028-02-29", 43_200, nil),
        ])
    func parses(text: String, date: String, seconds: Int, offset: Int?) throws {
        let parsed = try #require(InstantText.parse(text))
        #expect(parsed.date == day(date))
        #expect(parsed.secondsSinceMidnight == seconds)
        #expect(parsed.offset == offset)
    }

    @Test(
        "malformed or impossible instants are rejected",
        arguments: [
            "", "tomorrow", "2026-02-29", "2026-11-23T24:00", "2026-11-23T10:60", "2026-11-23T10:00:60",
            "2026-11-23T10",
            "2026-11-23X10:00", "2026-11-23T1:00", "2026-11-23T10:00+8", "2026-11-23T10:00+19:00",
            "2026-11-23T10:00:00.5Z",
            "2026-11-23T", "2026-11-23T-05:00", "2026/11/23",
        ])
    func rejects(text: String) {
        #expect(InstantText.parse(text) == nil)
    }

    @Test("a time without an offset is the branch's local time; with one, it is absolute")
    func instants() throws {
        let local = try #require(InstantText.parse("2026-11-23T10:00"))
        let utc = try #require(InstantText.parse("2026-11-23T10:00Z"))
        let offset = try #require(InstantText.parse("2026-11-23T18:00+08:00"))
        #expect(local.instant(in: shanghai) == Fixtures.instant("2026-11-23T02:00:00Z"))
        #expect(utc.instant(in: shanghai) == Fixtures.instant("2026-11-23T10:00:00Z"))
        #expect(offset.instant(in: shanghai) == Fixtures.instant("2026-11-23T10:00:00Z"))
    }

    @Test(
        "durations in minutes, hours, days and weeks",
        arguments: [
            ("90m", 5_400.0), ("36h", 129_600.0), ("7d", 604_800.0), ("2w", 1_209_600.0), (" 7D ", 604_800.0),
            ("0m", 0.0),
        ])
    func durations(text: String, seconds: TimeInterval) {
        #expect(InstantText.duration(text) == seconds)
    }

    @Test("malformed durations are rejected", arguments: ["", "7", "d", "-1d", "7x", "1.5h", "7 d", "week"])
    func badDurations(text: String) {
        #expect(InstantText.duration(text) == nil)
    }

    @Test("an absurdly long duration is rejected rather than overflowing")
    func hugeDuration() {
        #expect(InstantText.duration("100000000000000000w") == nil)
    }

    @Test(
        "instants are shown in the branch's zone",
        arguments: [
            ("2026-11-30T09:00:00Z", "2026-11-30 17:00", "2026-11-30 17:00:00", "2026-11-30T17:00:00+08:00"),
            ("2026-11-30T16:00:05Z", "2026-12-01 00:00", "2026-12-01 00:00:05", "2026-12-01T00:00:05+08:00"),
        ])
    func formatting(instant: String, short: String, long: String, rfc3339: String) {
        let at = Fixtures.instant(instant)
        #expect(InstantText.format(at, in: shanghai) == short)
        #expect(InstantText.format(at, in: shanghai, seconds: true) == long)
        #expect(InstantText.rfc3339(at, in: shanghai) == rfc3339)
    }

    @Test("RFC 3339 output uses Z in UTC and a negative offset west of Greenwich")
    func rfc3339Zones() throws {
        let at = Fixtures.instant("2026-11-30T09:00:00Z")
        let utc = BusinessCalendar(national: .plainWeekdays, timeZone: try #require(TimeZone(identifier: "UTC")))
        let newYork = BusinessCalendar(
            national: .plainWeekdays, timeZone: try #require(TimeZone(identifier: "America/New_York")))
        #expect(InstantText.rfc3339(at, in: utc) == "2026-11-30T09:00:00Z")
        #expect(InstantText.rfc3339(at, in: newYork) == "2026-11-30T04:00:00-05:00")
    }

    @Test("RFC 3339 text parses back to the same instant, every hour of a week")
    func roundTrip() throws {
        let start = Fixtures.instant("2026-11-23T00:00:00Z")
        for hour in 0..<(7 * 24) {
            let at = start.addingTimeInterval(TimeInterval(hour * 3600 + 17))
            let text = InstantText.rfc3339(at, in: shanghai)
            let parsed = try #require(InstantText.parse(text), "\(text)")
            #expect(parsed.instant(in: shanghai) == at, "\(text)")
        }
    }
}
