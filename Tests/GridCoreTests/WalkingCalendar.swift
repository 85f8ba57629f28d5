import Foundation
import GridCore

/// `BusinessCalendar` as it was before the business-day index and the fixed-offset shortcut:
/// every answer walks days one by one and every instant asks the time zone. Copied from it
/// unchanged, reading the calendar's public inputs, as the reference the fast paths must match.
struct WalkingCalendar {
    let calendar: BusinessCalendar

    var opening: TimeOfDay { calendar.opening }
    var timeZone: TimeZone { calendar.timeZone }

    func isBusinessDay(_ date: LocalDate) -> Bool {
        if calendar.closedDates.contains(date) { return false }
        if calendar.openDates.contains(date) { return true }
        if calendar.national.isNationalWorkday(date) { return true }
        return calendar.openWeekdays.contains(date.weekday) && !calendar.national.isHoliday(date)
    }

    func businessDays(in days: ClosedRange<LocalDate>) -> [LocalDate] {
        var result: [LocalDate] = []
        days.forEachDay { if isBusinessDay($0) { result.append($0) } }
        return result
    }

    func firstBusinessDay(in days: ClosedRange<LocalDate>) -> LocalDate? {
        for n in days.lowerBound.dayNumber...days.upperBound.dayNumber {
            let date = LocalDate(dayNumber: n)
            if isBusinessDay(date) { return date }
        }
        return nil
    }

    func lastBusinessDay(in days: ClosedRange<LocalDate>) -> LocalDate? {
        for n in stride(from: days.upperBound.dayNumber, through: days.lowerBound.dayNumber, by: -1) {
            let date = LocalDate(dayNumber: n)
            if isBusinessDay(date) { return date }
        }
        return nil
    }

    func businessDay(_ n: Int, in days: ClosedRange<LocalDate>) -> LocalDate? {
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

    func businessDay(after date: LocalDate, count: Int) -> LocalDate? {
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

    func businessDay(before date: LocalDate, count: Int) -> LocalDate? {
        var current = date
        var remaining = count
        while remaining > 0 {
            guard let previous = previousBusinessDay(before: current) else { return nil }
            current = previous
            remaining -= 1
        }
        return current
    }

    func nextBusinessDay(after date: LocalDate) -> LocalDate? {
        for n in (date.dayNumber + 1)...(date.dayNumber + 3660) {
            let candidate = LocalDate(dayNumber: n)
            if isBusinessDay(candidate) { return candidate }
        }
        return nil
    }

    func previousBusinessDay(before date: LocalDate) -> LocalDate? {
        for n in stride(from: date.dayNumber - 1, through: date.dayNumber - 3660, by: -1) {
            let candidate = LocalDate(dayNumber: n)
            if isBusinessDay(candidate) { return candidate }
        }
        return nil
    }

    func businessDaysBetween(_ from: LocalDate, _ to: LocalDate) -> Int {
        guard to > from else { return 0 }
        var count = 0
        for n in (from.dayNumber + 1)...to.dayNumber where isBusinessDay(LocalDate(dayNumber: n)) {
            count += 1
        }
        return count
    }

    // MARK: - Instants

    func instant(_ date: LocalDate, secondsSinceMidnight: Int) -> Date {
        let local = Double(date.dayNumber * 86_400 + secondsSinceMidnight)
        var offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local - offset)))
        return Date(timeIntervalSince1970: local - offset)
    }

    func opening(on date: LocalDate) -> Date { instant(date, secondsSinceMidnight: opening.secondsSinceMidnight) }

    func localDate(of instant: Date) -> LocalDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        return LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    func secondsSinceLocalMidnight(of instant: Date) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        return ((seconds % 86_400) + 86_400) % 86_400
    }
}
