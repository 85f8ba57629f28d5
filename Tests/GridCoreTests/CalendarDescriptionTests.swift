import Foundation
import GridCore
import GridTestKit
import Testing

/// A branch calendar stored as a description and rebuilt on the national calendars.
@Suite("Calendar descriptions")
struct CalendarDescriptionTests {
    @Test("A calendar rebuilt from its JSON description answers every day and instant as the original")
    func roundTrip() throws {
        let original = Fixtures.businessCalendar(
            openWeekdays: [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday],
            closedDates: [Fixtures.date("2025-03-05")], openDates: [Fixtures.date("2025-10-04")])
        let json = try JSONEncoder().encode(CalendarDescription(original))
        let description = try JSONDecoder().decode(CalendarDescription.self, from: json)
        let rebuilt = try #require(description.calendar(nationals: [original.national.id: original.national]))
        for day in Fixtures.date("2024-12-01").dayNumber...Fixtures.date("2026-01-31").dayNumber {
            let date = LocalDate(dayNumber: day)
            #expect(rebuilt.isBusinessDay(date) == original.isBusinessDay(date), "\(date)")
        }
        #expect(rebuilt.closing(on: Fixtures.date("2025-06-03")) == original.closing(on: Fixtures.date("2025-06-03")))
        #expect(rebuilt.timeZone == original.timeZone)
        #expect(description.calendar(nationals: [:]) == nil, "its national calendar is gone")
    }
}
