import Foundation

/// How the repeat while an item stays overdue reaches people (`policy.yaml`'s `digest`):
/// folded into one message per person per business day, at a branch-local time, instead of
/// one alert per item. State changes (reminder, overdue, each escalation step, notice) are
/// never folded.
public struct DigestPolicy: Hashable, Sendable {
    /// Branch-local time of the day's digest; nil is the branch's opening.
    public let at: TimeOfDay?
    /// The alert kinds folded into the digest: only `nag` can be; empty keeps one alert per
    /// item, every `nag-every` business days.
    public let kinds: Set<AlertKind>
    /// Business days between two digests to one person.
    public let everyBusinessDays: Int

    /// The kinds a digest may fold: the repeats, never a state change.
    public static let foldableKinds: Set<AlertKind> = [.nag]

    public init(at: TimeOfDay? = nil, kinds: Set<AlertKind> = [.nag], everyBusinessDays: Int = 1) {
        self.at = at
        self.kinds = kinds.intersection(Self.foldableKinds)
        self.everyBusinessDays = max(1, everyBusinessDays)
    }

    /// Digests in place of the nag, at the opening, every business day.
    public static let standard = DigestPolicy()
    /// Today's behaviour before digests: one nag per item, no digest.
    public static let none = DigestPolicy(kinds: [])

    /// Whether the repeat is folded into digests (and so never raised as an alert of its own).
    public var foldsNags: Bool { kinds.contains(.nag) }

    /// The instant of the digest on `day` in a branch with `calendar`.
    public func instant(on day: LocalDate, calendar: BusinessCalendar) -> Date {
        calendar.instant(day, at ?? calendar.opening)
    }

    /// The day whose digests are due at `now`: today, if it is a business day and its digest
    /// time has come. A business day that passed without a pass gets no late digest.
    public func day(at now: Date, calendar: BusinessCalendar) -> LocalDate? {
        guard foldsNags else { return nil }
        let today = calendar.localDate(of: now)
        guard calendar.isBusinessDay(today), instant(on: today, calendar: calendar) <= now else { return nil }
        return today
    }

    /// The first digest instant strictly after `now`: when the daemon must wake for it.
    public func nextInstant(after now: Date, calendar: BusinessCalendar) -> Date? {
        guard foldsNags else { return nil }
        let today = calendar.localDate(of: now)
        if calendar.isBusinessDay(today), instant(on: today, calendar: calendar) > now {
            return instant(on: today, calendar: calendar)
        }
        return calendar.nextBusinessDay(after: today).map { instant(on: $0, calendar: calendar) }
    }
}
