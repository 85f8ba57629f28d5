import Foundation
import GridConfig
import GridCore
import Logging

/// Warns in the journal about each year whose State Council holiday notice the calendars
/// lack: from 1 December for the next year, and every day once in it. Called at start and on
/// each new day, so an operator reading `journalctl -p warning` sees it daily until fixed.
public enum MissingNoticeLog {
    public static func warn(_ configuration: Configuration, at instant: Date, logger: Logger) {
        let local =
            configuration.branches.first?.calendar ?? BusinessCalendar(national: .plainWeekdays, timeZone: .gmt)
        let today = local.localDate(of: instant)
        for calendar in configuration.calendars.values.sorted(by: { $0.id < $1.id }) {
            for year in calendar.missingNotices(on: today) {
                logger.warning(
                    "holiday calendar has no notice for a year",
                    metadata: [
                        "calendar": "\(calendar.id)", "year": "\(year)",
                        "computed": "\(calendar.isComputed(year: year))",
                        "hint": "\(NoticeWarning.text(calendar: calendar, year: year))",
                    ])
            }
        }
    }
}
