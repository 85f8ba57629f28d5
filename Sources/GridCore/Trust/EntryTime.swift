import Foundation

/// When a completion says it was performed (`--at`), checked against the real time of entry.
/// A few business days back is an ordinary entry; older is a *late entry*, accepted only
/// with a note saying why, and kept as one, so that back-dated work shows as such.
public enum EntryTime {
    public enum Refusal: Error, Equatable, Sendable {
        case future
        case beforePeriod(periodStart: Date)
        case lateWithoutNote(businessDays: Int, limit: Int)
    }

    public struct Accepted: Equatable, Sendable {
        public let performedAt: Date
        public let lateEntry: Bool
    }

    /// Tolerance for a clock a little ahead of the database's.
    public static let futureSlack: TimeInterval = 60

    /// `stated` (nil: now), against `now`, the item's period start and `lateEntryAfter`
    /// business days of the branch's calendar.
    public static func check(
        stated: Date?, now: Date, periodStart: Date, calendar: BusinessCalendar, lateEntryAfter: Int, note: String?
    ) -> Result<Accepted, Refusal> {
        let performedAt = stated ?? now
        if performedAt > now.addingTimeInterval(futureSlack) { return .failure(.future) }
        if performedAt < periodStart { return .failure(.beforePeriod(periodStart: periodStart)) }
        let back = calendar.businessDaysBetween(calendar.localDate(of: performedAt), calendar.localDate(of: now))
        guard back > lateEntryAfter else { return .success(Accepted(performedAt: performedAt, lateEntry: false)) }
        if (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .failure(.lateWithoutNote(businessDays: back, limit: lateEntryAfter))
        }
        return .success(Accepted(performedAt: performedAt, lateEntry: true))
    }

    /// Whether a stored completion was a late entry: performed more than `lateEntryAfter`
    /// business days before it was recorded.
    public static func isLateEntry(
        performedAt: Date, recordedAt: Date, calendar: BusinessCalendar, lateEntryAfter: Int
    ) -> Bool {
        calendar.businessDaysBetween(calendar.localDate(of: performedAt), calendar.localDate(of: recordedAt))
            > lateEntryAfter
    }
}
