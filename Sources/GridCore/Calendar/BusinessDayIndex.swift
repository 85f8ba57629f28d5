import Synchronization

/// A business calendar's days as one bit a day with running counts, so that "the Nth business
/// day after", "business days between" and "the next business day" are lookups, not walks:
/// the alert pass asks them for every open occurrence, and walking made an item overdue for
/// months cost months of days at every pass.
///
/// Only the span its data touches is stored: the national holidays and swapped workdays and
/// the branch's own closed and open dates. Outside that span a day is a business day by its
/// weekday alone, so counts there are arithmetic on whole weeks. The index is thus exact for
/// every date, and small: a bit a day of data, and as much again for the running counts.
///
/// Business days are numbered by ordinal: 1 is the first of the stored span, 0 the last before
/// it, and so on in both directions. Ordinals exist only to be subtracted and counted.
///
/// Its arithmetic is unchecked, for speed: `BusinessCalendar` asks it only about days inside
/// `LocalDate.supportedDayNumbers` and counts up to `BusinessCalendar.maximumCount`, where
/// no day number, ordinal or week count comes near overflowing.
final class BusinessDayIndex: Sendable {
    /// The widest span indexed, about 270 years of data; a calendar wider than that (a typo
    /// in a closed date, say) is answered by walking days, as it always was.
    static let maximumSpan = 100_000

    /// How far apart two business days may be for a search from one to find the other,
    /// as `BusinessCalendar` has always searched: ten years, so a closed calendar cannot hang.
    static let searchDays = 3660

    /// False for the stand-in kept for a calendar too wide to index.
    let isUsable: Bool
    /// The stored span: day numbers `lower..<upper`.
    private let lower: Int
    private let upper: Int
    /// Bit `i` of word `w` is day `lower + 64w + i`.
    private let words: [UInt64]
    /// Business days of the span before each word; one entry more than `words`.
    private let countBefore: [Int]
    private let total: Int
    private let weekly: WeeklyPattern
    /// Ordinals `j` whose next business day, `j + 1`, is further away than a search goes.
    private let longGaps: [Int]

