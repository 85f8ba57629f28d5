import ArgumentParser
import Foundation
import GridCore
import GridStore

/// `gridctl ledger list`: findings or measures, filtered like `due`.
struct LedgerList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List findings or measures, by person, state, inspection or deadline.")

    enum What: String, ExpressibleByArgument, CaseIterable {
        case findings, measures
    }

    enum State: String, ExpressibleByArgument, CaseIterable {
        case open, rectifying
        case awaiting = "awaiting-close-out"
        case closed
        /// Measures.
        case running, done, overdue
    }

    @OptionGroup var options: LedgerOptions
    @Argument(help: "findings (default) or measures.") var what: What = .findings
    @Option(help: "A finding's leader or a measure's owner: a staff id or a unique name.") var person: String?
    @Option(
        help: ArgumentHelp(
            "Findings: open, rectifying, awaiting-close-out, closed. Measures: running, done, overdue.",
            valueName: "state"))
    var state: State?
    @Option(help: "Only this inspection's.") var inspection: String?
    @Option(help: "What the members of this grid lead or owe.") var grid: String?
    @Option(
        help: ArgumentHelp(
            "Measures not done and due within N business days (0: today), or a span as due takes it (7d, 2w).",
            valueName: "span"))
    var within: String?
    @Option(help: "table, json, csv or excel-csv.") var format: OutputFormat = .table

    func validate() throws {
        let measureStates: [State] = [.running, .done, .overdue]
        if let state, (what == .measures) != measureStates.contains(state) {
            throw ValidationError("--state \(state.rawValue) is not a state of \(what.rawValue)")
        }
        if within != nil, what != .measures { throw ValidationError("--within lists measures") }
        if let within {
            if let days = Int(within) {
                guard (0...500).contains(days) else { throw ValidationError("--within must be 0 to 500 business days") }
            } else if InstantText.duration(within) == nil {
                throw ValidationError(
                    "--within: '\(within)' is neither a number of business days nor a span (7d, 2w)")
            }
        }
    }

    func run() throws {
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let personID = try person.map { text -> String in
            switch LedgerPeople(branch: ledger.branch).resolve(text) {
            case .success(let id): return id
            case .failure(let refusal): throw CLIError("--person: \(refusal)")
            }
        }
        var members: Set<String>?
        if let grid {
            guard let found = ledger.branch.grids.first(where: { $0.id == grid }) else {
                throw CLIError("unknown grid '\(grid)' in branch '\(ledger.branch.id)'")
            }
            members = Set(found.members)
        }
        let inspectionOf = Dictionary(
            ledger.ledger.findings.map { ($0.finding.number, $0.finding.inspection) }, uniquingKeysWith: { a, _ in a })
        switch what {
        case .findings:
            let rows = ledger.ledger.findings.filter { record in
                (personID == nil || record.finding.leader == personID)
                    && (members?.contains(record.finding.leader) ?? true)
                    && (state == nil || record.state.rawValue == state!.rawValue)
                    && (inspection == nil || record.finding.inspection == inspection)
            }
            try render(findings: rows, ledger: ledger)
        case .measures:
            let calendar = ledger.branch.calendar
            let limit: LocalDate? = within.flatMap { text in
                if let days = Int(text) { return calendar.businessDay(after: ledger.today, count: days) }
                return InstantText.duration(text).map { calendar.localDate(of: ledger.now.addingTimeInterval($0)) }
            }
            let rows = ledger.ledger.measures.filter { measure in
                let overdue = measure.isOverdue(on: ledger.today)
                let stateMatches: Bool =
                    switch state {
                    case nil: true
                    case .done: measure.done != nil
                    case .overdue: overdue
                    case .running: measure.done == nil && !overdue
                    default: false
                    }
                return (personID == nil || measure.owner == personID) && stateMatches
                    && (members?.contains(measure.owner) ?? true)
                    && (inspection == nil || inspectionOf[measure.id.finding] == inspection)
                    && (within == nil || (measure.done == nil && limit.map { measure.deadline <= $0 } ?? true))
            }
            try render(measures: rows, ledger: ledger)
        }
    }

    private func render(findings: [FindingRecord], ledger: LedgerContext) throws {
        let measures = Dictionary(grouping: ledger.ledger.measures, by: \.id.finding)
        let rows = findings.map { record -> LedgerFindingRow in
            let own = measures[record.finding.number] ?? []
            return LedgerFindingRow(
                number: record.finding.number, inspection: record.finding.inspection, text: record.finding.text,
                category: record.finding.category, leader: record.finding.leader,
                leader_name: ledger.name(record.finding.leader), department: record.finding.department,
                found: record.finding.found.description, state: record.state.rawValue,
                state_chinese: record.state.chinese,
                measures: own.count, measures_done: own.filter { $0.done != nil }.count,
                measures_overdue: own.filter { $0.isOverdue(on: ledger.today) }.count,
                closed_on: record.closedOn?.description, repeats: record.finding.repeats)
        }
        switch format {
        case .json: try Output.json(rows)
        case .csv, .excelCSV:
            print(
                CSV.document(
                    header: LedgerFindingRow.header, rows: rows.map(\.fields), excel: format == .excelCSV),
                terminator: format == .csv ? "\n" : "")
        case .table:
            guard !rows.isEmpty else { return Output.line("no findings") }
            var table = TextTable(headers: ["问题", "状态", "责任领导", "措施", "已完成", "逾期", "问题描述"])
            for row in rows {
                table.append([
                    row.number, row.state_chinese, row.leader_name, String(row.measures), String(row.measures_done),
                    String(row.measures_overdue), row.text,
                ])
            }
            print(table.render())
        }
    }

    private func render(measures: [Measure], ledger: LedgerContext) throws {
        let items = Dictionary(
            try ledger.database.ledgerItems(branch: ledger.branch.id).filter { $0.milestone == nil }.map {
                ($0.measure, $0.occurrenceID)
            }, uniquingKeysWith: { a, _ in a })
        let calendar = ledger.branch.calendar
        let rows = measures.map { measure -> LedgerMeasureRow in
            let overdue = measure.isOverdue(on: ledger.today)
            return LedgerMeasureRow(
                measure: measure.id.description, finding: measure.id.finding, number: measure.id.number,
                text: measure.text, owner: measure.owner, owner_name: ledger.name(measure.owner),
                deadline: measure.deadline.description,
                status: measure.done != nil ? "done" : overdue ? "overdue" : "running",
                done_on: measure.done?.date.description, late: measure.done.map { $0.date > measure.deadline },
                business_days_overdue: overdue ? calendar.businessDaysBetween(measure.deadline, ledger.today) : nil,
                milestones: measure.milestones.map { "\($0.date) \($0.text)" }, rule: measure.rule?.text,
                item: items[measure.id])
        }
        switch format {
        case .json: try Output.json(rows)
        case .csv, .excelCSV:
            print(
                CSV.document(header: LedgerMeasureRow.header, rows: rows.map(\.fields), excel: format == .excelCSV),
                terminator: format == .csv ? "\n" : "")
        case .table:
            guard !rows.isEmpty else { return Output.line("no measures") }
            var table = TextTable(headers: ["措施", "责任人", "完成时限", "情况", "事项", "整改措施"])
            for row in rows {
                let status =
                    switch row.status {
                    case "done": "已完成 \(row.done_on ?? "")" + (row.late == true ? " (逾期完成)" : "")
                    case "overdue": "逾期 \(row.business_days_overdue ?? 0) 个工作日"
                    default: "整改中"
                    }
                table.append([
                    row.measure, row.owner_name, row.deadline, status, row.item.map { "#\($0)" } ?? "", row.text,
                ])
            }
            print(table.render())
        }
    }
}

