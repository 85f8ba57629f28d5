import Foundation

/// One branch's own business calendar: the national calendar, the weekdays the branch
/// opens on, its own extra closed or open dates, its hours and its time zone.
///
/// A branch's business day is a day the country works, or a day of one of the branch's open
/// weekdays that is not a public holiday (many outlets open at weekends, but close for the
/// Spring Festival). Every deadline and reminder instant is computed here, from civil dates
/// in the branch's zone; instants are stored and compared in UTC.
public struct BusinessCalendar: Sendable {
    public let national: NationalCalendar
    public let openWeekdays: Set<Weekday>
    public let opening: TimeOfDay
    public let closing: TimeOfDay
    public let timeZone: TimeZone
    /// Dates the branch is closed although the rules above would open it.
    public let closedDates: Set<LocalDate>
    /// Dates the branch opens although the rules above would close it.
    public let openDates: Set<LocalDate>
    /// Holds the shared business-day index, looked up on first use rather than here: a bank
    /// loads 20,000 branch calendars, most of which share one index.
    private let indexSlot = BusinessDayIndex.Slot()
    /// Nil for a zone that still changes its clocks.
    private let fixedOffset: FixedZoneOffset?

    public init(
        national: NationalCalendar,
        openWeekdays: Set<Weekday> = Weekday.workweek,
        opening: TimeOfDay = TimeOfDay(hour: 9, minute: 0)!,
        closing: TimeOfDay = TimeOfDay(hour: 17, minute: 0)!,
        timeZone: TimeZone,
        closedDates: Set<LocalDate> = [],
        openDates: Set<LocalDate> = []
    ) {
        self.national = national
        self.openWeekdays = openWeekdays
        self.opening = opening
        self.closing = closing
        self.timeZone = timeZone
        self.closedDates = closedDates
        self.openDates = openDates
        self.fixedOffset = FixedZoneOffset.of(timeZone)
    }

    /// Nil only for a calendar whose dates span centuries; it walks days instead.
    private var index: BusinessDayIndex? { indexSlot.index(for: self) }

    /// The most business days any count may span: about 3,800 years. A larger count gets nil, as a date outside `LocalDate.supportedDayNumbers` does, so that
    /// no count and no date can overflow the arithmetic below.
    public static let maximumCount = 1_000_000

    public func isBusinessDay(_ date: LocalDate) -> Bool {
        guard date.isSupported else { return false }
        guard let index else { return isBusinessDayByRule(date) }
        return index.isBusinessDay(date.dayNumber)
    }

    /// The rule itself, for a calendar too wide to index; the index reads the branch's closed
    /// and open dates the same way.
    private func isBusinessDayByRule(_ date: LocalDate) -> Bool {
        if closedDates.contains(date) { return false }
        if openDates.contains(date) { return true }
        return Self.isBusinessDay(date, national: national, openWeekdays: openWeekdays)
    }

    /// The rule for a branch without dates of its own; shared by every branch on the same
    /// national calendar and weekdays, so it is what their shared index is built from.
    static func isBusinessDay(_ date: LocalDate, national: NationalCalendar, openWeekdays: Set<Weekday>) -> Bool {
        if national.isNationalWorkday(date) { return true }
        return openWeekdays.contains(date.weekday) && !national.isHoliday(date)
    }

    /// The business days of a period, in order; empty when the branch is closed throughout
    /// (a Spring Festival week, say).
    public func businessDays(in days: ClosedRange<LocalDate>) -> [LocalDate] {
        guard Self.isSupported(days) else { return [] }
        var result: [LocalDate] = []
        days.forEachDay { if isBusinessDay($0) { result.append($0) } }
        return result
    }

    public func firstBusinessDay(in days: ClosedRange<LocalDate>) -> LocalDate? {
        guard Self.isSupported(days) else { return nil }
        guard let index else {
            for n in days.lowerBound.dayNumber...days.upperBound.dayNumber {
                let date = LocalDate(dayNumber: n)
                if isBusinessDay(date) { return date }
            }
            return nil
        }
        let first = index.day(ordinal: index.ordinal(through: days.lowerBound.dayNumber - 1) + 1)
        return first <= days.upperBound.dayNumber ? LocalDate(dayNumber: first) : nil
    }

