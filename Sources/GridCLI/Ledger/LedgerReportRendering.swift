import ArgumentParser
import Foundation
import GridCore

/// How `gridctl ledger report` prints ``LedgerFigures``: as a table for the terminal, as
/// Markdown for a report or a wiki, as JSON for programs and as CSV for a spreadsheet.
/// People are shown by name (`name(branch, staffID)`), and every text that came from a
/// person — an inspection's name, a department, a measure's text, a name — is untrusted:
/// escaped as every gridctl output escapes it (``UntrustedText``), with Markdown's own
/// characters escaped too in `md`, and formulas neutralised in CSV (``CSV``).
package enum LedgerReportRendering {
    package enum Format: String, CaseIterable, ExpressibleByArgument, Sendable {
        case table, md, json, csv
        /// CSV for Excel: a UTF-8 byte-order mark and CRLF line endings.
        case excelCSV = "excel-csv"
    }

    /// The figures, and how they moved since an earlier report when `change` is given, in
    /// `format`. Without a trailing line break, as `print` adds one — but for `excel-csv`,
    /// whose every line ends in CRLF (print it with `terminator: ""`).
    package static func render(
        _ figures: LedgerFigures, change: LedgerFigures.Change? = nil, format: Format,
        name: (_ branch: String, _ staffID: String) -> String
    ) throws -> String {
        switch format {
        case .table: table(figures, change: change, name: name)
        case .md: markdown(figures, change: change, name: name)
        case .json: try json(figures, change: change, name: name)
        case .csv, .excelCSV: csv(figures, name: name, excel: format == .excelCSV)
        }
    }

    // MARK: - Table

    /// A title line with the day (and the inspection), the sentence, a blank line, the
    /// change's sentence if any, then the leaders', the departments' and the overdue
    /// measures' tables, each under its title and after a blank line.
    static func table(
        _ figures: LedgerFigures, change: LedgerFigures.Change?, name: (String, String) -> String
    ) -> String {
        var lines = [title(figures), figures.sentence]
        if let change { lines += ["", change.sentence] }
        lines += ["", "责任领导 LEADERS"]
        var leaders = TextTable(headers: responsibilityHeaders(responsible: "责任领导 LEADER"))
        for row in figures.leaders { leaders.append(cells(row, shown: name(row.branch, row.responsible))) }
        var departments = TextTable(headers: responsibilityHeaders(responsible: "责任部门 DEPARTMENT"))
        for row in figures.departments { departments.append(cells(row, shown: row.responsible)) }
        var text = lines.map(UntrustedText.escaped).joined(separator: "\n")
        text += "\n" + leaders.render() + "\n\n责任部门 DEPARTMENTS\n" + departments.render() + "\n\n"
        guard !figures.overdue.isEmpty else { return text + "逾期措施 OVERDUE MEASURES: 无 none" }
        var overdue = TextTable(headers: [
            "网点 BRANCH", "措施 MEASURE", "责任人 OWNER", "完成时限 DEADLINE", "逾期工作日 DAYS", "内容 TEXT",
        ])
        for m in figures.overdue {
            overdue.append([
                m.branch, m.measure.description, name(m.branch, m.owner), m.deadline.description,
                String(m.businessDaysOverdue), m.text,
            ])
        }
        return text + "逾期措施 OVERDUE MEASURES\n" + overdue.render()
    }

    private static func title(_ figures: LedgerFigures) -> String {
        "整改台账 截至\(figures.asOf)" + (figures.inspection.map { "（检查：\($0)）" } ?? "")
    }

    private static func responsibilityHeaders(responsible: String) -> [String] {
        [
            "网点 BRANCH", responsible, "问题 FINDINGS", "已销号 CLOSED", "措施 MEASURES", "已完成 DONE",
            "逾期 OVERDUE",
        ]
    }

    private static func cells(_ row: LedgerResponsibility, shown: String) -> [String] {
        [
            row.branch, shown, String(row.findings), String(row.closed), String(row.measures), String(row.done),
            String(row.overdue),
        ]
    }

    // MARK: - Markdown

    /// The table's content as Markdown: a heading with the day, the inspection, the
    /// sentences as paragraphs, and pipe tables under second-level headings.
    static func markdown(
        _ figures: LedgerFigures, change: LedgerFigures.Change?, name: (String, String) -> String
    ) -> String {
        var blocks = ["# 整改台账 截至\(figures.asOf)"]
        if let inspection = figures.inspection { blocks.append("检查：" + markdownEscaped(inspection)) }
        blocks.append(markdownEscaped(figures.sentence))
        if let change { blocks.append(markdownEscaped(change.sentence)) }
        let headers = ["网点", "", "问题", "已销号", "措施", "已完成", "逾期"]
        var leaders = headers
        leaders[1] = "责任领导"
        blocks.append("## 责任领导")
        blocks.append(
            pipeTable(
                leaders, numeric: Set(2...6), figures.leaders.map { cells($0, shown: name($0.branch, $0.responsible)) })
        )
        var departments = headers
        departments[1] = "责任部门"
        blocks.append("## 责任部门")
        blocks.append(
            pipeTable(departments, numeric: Set(2...6), figures.departments.map { cells($0, shown: $0.responsible) }))
        blocks.append("## 逾期措施")
        if figures.overdue.isEmpty {
            blocks.append("无逾期措施。")
        } else {
            blocks.append(
                pipeTable(
                    ["网点", "措施", "责任人", "完成时限", "逾期工作日", "内容"], numeric: [4],
                    figures.overdue.map { m in
                        [
                            m.branch, m.measure.description, name(m.branch, m.owner), m.deadline.description,
                            String(m.businessDaysOverdue), m.text,
                        ]
                    }))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// A pipe table, the columns of counts (by index) right-aligned.
    private static func pipeTable(_ headers: [String], numeric: Set<Int>, _ rows: [[String]]) -> String {
        let rule = headers.indices.map { numeric.contains($0) ? "---:" : "---" }
        return ([headers.map(markdownEscaped), rule] + rows.map { $0.map(markdownEscaped) })
            .map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }

    /// Untrusted text for Markdown: control characters escaped (a line break cannot end a
    /// table row), then a backslash before every character Markdown would act on — `|`
    /// would split a cell, `*`, `_`, `~` and `` ` `` would format, `[`, `]`, `<`, `>` and `&`
    /// would make a link, HTML or an entity — so the text renders as it was written.
    static func markdownEscaped(_ text: String) -> String {
        let escaped = UntrustedText.escaped(text)
        guard escaped.contains(where: markdownSpecial.contains) else { return escaped }
        var result = ""
        for character in escaped {
            if markdownSpecial.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private static let markdownSpecial: Set<Character> = ["\\", "|", "*", "_", "~", "`", "[", "]", "<", ">", "&", "#"]

    // MARK: - JSON

    /// One object, keys in snake_case and sorted, as every gridctl JSON:
    /// `{as_of, inspection, totals, leaders, departments, overdue, change, sentence}`, with
    /// `inspection` and `change` null when absent. Leaders carry their id and name; a
    /// measure is `FINDING/MEASURE` with its two numbers beside.
    static func json(
        _ figures: LedgerFigures, change: LedgerFigures.Change?, name: (String, String) -> String
    ) throws -> String {
        let document = JSONReport(
            asOf: figures.asOf.description, inspection: figures.inspection, totals: JSONTotals(figures.totals),
            leaders: figures.leaders.map {
                JSONResponsibility($0, key: .leader, name: name($0.branch, $0.responsible))
            },
            departments: figures.departments.map { JSONResponsibility($0, key: .department, name: nil) },
            overdue: figures.overdue.map { JSONOverdue($0, ownerName: name($0.branch, $0.owner)) },
            change: change.map(JSONChange.init), sentence: figures.sentence)
        return UntrustedText.jsonEscaped(String(decoding: try Output.encodedJSON(document), as: UTF8.self))
    }

    private struct JSONReport: Encodable {
        let asOf: String
        let inspection: String?
        let totals: JSONTotals
        let leaders: [JSONResponsibility]
        let departments: [JSONResponsibility]
        let overdue: [JSONOverdue]
        let change: JSONChange?
        let sentence: String

        enum CodingKeys: String, CodingKey {
            case asOf = "as_of"
            case inspection, totals, leaders, departments, overdue, change, sentence
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(asOf, forKey: .asOf)
            try c.encode(inspection, forKey: .inspection)
            try c.encode(totals, forKey: .totals)
            try c.encode(leaders, forKey: .leaders)
            try c.encode(departments, forKey: .departments)
            try c.encode(overdue, forKey: .overdue)
            try c.encode(change, forKey: .change)
            try c.encode(sentence, forKey: .sentence)
        }
    }

    private struct JSONTotals: Encodable {
        let totals: LedgerTotals

        init(_ totals: LedgerTotals) { self.totals = totals }

        enum CodingKeys: String, CodingKey {
            case findings, open, rectifying
            case awaitingCloseOut = "awaiting_close_out"
            case closed, measures, done
            case doneLate = "done_late"
            case overdue, running
            case rulesCreated = "rules_created"
            case rulesRevised = "rules_revised"
            case recurrences
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(totals.findings, forKey: .findings)
            try c.encode(totals.open, forKey: .open)
            try c.encode(totals.rectifying, forKey: .rectifying)
            try c.encode(totals.awaitingCloseOut, forKey: .awaitingCloseOut)
            try c.encode(totals.closed, forKey: .closed)
            try c.encode(totals.measures, forKey: .measures)
            try c.encode(totals.done, forKey: .done)
            try c.encode(totals.doneLate, forKey: .doneLate)
            try c.encode(totals.overdue, forKey: .overdue)
            try c.encode(totals.running, forKey: .running)
            try c.encode(totals.rulesCreated, forKey: .rulesCreated)
            try c.encode(totals.rulesRevised, forKey: .rulesRevised)
            try c.encode(totals.recurrences, forKey: .recurrences)
        }
    }

    private struct JSONResponsibility: Encodable {
        enum Key { case leader, department }
        let row: LedgerResponsibility
        let key: Key
        let name: String?

        init(_ row: LedgerResponsibility, key: Key, name: String?) {
            self.row = row
            self.key = key
            self.name = name
        }

        enum CodingKeys: String, CodingKey {
            case branch, leader
            case leaderName = "leader_name"
            case department, findings, closed, measures, done, overdue
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(row.branch, forKey: .branch)
            switch key {
            case .leader:
                try c.encode(row.responsible, forKey: .leader)
                try c.encode(name ?? row.responsible, forKey: .leaderName)
            case .department:
                try c.encode(row.responsible, forKey: .department)
            }
            try c.encode(row.findings, forKey: .findings)
            try c.encode(row.closed, forKey: .closed)
            try c.encode(row.measures, forKey: .measures)
            try c.encode(row.done, forKey: .done)
            try c.encode(row.overdue, forKey: .overdue)
        }
    }

    private struct JSONOverdue: Encodable {
        let branch: String
        let measure: String
        let finding: String
        let number: String
        let text: String
        let owner: String
        let ownerName: String
        let deadline: String
        let businessDaysOverdue: Int

        init(_ m: LedgerOverdueMeasure, ownerName: String) {
            branch = m.branch
            measure = m.measure.description
            finding = m.measure.finding
            number = m.measure.number
            text = m.text
            owner = m.owner
            self.ownerName = ownerName
            deadline = m.deadline.description
            businessDaysOverdue = m.businessDaysOverdue
        }

        enum CodingKeys: String, CodingKey {
            case branch, measure, finding, number, text, owner
            case ownerName = "owner_name"
            case deadline
            case businessDaysOverdue = "business_days_overdue"
        }
    }

    private struct JSONChange: Encodable {
        let since: String
        let totals: JSONTotals
        let newlyClosed: Int
        let newlyDone: Int
        let sentence: String

        init(_ change: LedgerFigures.Change) {
            since = change.since.description
            totals = JSONTotals(change.totals)
            newlyClosed = change.newlyClosed
            newlyDone = change.newlyDone
            sentence = change.sentence
        }

        enum CodingKeys: String, CodingKey {
            case since, totals
            case newlyClosed = "newly_closed"
            case newlyDone = "newly_done"
            case sentence
        }
    }

    // MARK: - CSV

    /// One table for a spreadsheet, the report's progress by whoever answers for it: a row
    /// per leader (`group` `leader`), then per department (`department`), then the whole
    /// (`total`, branch and responsible empty), each with the same counts, so a pivot or a
    /// filter on `group` gives either breakdown. `responsible` is the leader's staff id or
    /// the department; `responsible_name` the leader's name or the department again. The
    /// overdue measures and the sentence are in the other formats.
    static func csv(_ figures: LedgerFigures, name: (String, String) -> String, excel: Bool) -> String {
        func row(_ group: String, _ r: LedgerResponsibility, shown: String) -> [String] {
            [group, r.branch, r.responsible, shown]
                + [r.findings, r.closed, r.measures, r.done, r.overdue].map(String.init)
        }
        let t = figures.totals
        let total = LedgerResponsibility(
            branch: "", responsible: "", findings: t.findings, closed: t.closed, measures: t.measures, done: t.done,
            overdue: t.overdue)
        let rows =
            figures.leaders.map { row("leader", $0, shown: name($0.branch, $0.responsible)) }
            + figures.departments.map { row("department", $0, shown: $0.responsible) }
            + [row("total", total, shown: "")]
        return CSV.document(
            header: [
                "group", "branch", "responsible", "responsible_name", "findings", "closed", "measures", "done",
                "overdue",
            ], rows: rows, excel: excel)
    }
}