    private init(isUsable: Bool, lower: Int, upper: Int, words: [UInt64], weekly: WeeklyPattern) {
        // Weeks without a business day would leave the weekly counts nothing to count by. The
        // rule cannot give one today (Monday to Friday work outside holidays), but if it ever
        // did, days are walked as before.
        guard isUsable, !weekly.isEmpty else {
            (self.isUsable, self.lower, self.upper, self.words, self.countBefore) = (false, 0, 0, [], [0])
            (self.total, self.weekly, self.longGaps) = (0, weekly, [])
            return
        }
        var countBefore = [0]
        countBefore.reserveCapacity(words.count + 1)
        for word in words { countBefore.append(countBefore[countBefore.count - 1] + word.nonzeroBitCount) }
        let total = countBefore[countBefore.count - 1]
        // Business day 0 is before the span and `total + 1` after it, both by the weekly rule.
        let lastBefore = weekly.day(number: weekly.count(through: lower - 1))
        let firstAfter = weekly.day(number: weekly.count(through: upper - 1) + 1)
        var longGaps: [Int] = []
        var previous = lastBefore
        var ordinal = 0
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                let day = lower + w * 64 + bits.trailingZeroBitCount
                if day - previous > Self.searchDays { longGaps.append(ordinal) }
                previous = day
                ordinal += 1
                bits &= bits - 1
            }
        }
        if firstAfter - previous > Self.searchDays { longGaps.append(ordinal) }

        self.isUsable = true
        self.lower = lower
        self.upper = upper
        self.words = words
        self.countBefore = countBefore
        self.total = total
        self.weekly = weekly
        self.longGaps = longGaps
    }

    // MARK: - Lookups

    func isBusinessDay(_ day: Int) -> Bool {
        guard day >= lower, day < upper else { return weekly.contains(day) }
        let i = day - lower
        return words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// The ordinal of the last business day on or before `day`.
    func ordinal(through day: Int) -> Int {
        if day < lower { return weekly.count(through: day) - weekly.count(through: lower - 1) }
        if day >= upper { return total + weekly.count(through: day) - weekly.count(through: upper - 1) }
        let days = day - lower + 1
        let w = days >> 6
        let bits = days & 63
        guard bits != 0 else { return countBefore[w] }
        return countBefore[w] + (words[w] & ((1 << UInt64(bits)) - 1)).nonzeroBitCount
    }

    /// The business day of an ordinal.
    func day(ordinal: Int) -> Int {
        if ordinal <= 0 { return weekly.day(number: weekly.count(through: lower - 1) + ordinal) }
        if ordinal > total { return weekly.day(number: weekly.count(through: upper - 1) + ordinal - total) }
        // The last word with fewer business days before it than the ordinal holds it.
        var low = 0
        var high = words.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if countBefore[middle] < ordinal { low = middle } else { high = middle - 1 }
        }
        var bits = words[low]
        for _ in 0..<(ordinal - countBefore[low] - 1) { bits &= bits - 1 }
        return lower + low * 64 + bits.trailingZeroBitCount
    }

    /// Whether a search from some business day with an ordinal in `first...last` to the next
    /// would fail.
    func hasLongGap(from first: Int, through last: Int) -> Bool {
        guard first <= last, !longGaps.isEmpty else { return false }
        var low = 0
        var high = longGaps.count
        while low < high {
            let middle = (low + high) / 2
            if longGaps[middle] < first { low = middle + 1 } else { high = middle }
        }
        return low < longGaps.count && longGaps[low] <= last
    }

    // MARK: - Building and sharing

    /// What a calendar's business days depend on; its hours and zone do not matter here.
    private struct Key: Hashable {
        let national: NationalCalendar
        let openWeekdays: Set<Weekday>
        let closedDates: Set<LocalDate>
        let openDates: Set<LocalDate>
    }

    /// More distinct calendars than any bank has; past it the cache starts again, so that
    /// years of configuration reloads cannot grow it for ever.
    private static let cacheLimit = 65_536

    private static let cache = Mutex<[Key: BusinessDayIndex]>([:])

    /// The index for a calendar, built on first use and shared with every calendar of the same
    /// days. Branches of a bank mostly share a handful; a branch with its own dates derives
    /// its index from its national calendar's in microseconds.
    static func shared(for calendar: BusinessCalendar) -> BusinessDayIndex {
        let key = Key(
            national: calendar.national, openWeekdays: calendar.openWeekdays, closedDates: calendar.closedDates,
            openDates: calendar.openDates)
        let common = Key(
            national: calendar.national, openWeekdays: calendar.openWeekdays, closedDates: [], openDates: [])
        return cache.withLock { entries in
            if let found = entries[key] { return found }
            if entries.count >= cacheLimit { entries.removeAll() }
            let base =
                entries[common] ?? BusinessDayIndex(national: calendar.national, openWeekdays: calendar.openWeekdays)
            entries[common] = base
            guard key != common else { return base }
            let index = BusinessDayIndex(base: base, closedDates: calendar.closedDates, openDates: calendar.openDates)
            entries[key] = index
            return index
        }
    }

    /// The index of a national calendar as seen by a branch open on `openWeekdays`.
    private convenience init(national: NationalCalendar, openWeekdays: Set<Weekday>) {
        var first = Int.max
        var last = Int.min
        for holiday in national.holidays {
            first = min(first, holiday.days.lowerBound.dayNumber)
            last = max(last, holiday.days.upperBound.dayNumber)
        }
        for date in national.swappedWorkdays {
            first = min(first, date.dayNumber)
            last = max(last, date.dayNumber)
        }
        let (lower, upper) = first <= last ? (first, last + 1) : (0, 0)
        let isOpen = { (day: Int) in
            BusinessCalendar.isBusinessDay(LocalDate(dayNumber: day), national: national, openWeekdays: openWeekdays)
        }
        // The week past the span follows the weekly rule, as every day outside it does.
        let weekly = WeeklyPattern(open: (upper..<upper + 7).filter(isOpen))
        guard upper - lower <= Self.maximumSpan else {
            self.init(isUsable: false, lower: 0, upper: 0, words: [], weekly: weekly)
            return
        }
        var words = [UInt64](repeating: 0, count: (upper - lower + 63) / 64)
        for day in lower..<upper where isOpen(day) {
            words[(day - lower) >> 6] |= 1 << UInt64((day - lower) & 63)
        }
        self.init(isUsable: true, lower: lower, upper: upper, words: words, weekly: weekly)
    }

    /// A branch's index: its national calendar's, widened to its own dates and overridden on them.
    private convenience init(base: BusinessDayIndex, closedDates: Set<LocalDate>, openDates: Set<LocalDate>) {
        var lower = base.upper > base.lower ? base.lower : Int.max
        var upper = base.upper > base.lower ? base.upper : Int.min
        for date in closedDates.union(openDates) {
            lower = min(lower, date.dayNumber)
            upper = max(upper, date.dayNumber + 1)
        }
        guard base.isUsable, upper - lower <= Self.maximumSpan else {
            self.init(isUsable: false, lower: 0, upper: 0, words: [], weekly: base.weekly)
            return
        }
        var words = [UInt64](repeating: 0, count: (upper - lower + 63) / 64)
        for day in lower..<upper where base.isBusinessDay(day) {
            words[(day - lower) >> 6] |= 1 << UInt64((day - lower) & 63)
        }
        // As `BusinessCalendar.isBusinessDay` reads them: a closed date beats an open one.
        for date in openDates {
            words[(date.dayNumber - lower) >> 6] |= 1 << UInt64((date.dayNumber - lower) & 63)
        }
        for date in closedDates {
            words[(date.dayNumber - lower) >> 6] &= ~(1 << UInt64((date.dayNumber - lower) & 63))
        }
        self.init(isUsable: true, lower: lower, upper: upper, words: words, weekly: base.weekly)
    }
}

