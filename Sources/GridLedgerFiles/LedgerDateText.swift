import Foundation
import GridCore
import GridSheets

/// Dates as bank workbooks hold them: date cells, serial numbers, and text written
/// `YYYY-MM-DD`, `YYYY年M月D日`, `YYYY/M/D` or `YYYY.M.D`.
enum LedgerDateText {
    /// Serial numbers read as dates: 2000-01-01 to 2099-12-31. A number outside is a
    /// number someone typed, not a day.
    static let plausibleSerials = 36_526.0...73_050.0

    /// The day a text names, in any of the accepted forms; nil for anything else.
    static func date(from text: String) -> LocalDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var parts: [Substring]
        if trimmed.contains("年") {
            guard trimmed.hasSuffix("日") else { return nil }
            parts = trimmed.dropLast().split(separator: "年", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let monthDay = parts[1].split(separator: "月", omittingEmptySubsequences: false)
            guard monthDay.count == 2 else { return nil }
            parts = [parts[0]] + monthDay
        } else {
            guard let separator = trimmed.first(where: { $0 == "-" || $0 == "/" || $0 == "." }) else { return nil }
            parts = trimmed.split(separator: separator, omittingEmptySubsequences: false)
        }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// The day of a date cell (its UTC date, as GridSheets reads a cell's day).
    static func date(from instant: Date) -> LocalDate {
        LocalDate(dayNumber: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The day a serial number stands for, when it is a plausible one.
    static func date(fromSerial serial: Double) -> LocalDate? {
        guard plausibleSerials.contains(serial), let instant = DateSystem.from1900.date(fromSerial: serial) else {
            return nil
        }
        return date(from: instant)
    }

    /// The day as a date cell: its midnight UTC.
    static func instant(_ date: LocalDate) -> Date {
        Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400)
    }
}
