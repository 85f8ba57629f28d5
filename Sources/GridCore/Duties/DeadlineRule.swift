/// When inside its period an occurrence falls due. Written in the catalog as
/// `period-end` (the default), `business-day N`, `month-end N` or, for triggered duties,
/// `after N business-days`.
public enum DeadlineRule: Hashable, Sendable, CustomStringConvertible {
    /// Closing time on the last business day of the period.
    case periodEnd
    /// Closing time on the Nth business day of the period (its last one if it has fewer).
    case businessDay(Int)
    /// Closing time on the last business day of the Nth month of the period:
    /// "每年一季度" is `month-end 3` of a yearly duty.
    case monthEnd(Int)
    /// Closing time N business days after the day a triggered duty is raised
    /// (0: the same business day).
    case afterBusinessDays(Int)

    /// Parses the catalog's spelling; the error says what was expected.
    public static func parse(_ text: String) -> Result<DeadlineRule, CatalogTextError> {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch words.count {
        case 1 where words[0] == "period-end":
            return .success(.periodEnd)
        case 2 where words[0] == "business-day":
            guard let n = Int(words[1]), n >= 1 else { break }
            return .success(.businessDay(n))
        case 2 where words[0] == "month-end":
            guard let n = Int(words[1]), n >= 1 else { break }
            return .success(.monthEnd(n))
        case 3 where words[0] == "after" && (words[2] == "business-days" || words[2] == "business-day"):
            guard let n = Int(words[1]), n >= 0 else { break }
            return .success(.afterBusinessDays(n))
        default:
            break
        }
        return .failure(
            CatalogTextError(
                "'\(text)' is not a deadline; expected 'period-end', 'business-day N', 'month-end N' or 'after N business-days'"
            ))
    }

    /// Why this rule cannot apply to a cadence ("a deadline outside its period"), or nil.
    public func problem(for cadence: Cadence) -> String? {
        switch (self, cadence) {
        case (.afterBusinessDays, .triggered):
            return nil
        case (_, .triggered):
            return "a triggered duty has no period; expected 'after N business-days'"
        case (.periodEnd, _):
            return nil
        case (.afterBusinessDays, _):
            return
                "'\(self)' applies to triggered duties only; a \(cadence.rawValue) duty needs a deadline inside its period"
        case (.businessDay(let n), _):
            return n <= cadence.maximumDays
                ? nil
                : "business day \(n) lies outside a \(cadence.rawValue) period of at most \(cadence.maximumDays) days"
        case (.monthEnd(let n), _):
            guard let months = cadence.months else {
                return "'month-end' needs a period made of months; a \(cadence.rawValue) period is not"
            }
            return n <= months ? nil : "month \(n) lies outside a \(cadence.rawValue) period of \(months) month(s)"
        }
    }

    /// The business day on which the deadline falls in `period`; nil if the branch is closed
    /// for the whole of it (no occurrence is owed then).
    public func deadlineDay(in period: Period, calendar: BusinessCalendar) -> LocalDate? {
        switch self {
        case .periodEnd, .afterBusinessDays:
            return calendar.lastBusinessDay(in: period.days)
        case .businessDay(let n):
            return calendar.businessDay(n, in: period.days)
        case .monthEnd(let n):
            let first = period.days.lowerBound.adding(months: n - 1)
            let last = min(first.adding(months: 1).adding(days: -1), period.days.upperBound)
            return calendar.lastBusinessDay(in: first...last)
                ?? calendar.firstBusinessDay(in: first...period.days.upperBound)
        }
    }

    public var description: String {
        switch self {
        case .periodEnd: "period-end"
        case .businessDay(let n): "business-day \(n)"
        case .monthEnd(let n): "month-end \(n)"
        case .afterBusinessDays(let n): "after \(n) business-days"
        }
    }
}

/// A catalog value that did not parse; the configuration loader adds the file, line and field.
public struct CatalogTextError: Error, Hashable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
