import GridCore

/// What `gridctl validate` and `gridd` say about a year whose State Council holiday notice is
/// not in the calendar yet, in one wording.
public enum NoticeWarning {
    public static func text(calendar: NationalCalendar, year: Int) -> String {
        if calendar.isComputed(year: year) {
            return
                "calendar '\(calendar.id)' has no notice for \(year): its statutory holidays are computed by rule (gridctl calendar --year \(year)) and its swapped working days (调休) are unknown; add the year's notice to calendars/\(calendar.id).yaml"
        }
        return
            "calendar '\(calendar.id)' has no holidays for \(year): business days fall back to the open weekdays alone; add the year's notice to calendars/\(calendar.id).yaml"
    }
}
