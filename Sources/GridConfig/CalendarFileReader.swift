import GridCore
import Yams

/// Reads a national holiday calendar (`calendars/*.yaml`): per year, the State Council's
/// holiday spans and the weekend days that become working days; and the statutory days off
/// from which the years after the last notice are computed.
struct CalendarFileReader {
    let file: String
    let log: IssueLog

    func read(_ root: Node) -> NationalCalendar? {
        let top = MappingReader(file: file, node: root, context: "", log: log)
        top.rejectUnknownKeys(["id", "name", "statutory", "years"])
        let id = top.string("id", required: true)
        let name = top.string("name") ?? id ?? ""
        var holidays: [NationalCalendar.Holiday] = []
        var workdays: Set<LocalDate> = []
        var years: Set<Int> = []
        for yearNode in top.mappings("years", required: true) {
            let entry = MappingReader(file: file, node: yearNode, context: "years", log: log)
            entry.rejectUnknownKeys(["year", "notice", "holidays", "workdays"])
            guard let year = entry.int("year", required: true) else { continue }
            let context = "year \(year)"
            let reader = entry.with(context: context)
            if !years.insert(year).inserted { reader.fail("year", "year \(year) is listed twice") }
            _ = reader.longText("notice")
            for holidayNode in reader.mappings("holidays") {
                let h = MappingReader(file: file, node: holidayNode, context: "\(context) holidays", log: log)
                h.rejectUnknownKeys(["name", "from", "to"])
                let holidayName = h.text("name", required: true) ?? "?"
                guard let from = h.date("from", required: true) else { continue }
                let to = h.date("to") ?? from
                guard from <= to else {
                    h.fail("to", "\(to) is before 'from' \(from)")
                    continue
                }
                if from.year != year || to.year != year {
                    h.fail("from", "the span \(from)…\(to) is not inside \(year)")
                    continue
                }
                holidays.append(.init(name: holidayName, days: from...to))
            }
            for (text, line) in reader.strings("workdays") ?? [] {
                guard let date = MappingReader.date(text) else {
                    log.add(file, line, reader.field("workdays"), MappingReader.dateProblem(text))
                    continue
                }
                if date.year != year {
                    log.add(file, line, reader.field("workdays"), "\(date) is not in \(year)")
                } else if Weekday.workweek.contains(date.weekday) {
                    log.add(
                        file, line, reader.field("workdays"),
                        "\(date) is a \(date.weekday.rawValue); a swapped workday must be a Saturday or Sunday")
                }
                workdays.insert(date)
            }
        }
        let statutory = top.mappings("statutory").compactMap(readStatutory)
        guard let id else { return nil }
        return NationalCalendar(
            id: id, name: name, holidays: holidays, swappedWorkdays: workdays, coveredYears: years,
            statutory: statutory)
    }

    /// One statutory holiday: `{ name, date: MM-DD | lunar: MM-DD | solar-term: NAME, offset, days }`.
    private func readStatutory(_ node: Node) -> StatutoryHoliday? {
        let reader = MappingReader(file: file, node: node, context: "statutory", log: log)
        reader.rejectUnknownKeys(["name", "date", "lunar", "solar-term", "offset", "days"])
        guard let name = reader.string("name", required: true) else { return nil }
        let h = reader.with(context: "statutory \(name)")
        let anchors = ["date", "lunar", "solar-term"].filter { h.node($0) != nil }
        guard anchors.count == 1 else {
            h.fail("date", "give exactly one of date (MM-DD), lunar (MM-DD) or solar-term")
            return nil
        }
        var anchor: StatutoryHoliday.Anchor?
        if let text = h.string("date") {
            anchor = monthDay(text, lunar: false).map { .solar(month: $0.month, day: $0.day) }
            if anchor == nil { h.fail("date", "'\(text)' is not a month and day; expected MM-DD, e.g. 10-01") }
        } else if let text = h.string("lunar") {
            anchor = monthDay(text, lunar: true).map { .lunar(month: $0.month, day: $0.day) }
            if anchor == nil { h.fail("lunar", "'\(text)' is not a lunar month and day; expected MM-DD, e.g. 08-15") }
        } else if let text = h.string("solar-term") {
            anchor = SolarTerm(rawValue: text).map { .solarTerm($0) }
            if anchor == nil {
                h.fail(
                    "solar-term",
                    "unknown solar term '\(text)'; expected one of: \(SolarTerm.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }
        let offset = h.int("offset") ?? 0
        if !(-30...30).contains(offset) { h.fail("offset", "\(offset) is out of range; expected -30 to 30 days") }
        let days = h.int("days", required: true, minimum: 1)
        if let days, days > 15 { h.fail("days", "\(days) days off in a row is not a holiday; expected 1 to 15") }
        guard let anchor, let days, days <= 15, (-30...30).contains(offset) else { return nil }
        return StatutoryHoliday(name: name, anchor: anchor, offset: offset, days: days)
    }

    /// `MM-DD`; a lunar month has at most 30 days, a Gregorian date must exist in a leap year.
    private func monthDay(_ text: String, lunar: Bool) -> (month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int(parts[0]), let day = Int(parts[1]),
            (1...12).contains(month), day >= 1
        else { return nil }
        if lunar { return day <= 30 ? (month, day) : nil }
        return LocalDate(year: 2024, month: month, day: day) != nil ? (month, day) : nil
    }
}