extension BusinessDayIndex {
    /// Holds a calendar's index once looked up, so that each calendar looks it up in the
    /// shared cache (hashing its dates) once, and later lookups are a single atomic load.
    ///
    /// An `Atomic` of an unmanaged reference rather than an `AtomicLazyReference`, whose
    /// `load()` is not inlined and costs a generic metadata lookup per call: this is read at
    /// every business-day question. The slot owns one retain of the index it holds.
    final class Slot: Sendable {
        private let reference = Atomic<Unmanaged<BusinessDayIndex>?>(nil)

        init() {}

        deinit {
            reference.load(ordering: .acquiring)?.release()
        }

        /// Nil for a calendar too wide to index.
        func index(for calendar: BusinessCalendar) -> BusinessDayIndex? {
            let index = reference.load(ordering: .acquiring)?.takeUnretainedValue() ?? store(for: calendar)
            return index.isUsable ? index : nil
        }

        /// The first lookup; of two racing, the loser drops its retain and takes the winner's.
        private func store(for calendar: BusinessCalendar) -> BusinessDayIndex {
            let found = Unmanaged.passRetained(BusinessDayIndex.shared(for: calendar))
            let (stored, original) = reference.compareExchange(
                expected: nil, desired: found, ordering: .acquiringAndReleasing)
            guard !stored, let original else { return found.takeUnretainedValue() }
            found.release()
            return original.takeUnretainedValue()
        }
    }

    /// The business weekdays outside the stored span, as a seven-day cycle starting on day
    /// number 0 (a Thursday), and counts along it.
    private struct WeeklyPattern: Sendable {
        /// Open days of the cycle before cycle day `i`, for `i` in 0...7.
        private let countBefore: [Int]
        /// The open days of the cycle, in order.
        private let openDays: [Int]

        /// From the open days of any seven consecutive days.
        init(open days: [Int]) {
            let cycleDays = Set(days.map { ($0 % 7 + 7) % 7 })
            var counts = [0]
            for cycleDay in 0..<7 { counts.append(counts[cycleDay] + (cycleDays.contains(cycleDay) ? 1 : 0)) }
            self.countBefore = counts
            self.openDays = cycleDays.sorted()
        }

        var isEmpty: Bool { openDays.isEmpty }

        func contains(_ day: Int) -> Bool {
            let cycleDay = day - 7 * Self.weeks(day)
            return countBefore[cycleDay + 1] != countBefore[cycleDay]
        }

        /// Open days from day number 0 through `day`; negative before day 0.
        func count(through day: Int) -> Int {
            let weeks = Self.weeks(day)
            return weeks * openDays.count + countBefore[day - 7 * weeks + 1]
        }

        /// The open day whose `count(through:)` is `number`.
        func day(number: Int) -> Int {
            let weeks = (number - 1 >= 0 ? number - 1 : number - openDays.count) / openDays.count
            return 7 * weeks + openDays[number - 1 - weeks * openDays.count]
        }

        /// Whole weeks from day 0 to `day`, rounded down.
        private static func weeks(_ day: Int) -> Int { day >= 0 ? day / 7 : (day - 6) / 7 }
    }
}
