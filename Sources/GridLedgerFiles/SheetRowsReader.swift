import Foundation
import GridCore
import GridSheets

/// Reads the rows of 问题清单 and 任务清单 into a draft's records and checks 责任清单 against
/// them, keeping every problem.
struct SheetRowsReader {
    let fromCSV: Bool
    private(set) var findings: [LedgerDraft.Row<DraftFinding>] = []
    private(set) var measures: [LedgerDraft.Row<DraftMeasure>] = []
    private(set) var issues: [LedgerIssue] = []

    /// Each finding number's first row in 问题清单, with its leader and department as written.
    private var findingRows: [String: (row: Int, leader: String?, department: String?)] = [:]
    /// Every number 问题清单 lists, whether or not its row read.
    var listedFindings: Set<String> { Set(findingRows.keys) }
    /// Each inspection's kind and the row that first gave it.
    private var inspectionKinds: [String: (kind: InspectionKind, row: Int)] = [:]
    /// Each measure's first row in 任务清单.
    private var measureRows: [MeasureID: Int] = [:]
    /// The owners of each finding's measures, as written.
    private var owners: [String: Set<String>] = [:]

    init(fromCSV: Bool) {
        self.fromCSV = fromCSV
    }

    private func cells(_ loaded: LoadedTable, _ record: Record) -> RecordReader {
        RecordReader(
            sheet: loaded.table.sheet, record: record, columns: loaded.table.columns, fromCSV: fromCSV,
            uncalculated: loaded.uncalculated)
    }

    private func row<Value>(_ value: Value, _ loaded: LoadedTable, _ record: Record) -> LedgerDraft.Row<Value> {
        LedgerDraft.Row(
            value: value, place: SheetPlace(sheet: loaded.table.sheet, row: record.row), columns: loaded.table.columns)
    }

    mutating func readFindings(_ loaded: LoadedTable) {
        typealias C = LedgerColumns
        let extraHeaders = loaded.table.columns(notIn: Set(C.findingsKnown))
        for record in loaded.table.records {
            var cells = cells(loaded, record)
            if cells.isBlank { continue }
            let number = cells.required(C.number)
            let inspection = cells.required(C.inspection)
            var kind: InspectionKind? = nil
            if let kindText = cells.required(C.kind) {
                kind = InspectionKind(rawValue: kindText)
                if kind == nil {
                    let kinds = InspectionKind.allCases.map(\.rawValue).joined(separator: ", ")
                    cells.issue(C.kind, "'\(escapedForDisplay(kindText))' is not a kind of inspection (\(kinds))")
                }
            }
            let text = cells.required(C.text)
            let category = cells.text(C.category)
            let leader = cells.required(C.leader)
            let department = cells.text(C.department)
            let found = cells.date(C.found, required: true)
            let repeats = cells.text(C.repeats)
            let extra = cells.extra(extraHeaders)
            if let number {
                if let earlier = findingRows[number] {
                    cells.issue(
                        C.number, "finding \(escapedForDisplay(number)) is listed twice: also at row \(earlier.row)")
                } else {
                    findingRows[number] = (record.row, leader, department)
                }
            }
            if let inspection, let kind {
                if let earlier = inspectionKinds[inspection], earlier.kind != kind {
                    cells.issue(
                        C.kind,
                        "the inspection '\(escapedForDisplay(inspection))' is \(kind.rawValue) here but \(earlier.kind.rawValue) at row \(earlier.row); an inspection has one kind"
                    )
                } else if inspectionKinds[inspection] == nil {
                    inspectionKinds[inspection] = (kind, record.row)
                }
            }
            issues += cells.issues
            guard cells.issues.isEmpty, let number, let inspection, let kind, let text, let leader, let found else {
                continue
            }
            let finding = DraftFinding(
                number: number, inspection: inspection, kind: kind, text: text, category: category, leader: leader,
                department: department, found: found, repeats: repeats, extra: extra)
            findings.append(row(finding, loaded, record))
        }
    }