    public func lastBusinessDay(in days: ClosedRange<LocalDate>) -> LocalDate? {
        guard Self.isSupported(days) else { return nil }
        guard let index else {
            for n in stride(from: days.upperBound.dayNumber, through: days.lowerBound.dayNumber, by: -1) {
                let date = LocalDate(dayNumber: n)
                if isBusinessDay(date) { return date }
            }
            return nil
        }
        let last = index.day(ordinal: index.ordinal(through: days.upperBound.dayNumber))
        return last >= days.lowerBound.dayNumber ? LocalDate(dayNumber: last) : nil
    }

    /// The `n`th business day of a period (1-based), or its last one when it has fewer.
    public func businessDay(_ n: Int, in days: ClosedRange<LocalDate>) -> LocalDate? {
        guard Self.isSupported(days) else { return nil }
        guard let index else {
            var seen = 0
            var last: LocalDate?
            for d in days.lowerBound.dayNumber...days.upperBound.dayNumber {
                let date = LocalDate(dayNumber: d)
                guard isBusinessDay(date) else { continue }
                seen += 1
                last = date
                if seen == n { return date }
            }
            return last
        }
        let before = index.ordinal(through: days.lowerBound.dayNumber - 1)
        let through = index.ordinal(through: days.upperBound.dayNumber)
        if n >= 1, n <= through - before { return LocalDate(dayNumber: index.day(ordinal: before + n)) }
        return through > before ? LocalDate(dayNumber: index.day(ordinal: through)) : nil
    }

    /// The business day `count` business days after `date` (0: `date` itself if it is one,
    /// else the next). Searches at most ten years ahead so a calendar closed for ever
    /// cannot hang the caller. A negative count is 0; nil for a count over `maximumCount`,
    /// and for a date or an answer outside `LocalDate.supportedDayNumbers`.
    public func businessDay(after date: LocalDate, count: Int) -> LocalDate? {
        guard date.isSupported, count <= Self.maximumCount else { return nil }
        guard let found = indexedBusinessDay(after: date, count: max(count, 0)), found.isSupported else { return nil }
        return found
    }

    private func indexedBusinessDay(after date: LocalDate, count: Int) -> LocalDate? {
        guard let index else { return walkBusinessDay(after: date, count: count) }
        // As the walk goes: to the next business day unless on one, then `count` more, each
        // search failing past ten years.
        var ordinal = index.ordinal(through: date.dayNumber)
        if !index.isBusinessDay(date.dayNumber) {
            ordinal += 1
            guard index.day(ordinal: ordinal) - date.dayNumber <= BusinessDayIndex.searchDays else { return nil }
        }
        guard count > 0 else { return LocalDate(dayNumber: index.day(ordinal: ordinal)) }
        guard !index.hasLongGap(from: ordinal, through: ordinal + count - 1) else { return nil }
        return LocalDate(dayNumber: index.day(ordinal: ordinal + count))
    }

    private func walkBusinessDay(after date: LocalDate, count: Int) -> LocalDate? {
        var current = date
        var remaining = count
        if isBusinessDay(current) {
            if remaining == 0 { return current }
        } else {
            guard let next = nextBusinessDay(after: current) else { return nil }
            current = next
            if remaining == 0 { return current }
        }
        while remaining > 0 {
            guard let next = nextBusinessDay(after: current) else { return nil }
            current = next
            remaining -= 1
        }
        return current
    }

    /// The business day `count` business days before `date` (which need not be one). Nil as
    /// `businessDay(after:count:)` is for a count, a date or an answer out of range.
    public func businessDay(before date: LocalDate, count: Int) -> LocalDate? {
        guard date.isSupported, count <= Self.maximumCount else { return nil }
        guard count > 0 else { return date }
        guard let found = indexedBusinessDay(before: date, count: count), found.isSupported else { return nil }
        return found
    }

    private func indexedBusinessDay(before date: LocalDate, count: Int) -> LocalDate? {
        guard let index else {
            var current = date
            var remaining = count
            while remaining > 0 {
                guard let previous = previousBusinessDay(before: current) else { return nil }
                current = previous
                remaining -= 1
            }
            return current
        }
        let ordinal = index.ordinal(through: date.dayNumber - 1)
        guard date.dayNumber - index.day(ordinal: ordinal) <= BusinessDayIndex.searchDays,
            !index.hasLongGap(from: ordinal - count + 1, through: ordinal - 1)
        else { return nil }
        return LocalDate(dayNumber: index.day(ordinal: ordinal - count + 1))
    }

