import Foundation

/// Parses the instants and durations people type (`--now 2026-11-23T10:00`, `--within 7d`).
///
/// A time without an offset is the branch's local time — what a person at the branch
/// means — so the result keeps the civil parts and lets the branch's calendar place it.
public enum InstantText {
    public struct Parsed: Hashable, Sendable {
        public let date: LocalDate
        public let secondsSinceMidnight: Int
        /// Seconds east of UTC when the text gave an offset (`Z`, `+08:00`).
        public let offset: Int?

        /// The instant, using the branch calendar's zone when no offset was given.
        public func instant(in calendar: BusinessCalendar) -> Date {
            guard let offset else { return calendar.instant(date, secondsSinceMidnight: secondsSinceMidnight) }
            return Date(timeIntervalSince1970: Double(date.dayNumber * 86_400 + secondsSinceMidnight - offset))
        }
    }

    /// Accepts `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (or a space for `T`), optionally
    /// followed by `Z` or `±HH:MM`.
    public static func parse(_ text: String) -> Parsed? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 10, let date = LocalDate(iso: trimmed.prefix(10)) else { return nil }
        var rest = Substring(trimmed.dropFirst(10))
        guard !rest.isEmpty else { return Parsed(date: date, secondsSinceMidnight: 0, offset: nil) }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        var offset: Int?
        if rest.hasSuffix("Z") {
            offset = 0
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[signIndex...]
            let parts = zone.dropFirst().split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), h <= 18, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (zone.first == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        }
        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let h = Int(clock[0]), let m = Int(clock[1]), h < 24, m < 60
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) : 0
        guard let s, s < 60 else { return nil }
        return Parsed(date: date, secondsSinceMidnight: h * 3600 + m * 60 + s, offset: offset)
    }

    /// Parses `90m`, `36h`, `7d`, `2w` into seconds.
    public static func duration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let value = Int(trimmed.dropLast()), value >= 0 else { return nil }
        let scale: Int
        switch unit {
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        case "w": scale = 7 * 86_400
        default: return nil
        }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : TimeInterval(seconds)
    }

    /// `2026-11-23 17:00` in the calendar's zone: how deadlines are shown.
    public static func format(_ instant: Date, in calendar: BusinessCalendar, seconds: Bool = false) -> String {
        let date = calendar.localDate(of: instant)
        let s = calendar.secondsSinceLocalMidnight(of: instant)
        let clock = "\(LocalDate.pad(s / 3600, 2)):\(LocalDate.pad(s % 3600 / 60, 2))"
        return seconds ? "\(date) \(clock):\(LocalDate.pad(s % 60, 2))" : "\(date) \(clock)"
    }

    /// RFC 3339 with the calendar's offset (`2026-11-23T17:00:00+08:00`): the JSON form.
    public static func rfc3339(_ instant: Date, in calendar: BusinessCalendar) -> String {
        let date = calendar.localDate(of: instant)
        let s = calendar.secondsSinceLocalMidnight(of: instant)
        let offset = calendar.timeZone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let zone =
            offset == 0
            ? "Z" : "\(sign)\(LocalDate.pad(abs(offset) / 3600, 2)):\(LocalDate.pad(abs(offset) % 3600 / 60, 2))"
        return
            "\(date)T\(LocalDate.pad(s / 3600, 2)):\(LocalDate.pad(s % 3600 / 60, 2)):\(LocalDate.pad(s % 60, 2))\(zone)"
    }
}
