import GridCore
import Yams

/// Reads a national holiday calendar (`calendars/*.yaml`): per year, the State Council's
/// holiday spans and the weekend days that become working days.
struct CalendarFileReader {
    let file: String
    let log: IssueLog

    func read(_ root: Node) -> NationalCalendar? {
        let top = MappingReader(file: file, node: root, context: "", log: log)
        top.rejectUnknownKeys(["id", "name", "years"])
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
        guard let id else { return nil }
        return NationalCalendar(id: id, name: name, holidays: holidays, swappedWorkdays: workdays, coveredYears: years)
    }
}
