import Foundation

/// A branch's business calendar as the database keeps it: everything the branch file says
/// about its days, with the national calendar named rather than copied. A command about the
/// whole bank rebuilds 20,000 calendars from these and one calendars/ file, instead of
/// parsing 20,000 branch files.
public struct CalendarDescription: Codable, Hashable, Sendable {
    public var national: String
    public var openWeekdays: [Weekday]
    public var opening: String
    public var closing: String
    public var timeZone: String
    public var closedDates: [LocalDate]
    public var openDates: [LocalDate]

    public init(_ calendar: BusinessCalendar) {
        national = calendar.national.id
        openWeekdays = Weekday.allCases.filter(calendar.openWeekdays.contains)
        opening = calendar.opening.description
        closing = calendar.closing.description
        timeZone = calendar.timeZone.identifier
        closedDates = calendar.closedDates.sorted()
        openDates = calendar.openDates.sorted()
    }

    /// The calendar again, on `nationals` (by id); nil if its national calendar, zone or
    /// times are not there any more.
    public func calendar(nationals: [String: NationalCalendar]) -> BusinessCalendar? {
        guard let national = nationals[national], let zone = TimeZone(identifier: timeZone),
            let opening = TimeOfDay(opening), let closing = TimeOfDay(closing)
        else { return nil }
        return BusinessCalendar(
            national: national, openWeekdays: Set(openWeekdays), opening: opening, closing: closing, timeZone: zone,
            closedDates: Set(closedDates), openDates: Set(openDates))
    }
}
