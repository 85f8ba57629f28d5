import Foundation
import Synchronization

/// A time zone's offset from UTC once it has stopped changing, so that converting recent
/// instants skips the zone database: the alert pass converts several instants for every open
/// occurrence, and Asia/Shanghai, like most zones banks work in, has kept one offset for decades.
///
/// The offset holds from `since` on, and only there: earlier instants, and every instant of a
/// zone that still changes its clocks, are still asked of the zone.
struct FixedZoneOffset: Sendable {
    /// Seconds east of UTC.
    let seconds: Int
    /// Seconds since 1970 from which the zone keeps `seconds` for good.
    let since: Double

    /// The offset at an instant, when it is known without asking the zone.
    func offset(at instant: Double) -> Int? {
        instant >= since ? seconds : nil
    }

    /// The offset at a wall-clock time (`local`: its seconds since 1970 read as if UTC), when
    /// it is known without asking the zone: both instants the two-round computation of
    /// `BusinessCalendar.instant(_:secondsSinceMidnight:)` would ask about must be in the span.
    func offset(atLocal local: Int) -> Int? {
        Double(local - max(seconds, 0)) >= since ? seconds : nil
    }

    // MARK: - Finding it

    /// Zones are asked about their transitions from here on, before any zone switched from
    /// local mean time to a standard offset.
    private static let searchFrom = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
    /// A zone still changing its clocks after this is taken to change them for ever.
    private static let searchUntil = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
    /// Transitions are reported as the first instant of the new offset; starting a day later
    /// keeps the boundary itself out of the question.
    private static let margin: TimeInterval = 86_400

    private static let cache = Mutex<[TimeZone: FixedZoneOffset?]>([:])

    /// The zone's final offset, or nil when it still changes (daylight saving time), or when
    /// it follows the system's zone, which may be changed under a running daemon.
    static func of(_ zone: TimeZone) -> FixedZoneOffset? {
        guard zone != TimeZone.autoupdatingCurrent else { return nil }
        return cache.withLock { entries in
            if let known = entries[zone] { return known }
            let found = find(zone)
            entries[zone] = .some(found)
            return found
        }
    }

    /// Walks the zone's transitions (every change of offset, daylight saving or not) to its
    /// last one. A few dozen for a zone that stopped changing; a zone with daylight saving
    /// time runs to `searchUntil`, some 270 transitions, once per zone per process.
    private static func find(_ zone: TimeZone) -> FixedZoneOffset? {
        var last = searchFrom
        for _ in 0..<1000 {
            guard let next = zone.nextDaylightSavingTimeTransition(after: last) else {
                let since = last.addingTimeInterval(margin)
                return FixedZoneOffset(seconds: zone.secondsFromGMT(for: since), since: since.timeIntervalSince1970)
            }
            if next > searchUntil { return nil }
            last = next
        }
        return nil
    }
}