/// A finding as `ledger list --format json|csv` gives it.
struct LedgerFindingRow: Encodable {
    var number, inspection, text: String
    var category: String?
    var leader, leader_name: String
    var department: String?
    var found, state, state_chinese: String
    var measures, measures_done, measures_overdue: Int
    var closed_on, repeats: String?

    static let header = [
        "number", "inspection", "text", "category", "leader", "leader_name", "department", "found", "state",
        "measures", "measures_done", "measures_overdue", "closed_on", "repeats",
    ]
    var fields: [String] {
        [
            number, inspection, text, category ?? "", leader, leader_name, department ?? "", found, state,
            String(measures), String(measures_done), String(measures_overdue), closed_on ?? "", repeats ?? "",
        ]
    }
}

/// A measure as `ledger list measures --format json|csv` gives it.
struct LedgerMeasureRow: Encodable {
    var measure, finding, number, text, owner, owner_name, deadline, status: String
    var done_on: String?
    var late: Bool?
    var business_days_overdue: Int?
    var milestones: [String]
    var rule: String?
    /// The occurrence that chases it (`gridctl show`).
    var item: Int64?

    static let header = [
        "measure", "finding", "number", "text", "owner", "owner_name", "deadline", "status", "done_on", "late",
        "business_days_overdue", "milestones", "rule", "item",
    ]
    var fields: [String] {
        [
            measure, finding, number, text, owner, owner_name, deadline, status, done_on ?? "",
            late.map { $0 ? "true" : "false" } ?? "", business_days_overdue.map(String.init) ?? "",
            milestones.joined(separator: "\n"), rule ?? "", item.map(String.init) ?? "",
        ]
    }
}
