import Foundation
import Synchronization

/// A public holiday as the law fixes it (全国年节及纪念日放假办法), from which a year's days
/// off are computed while the State Council has not yet published that year's notice.
///
/// The notice decides the real days: it joins holidays to weekends and swaps working days
/// (调休). Until it exists the statutory days are the best knowledge — 2027-01-01 is closed by
/// law whatever the notice says — and are marked as computed wherever they are shown.
public struct StatutoryHoliday: Sendable, Hashable {
    /// What the holiday is counted from.
    public enum Anchor: Sendable, Hashable {
        /// A Gregorian month and day (元旦 01-01, 劳动节 05-01, 国庆节 10-01).
        case solar(month: Int, day: Int)
        /// A month and day of the Chinese lunisolar calendar, never of a leap month
        /// (春节 01-01, 端午节 05-05, 中秋节 08-15).
        case lunar(month: Int, day: Int)
        /// A solar term (清明节).
        case solarTerm(SolarTerm)
    }

    public let name: String
    public let anchor: Anchor
    /// Days from the anchor to the first day off: -1 starts 春节 on 除夕, the lunar new
    /// year's eve.
    public let offset: Int
    /// Days off in a row.
    public let days: Int

    public init(name: String, anchor: Anchor, offset: Int = 0, days: Int) {
        self.name = name
        self.anchor = anchor
        self.offset = offset
        self.days = days
    }

    /// The days off in a Gregorian year; nil where the anchor does not exist that year.
    public func span(in year: Int) -> ClosedRange<LocalDate>? {
        guard days >= 1, let anchorDay = anchorDate(in: year) else { return nil }
        let first = anchorDay.adding(days: offset)
        return first...first.adding(days: days - 1)
    }

    private func anchorDate(in year: Int) -> LocalDate? {
        switch anchor {
        case .solar(let month, let day): LocalDate(year: year, month: month, day: day)
        case .solarTerm(let term): term.date(in: year)
        case .lunar(let month, let day): Self.lunarDate(month: month, day: day, inGregorianYear: year)
        }
    }

    /// The Chinese calendar in China Standard Time, fixed: its days begin at that midnight.
    /// One at a time: Foundation's ICU-backed Chinese calendar is not safe to share between
    /// threads on Linux, and configurations load in parallel.
    private static let chineseCalendar: Mutex<Calendar> = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return Mutex(calendar)
    }()

    /// The Gregorian date of a lunar month and day in the lunar year that begins in `year`.
    /// Walks month by month from a first guess: a handful of calendar look-ups, not a scan.
    static func lunarDate(month: Int, day: Int, inGregorianYear year: Int) -> LocalDate? {
        guard (1...12).contains(month), (1...30).contains(day), (1900...2200).contains(year),
            let midyear = LocalDate(year: year, month: 7, day: 1)
        else { return nil }
        func parts(_ date: LocalDate) -> (year: Int, rank: Int, day: Int) {
            let instant = Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400)
            let c = chineseCalendar.withLock {
                $0.dateComponents([.era, .year, .month, .day, .isLeapMonth], from: instant)
            }
            // A leap month follows the month it repeats.
            return ((c.era ?? 0) * 60 + (c.year ?? 0), (c.month ?? 0) * 2 + (c.isLeapMonth == true ? 1 : 0), c.day ?? 0)
        }
        // Every lunar new year falls between 21 January and 20 February: 1 July is always in
        // the lunar year that began in `year`.
        let target = (year: parts(midyear).year, rank: month * 2)
        // A lunar month begins about 20 to 50 days after the same Gregorian month does.
        var guess = LocalDate(year: year, month: month, day: 1)!.adding(days: 35)
        for _ in 0..<8 {
            let seen = parts(guess)
            if seen.year == target.year && seen.rank == target.rank {
                let found = guess.adding(days: day - seen.day)
                // Day 30 of a 29-day month does not exist.
                return parts(found).rank == target.rank ? found : nil
            }
            let before = (seen.year, seen.rank) < (target.year, target.rank)
            // To the middle of the next or the previous lunar month.
            guess = before ? guess.adding(days: 30 - seen.day + 15) : guess.adding(days: -seen.day - 14)
        }
        return nil
    }
}