    /// Reads 任务清单; `findingsKnown` says whether 问题清单 was read, so that a measure of a
    /// finding it lacks can be told.
    mutating func readMeasures(_ loaded: LoadedTable, findingsKnown: Bool) {
        typealias C = LedgerColumns
        let extraHeaders = loaded.table.columns(notIn: Set(C.measuresKnown))
        for record in loaded.table.records {
            var cells = cells(loaded, record)
            if cells.isBlank { continue }
            let finding = cells.required(C.number)
            let number = cells.required(C.measure)
            let text = cells.required(C.measureText)
            let owner = cells.required(C.owner)
            let deadline = cells.date(C.deadline, required: true)
            let milestones = cells.milestones(C.milestones)
            let progress = cells.text(C.progress)
            let doneOn = cells.date(C.doneOn, required: false)
            var rule: RuleChange? = nil
            if let ruleText = cells.text(C.rule) {
                rule = RuleChange(text: ruleText)
                if rule == nil {
                    cells.issue(
                        C.rule, "'\(escapedForDisplay(ruleText))' is not a rule change: write 新建《制度名称》 or 修订《制度名称》")
                }
            }
            let evidence = cells.text(C.evidence)
            var extra = cells.extra(extraHeaders)
            let isDone = progress == C.done
            if isDone, doneOn == nil, record[C.doneOn] == nil {
                cells.issue(C.doneOn, "the measure is \(C.done) but the day it was done is missing")
            } else if !isDone, doneOn != nil {
                cells.issue(
                    C.doneOn,
                    "a day is given but \(C.progress) is '\(escapedForDisplay(progress ?? ""))', not \(C.done)")
            }
            // Evidence gathered while the measure runs is kept and written back as it was.
            if !isDone, let evidence { extra[C.evidence] = evidence }
            if let finding, let owner { owners[finding, default: []].insert(owner) }
            if let finding, findingsKnown, findingRows[finding] == nil {
                cells.issue(C.number, "finding \(escapedForDisplay(finding)) is not in \(C.findingsSheet)")
            }
            if let finding, let number {
                let id = MeasureID(finding: finding, number: number)
                if let earlier = measureRows[id] {
                    cells.issue(
                        C.measure,
                        "measure \(escapedForDisplay(id.description)) is listed twice: also at row \(earlier)")
                } else {
                    measureRows[id] = record.row
                }
            }
            issues += cells.issues
            guard cells.issues.isEmpty, let finding, let number, let text, let owner, let deadline, let milestones
            else { continue }
            let measure = DraftMeasure(
                id: MeasureID(finding: finding, number: number), text: text, owner: owner, deadline: deadline,
                milestones: milestones, done: isDone ? doneOn.map { MeasureDone(date: $0, evidence: evidence) } : nil,
                rule: rule, extra: extra)
            measures.append(row(measure, loaded, record))
        }
    }

    /// Checks 责任清单: each row's finding is in 问题清单 with the same leader and department,
    /// and each person it names owns a measure of that finding in 任务清单.
    mutating func checkDuties(_ loaded: LoadedTable) {
        typealias C = LedgerColumns
        for record in loaded.table.records {
            var cells = cells(loaded, record)
            if cells.isBlank { continue }
            guard let number = cells.required(C.number) else {
                issues += cells.issues
                continue
            }
            let leader = cells.text(C.leader)
            let department = cells.text(C.department)
            let people = cells.text(C.owner)
            guard let finding = findingRows[number] else {
                cells.issue(C.number, "finding \(escapedForDisplay(number)) is not in \(C.findingsSheet)")
                issues += cells.issues
                continue
            }
            if let expected = finding.leader, leader != expected {
                cells.issue(
                    C.leader,
                    "'\(escapedForDisplay(leader ?? ""))' differs from \(C.findingsSheet) row \(finding.row), whose \(C.leader) is '\(escapedForDisplay(expected))'"
                )
            }
            if department != finding.department {
                cells.issue(
                    C.department,
                    "'\(escapedForDisplay(department ?? ""))' differs from \(C.findingsSheet) row \(finding.row), whose \(C.department) is '\(escapedForDisplay(finding.department ?? ""))'"
                )
            }
            let named = (people ?? "").split(whereSeparator: { "、，,".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for person in named where !(owners[number]?.contains(person) ?? false) {
                cells.issue(
                    C.owner,
                    "'\(escapedForDisplay(person))' owns no measure of finding \(escapedForDisplay(number)) in \(C.measuresSheet)"
                )
            }
            issues += cells.issues
        }
    }
}
