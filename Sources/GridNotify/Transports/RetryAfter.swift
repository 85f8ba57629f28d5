import Foundation

/// A `Retry-After` header's wait in seconds: either a number of seconds or an HTTP-date
/// (RFC 9110 §10.2.3: IMF-fixdate, or the obsolete RFC 850 and asctime forms), counted from
/// `now`. Nil when the value is neither; a date in the past waits 0.
enum RetryAfter {
    static func seconds(_ value: String, now: Date) -> Double? {
        let text = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if let seconds = Int(text), seconds >= 0 { return Double(seconds) }
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    private static let formats = [
        "EEE, dd MMM yyyy HH:mm:ss 'GMT'",
        "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
        "EEE MMM d HH:mm:ss yyyy",
    ]
}
