import Foundation
import GridCore
import GridTestKit
import Testing

/// Instants and local dates in zones whose offset is cached against the zone database itself,
/// and across daylight-saving changes, which are never cached.
@Suite("Time zone offsets")
struct ZoneOffsetTests {
    private func calendar(_ zone: TimeZone) -> BusinessCalendar {
        BusinessCalendar(national: .plainWeekdays, timeZone: zone)
    }

    @Test(
        "around Berlin's changes of clock, instants and local times are those the zone database gives",
        arguments: ["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"])
    func berlinChangeDays(iso: String) throws {
        // Given a branch in Europe/Berlin and a day its clocks change
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let berlin = calendar(zone)
        let walking = WalkingCalendar(calendar: berlin)
        let day = Fixtures.date(iso)
        var wrong: [String] = []

        // When every quarter hour of the day before, the day and the day after is converted
        for date in [day.adding(days: -1), day, day.adding(days: 1)] {
            for seconds in stride(from: 0, to: 86_400, by: 900) {
                let at = berlin.instant(date, secondsSinceMidnight: seconds)
                if at != walking.instant(date, secondsSinceMidnight: seconds) {
                    wrong.append("instant \(date) \(seconds)")
                }
            }
        }
        // And every minute of UTC across it is mapped back
        let start = Fixtures.instant("\(day.adding(days: -1))T20:00:00Z")
        for minute in 0..<(10 * 60) {
            for second in [0.0, 59.5] {
                let at = start.addingTimeInterval(Double(minute * 60) + second)
                if berlin.localDate(of: at) != walking.localDate(of: at)
                    || berlin.secondsSinceLocalMidnight(of: at) != walking.secondsSinceLocalMidnight(of: at)
                {
                    wrong.append("local \(at)")
                }
            }
        }

        // Then they agree with the zone database, asked directly
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test("the instants of Berlin's changes of clock are read on the right side")
    func berlinChangeInstants() throws {
        let berlin = calendar(try #require(TimeZone(identifier: "Europe/Berlin")))
        let day = Fixtures.date("2026-03-29")
        // Spring: 02:00 CET becomes 03:00 CEST at 01:00 UTC
        #expect(berlin.secondsSinceLocalMidnight(of: Fixtures.instant("2026-03-29T00:59:59Z")) == 7199)
        #expect(berlin.secondsSinceLocalMidnight(of: Fixtures.instant("2026-03-29T01:00:00Z")) == 10_800)
        #expect(berlin.instant(day, Fixtures.time("01:30")) == Fixtures.instant("2026-03-29T00:30:00Z"))
        #expect(berlin.instant(day, Fixtures.time("03:30")) == Fixtures.instant("2026-03-29T01:30:00Z"))
        // Autumn: 03:00 CEST becomes 02:00 CET at 01:00 UTC
        #expect(berlin.secondsSinceLocalMidnight(of: Fixtures.instant("2026-10-25T00:59:59Z")) == 10_799)
        #expect(berlin.secondsSinceLocalMidnight(of: Fixtures.instant("2026-10-25T01:00:00Z")) == 7200)
        #expect(berlin.localDate(of: Fixtures.instant("2026-10-24T22:30:00Z")) == Fixtures.date("2026-10-25"))
        #expect(berlin.localDate(of: Fixtures.instant("2026-10-24T21:59:59Z")) == Fixtures.date("2026-10-24"))
    }

    @Test(
        "in zones that stopped changing clocks, instants around every change convert as the zone database says",
        arguments: [
            "Asia/Shanghai", "America/Caracas", "Asia/Pyongyang", "Europe/Volgograd", "Asia/Kolkata", "UTC",
            "Asia/Hong_Kong", "Europe/Berlin", "America/New_York",
        ])
    func cachedOffsets(identifier: String) throws {
        // Given a branch in the zone, and the zone's changes of offset since 1970
        let zone = try #require(TimeZone(identifier: identifier))
        let branch = calendar(zone)
        let walking = WalkingCalendar(calendar: branch)
        var changes: [Date] = []
        var after = Date(timeIntervalSince1970: 0)
        while let next = zone.nextDaylightSavingTimeTransition(after: after), next.timeIntervalSince1970 < 2_000_000_000
        {
            changes.append(next)
            after = next
        }

        // When instants around each change, and drawn from 1970–2060, are converted both ways
        var random = SplitMix64(seed: 7)
        var instants = changes.flatMap { change in
            [-86_401, -86_400, -1, 0, 0.5, 1, 86_399, 86_400, 86_401, 172_800].map { change.addingTimeInterval($0) }
        }
        instants += (0..<3000).map { _ in
            Date(timeIntervalSince1970: Double(Int.random(in: 0...2_840_000_000, using: &random)))
        }
        var wrong: [String] = []
        for at in instants {
            let date = walking.localDate(of: at)
            let seconds = walking.secondsSinceLocalMidnight(of: at)
            if branch.localDate(of: at) != date || branch.secondsSinceLocalMidnight(of: at) != seconds {
                wrong.append("local time of \(at)")
            }
            for wallClock in [seconds, 0, 8 * 3600 + 1800, 86_399] {
                if branch.instant(date, secondsSinceMidnight: wallClock)
                    != walking.instant(date, secondsSinceMidnight: wallClock)
                {
                    wrong.append("instant of \(date) \(wallClock)")
                }
            }
        }

        // Then every answer is the zone database's
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test("a zone of fixed offset, and the system's own zone, convert as the zone database does")
    func fixedAndSystemZones() throws {
        for zone in [try #require(TimeZone(secondsFromGMT: 8 * 3600)), TimeZone.autoupdatingCurrent, TimeZone.gmt] {
            let branch = calendar(zone)
            let walking = WalkingCalendar(calendar: branch)
            for at in [Fixtures.instant("2026-11-30T15:59:59Z"), Fixtures.instant("1969-12-31T23:00:00Z")] {
                #expect(branch.localDate(of: at) == walking.localDate(of: at))
                #expect(branch.secondsSinceLocalMidnight(of: at) == walking.secondsSinceLocalMidnight(of: at))
                let date = walking.localDate(of: at)
                #expect(branch.opening(on: date) == walking.opening(on: date))
            }
        }
    }
}