    public func nextBusinessDay(after date: LocalDate) -> LocalDate? {
        guard date.isSupported else { return nil }
        guard let index else {
            for n in (date.dayNumber + 1)...(date.dayNumber + BusinessDayIndex.searchDays) {
                let candidate = LocalDate(dayNumber: n)
                if isBusinessDay(candidate) { return candidate }
            }
            return nil
        }
        let next = index.day(ordinal: index.ordinal(through: date.dayNumber) + 1)
        return next - date.dayNumber <= BusinessDayIndex.searchDays ? LocalDate(dayNumber: next) : nil
    }

    public func previousBusinessDay(before date: LocalDate) -> LocalDate? {
        guard date.isSupported else { return nil }
        guard let index else {
            for n in stride(
                from: date.dayNumber - 1, through: date.dayNumber - BusinessDayIndex.searchDays, by: -1)
            {
                let candidate = LocalDate(dayNumber: n)
                if isBusinessDay(candidate) { return candidate }
            }
            return nil
        }
        let previous = index.day(ordinal: index.ordinal(through: date.dayNumber - 1))
        return date.dayNumber - previous <= BusinessDayIndex.searchDays ? LocalDate(dayNumber: previous) : nil
    }

    /// Business days strictly after `from` and up to and including `to`.
    public func businessDaysBetween(_ from: LocalDate, _ to: LocalDate) -> Int {
        guard to > from, from.isSupported, to.isSupported else { return 0 }
        guard let index else {
            var count = 0
            for n in (from.dayNumber + 1)...to.dayNumber where isBusinessDay(LocalDate(dayNumber: n)) {
                count += 1
            }
            return count
        }
        return index.ordinal(through: to.dayNumber) - index.ordinal(through: from.dayNumber)
    }

    // MARK: - Instants

    /// The instant at which the given local wall-clock time occurs in the branch's zone.
    public func instant(_ date: LocalDate, _ time: TimeOfDay) -> Date {
        instant(date, secondsSinceMidnight: time.secondsSinceMidnight)
    }

    /// A date outside `LocalDate.supportedDayNumbers` (or seconds beyond a few decades) gives
    /// the distant past or future rather than an overflow.
    public func instant(_ date: LocalDate, secondsSinceMidnight: Int) -> Date {
        guard date.isSupported, (-1_000_000_000...1_000_000_000).contains(secondsSinceMidnight) else {
            return date.dayNumber < 0 ? .distantPast : .distantFuture
        }
        let wallClock = date.dayNumber * 86_400 + secondsSinceMidnight
        if let offset = fixedOffset?.offset(atLocal: wallClock) {
            return Date(timeIntervalSince1970: Double(wallClock - offset))
        }
        let local = Double(wallClock)
        // Two rounds settle the offset even on a daylight-saving change day.
        var offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local - offset)))
        return Date(timeIntervalSince1970: local - offset)
    }

    public func opening(on date: LocalDate) -> Date { instant(date, opening) }

    public func closing(on date: LocalDate) -> Date { instant(date, closing) }

    /// The branch-local civil date of an instant.
    public func localDate(of instant: Date) -> LocalDate {
        let seconds = Self.seconds(of: instant) + offset(at: instant)
        return LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// Seconds since local midnight of an instant, in the branch's zone.
    public func secondsSinceLocalMidnight(of instant: Date) -> Int {
        let seconds = Self.seconds(of: instant) + offset(at: instant)
        return ((seconds % 86_400) + 86_400) % 86_400
    }

    /// Whole seconds since 1970 of an instant, held to the supported dates: `Date.distantFuture`
    /// and anything past it (or not a number) must not trap the conversion to an integer.
    private static func seconds(of instant: Date) -> Int {
        let limit = Double(LocalDate.supportedDayNumbers.upperBound) * 86_400
        let seconds = instant.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return seconds > 0 ? Int(limit) : -Int(limit) }
        return Int(min(max(seconds, -limit), limit))
    }

    private static func isSupported(_ days: ClosedRange<LocalDate>) -> Bool {
        days.lowerBound.isSupported && days.upperBound.isSupported
    }

    private func offset(at instant: Date) -> Int {
        fixedOffset?.offset(at: instant.timeIntervalSince1970) ?? timeZone.secondsFromGMT(for: instant)
    }
}
