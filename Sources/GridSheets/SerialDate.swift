import Foundation

/// Dates as spreadsheets store them: a count of days (the fraction is the time of day) from an
/// epoch that depends on the workbook's date system.
public enum DateSystem: Sendable, Equatable {
    /// Day 1 is 1900-01-01 and, as Lotus 1-2-3 did, day 60 is the 29 February 1900 that never was.
    case from1900
    /// Day 0 is 1904-01-01 (old Mac Excel; the workbook's `date1904` flag).
    case from1904

    private static let secondsPerDay = 86_400.0
    /// 1899-12-30 and 1904-01-01 as seconds since 1970.
    private static let epoch1900 = -2_209_161_600.0
    private static let epoch1904 = -2_082_844_800.0

    /// The instant a serial number stands for, in UTC; `nil` outside years 1900 to 9999.
    public func date(fromSerial serial: Double) -> Date? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        switch self {
        case .from1904:
            return Date(timeIntervalSince1970: Self.epoch1904 + Self.roundedSeconds(serial))
        case .from1900:
            // Before the phantom 1900-02-29 the epoch is a day later; day 60 itself is read as 1900-02-28.
            let days = serial < 61 ? (serial < 60 ? serial + 1 : 60) : serial
            return Date(timeIntervalSince1970: Self.epoch1900 + Self.roundedSeconds(days))
        }
    }

    /// The serial number that stands for an instant (its UTC date and time).
    public func serial(from date: Date) -> Double {
        switch self {
        case .from1904:
            return (date.timeIntervalSince1970 - Self.epoch1904) / Self.secondsPerDay
        case .from1900:
            let days = (date.timeIntervalSince1970 - Self.epoch1900) / Self.secondsPerDay
            return days < 61 ? days - 1 : days
        }
    }

    /// Rounds to the millisecond, as the fraction of a day rarely lands on a whole second.
    private static func roundedSeconds(_ days: Double) -> Double {
        (days * secondsPerDay * 1000).rounded() / 1000
    }
}

/// Whether a number format shows a date or time: Excel's built-in date formats, or a custom code
/// with day, month, year, hour or second letters outside quoted text, escapes and `[…]` sections
/// (other than elapsed-time `[h]`).
func isDateFormat(id: Int, code: String?) -> Bool {
    switch id {
    case 14...22, 27...36, 45...47, 50...58, 71...81: return true
    default: break
    }
    guard let code else { return false }
    var inQuote = false
    var inBracket = false
    var escaped = false
    var bracket = ""
    for character in code {
        if escaped {
            escaped = false
            continue
        }
        if inQuote {
            if character == "\"" { inQuote = false }
            continue
        }
        if inBracket {
            if character == "]" {
                inBracket = false
                let lowered = bracket.lowercased()
                if ["h", "hh", "m", "mm", "s", "ss"].contains(lowered) { return true }
                bracket = ""
            } else {
                bracket.append(character)
            }
            continue
        }
        switch character {
        case "\\", "_", "*": escaped = true
        case "\"": inQuote = true
        case "[": inBracket = true
        case ";": return false  // only the first (positive) section decides
        case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S": return true
        default: break
        }
    }
    return false
}
