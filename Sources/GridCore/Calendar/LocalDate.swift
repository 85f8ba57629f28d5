/// A civil date in a branch's own calendar, with no time and no time zone.
///
/// Business-calendar arithmetic (periods, business days, ISO weeks) happens on civil dates
/// only; converting to an instant is the last step, done by `BusinessCalendar` in the
/// branch's time zone. Stored as a day number so that date arithmetic is integer arithmetic:
/// the materialiser walks millions of days for a large bank.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    public let dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// The dates the business calendar answers for: about 2.7 million years either side of
    /// 1970, far past any date a file or an instant gives, and far from overflowing anything
    /// that multiplies a day number (by 86,400 seconds) or adds a count to it. The calendar
    /// answers nil for a date outside.
    public static let supportedDayNumbers = -1_000_000_000...1_000_000_000

    /// Whether this date is inside `supportedDayNumbers`.
    public var isSupported: Bool { Self.supportedDayNumbers.contains(dayNumber) }

    /// Where `adding(days:)` and `adding(months:)` stop rather than overflow: the first and
    /// last days of years -4,000,000 and 4,000,000, wider than the supported dates so that
    /// the period of any supported date (up to two years long) lies inside.
    static let arithmeticDayNumbers =
        dayNumber(year: -4_000_000, month: 1, day: 1)...dayNumber(year: 4_000_000, month: 12, day: 31)

    /// Returns nil for a date that does not exist (2026-02-29, 2026-13-01), and for a year
    /// more than five million from year 0: every year of a date inside `arithmeticDayNumbers`,
    /// and the next, exists.
    public init?(year: Int, month: Int, day: Int) {
        guard (-5_000_000...5_000_000).contains(year), (1...12).contains(month), day >= 1,
            day <= LocalDate.daysIn(month: month, year: year)
        else {
            return nil
        }
        self.dayNumber = LocalDate.dayNumber(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`; returns nil for anything else, including impossible dates.
    public init?(iso text: some StringProtocol) {
        // Read as bytes: the store reads every alert's day back with this, by the hundred
        // thousand on a bank's busy morning, and splitting into substrings cost more than
        // the rest of reading the row.
        var digits = (0, 0, 0)
        var field = 0
        var width = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard width == (field == 0 ? 4 : 2), field < 2 else { return nil }
                field += 1
                width = 0
                continue
            }
            // Too many digits is malformed, not a number to overflow on.
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), width < (field == 0 ? 4 : 2) else {
                return nil
            }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch field {
            case 0: digits.0 = digits.0 * 10 + digit
            case 1: digits.1 = digits.1 * 10 + digit
            default: digits.2 = digits.2 * 10 + digit
            }
            width += 1
        }
        guard field == 2, width == 2 else { return nil }
        self.init(year: digits.0, month: digits.1, day: digits.2)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// Civil-from-days (H. Hinnant's algorithm): exact for every Gregorian date.
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d)
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday.allCases[index]
    }

    /// The ISO 8601 week-numbering year and week (weeks start on Monday; week 1 holds the
    /// year's first Thursday), so 2026-12-31 is in 2026-W53 and 2027-01-01 too.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 3 - weekday.index)
        let year = thursday.year
        let firstDay = LocalDate(year: year, month: 1, day: 1)!
        return (year, (thursday.dayNumber - firstDay.dayNumber) / 7 + 1)
    }

    /// `days` later, stopping at the ends of `arithmeticDayNumbers` rather than overflowing.
    public func adding(days: Int) -> LocalDate {
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        let bounds = Self.arithmeticDayNumbers
        guard !overflow else { return LocalDate(dayNumber: days < 0 ? bounds.lowerBound : bounds.upperBound) }
        return LocalDate(dayNumber: min(max(sum, bounds.lowerBound), bounds.upperBound))
    }

    /// The same day `months` later, clamped to the target month's length, and stopping at the
    /// ends of `arithmeticDayNumbers` as `adding(days:)` does.
    public func adding(months: Int) -> LocalDate {
        guard Self.arithmeticDayNumbers.contains(dayNumber) else { return adding(days: 0) }
        // Ten million years of months at most: nothing below overflows, and a year past
        // `init?(year:)` stops at the end.
        let limit = 120_000_000
        let months = min(max(months, -limit), limit)
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        guard let date = LocalDate(year: year, month: month, day: min(d, LocalDate.daysIn(month: month, year: year)))
        else { return adding(days: months < 0 ? Int.min : Int.max) }
        return date.adding(days: 0)
    }

    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else {
            return "\(LocalDate.pad(y, 4))-\(LocalDate.pad(m, 2))-\(LocalDate.pad(d, 2))"
        }
        // Ten ASCII bytes written in place: every alert and every daily period key is one.
        let zero = UInt8(ascii: "0")
        let bytes: [UInt8] = [
            zero + UInt8(y / 1000), zero + UInt8(y / 100 % 10), zero + UInt8(y / 10 % 10), zero + UInt8(y % 10),
            UInt8(ascii: "-"), zero + UInt8(m / 10), zero + UInt8(m % 10),
            UInt8(ascii: "-"), zero + UInt8(d / 10), zero + UInt8(d % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// Inclusive range of civil dates; periods and holiday spans are both closed ranges.
extension ClosedRange where Bound == LocalDate {
    public var days: Int { upperBound.dayNumber - lowerBound.dayNumber + 1 }

    public func forEachDay(_ body: (LocalDate) throws -> Void) rethrows {
        for n in lowerBound.dayNumber...upperBound.dayNumber {
            try body(LocalDate(dayNumber: n))
        }
    }
}
