import ArgumentParser
import Foundation
import GridCore
import GridStore

/// `gridctl ledger show`: one finding with its measures, their items and its whole record.
struct LedgerShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a finding: its facts, state, close-out, measures with their items, and its record.")

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The finding's number.") var finding: String
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let record = try ledger.finding(finding)
        let measures = ledger.ledger.measures(of: finding)
        let items = try ledger.database.ledgerItems(branch: ledger.branch.id).filter { $0.measure.finding == finding }
        let events = try ledger.database.ledgerEvents(branch: ledger.branch.id, finding: finding)
        let calendar = ledger.branch.calendar
        var states: [Int64: String] = [:]
        for link in items {
            if let item = try ledger.database.occurrence(id: link.occurrenceID) {
                states[link.occurrenceID] = item.status(at: ledger.now).rawValue
            }
        }
        if format == .json {
            try Output.json(
                LedgerShowDocument(
                    finding: record, measures: measures,
                    items: items.map {
                        .init(
                            occurrence: $0.occurrenceID, measure: $0.measure.description,
                            milestone: $0.milestone?.description, status: states[$0.occurrenceID])
                    },
                    record: events.map {
                        .init(
                            at: InstantText.format($0.at, in: calendar), day: $0.day.description, actor: $0.actor,
                            kind: $0.change.kind, change: $0.change)
                    }))
            return
        }
        let f = record.finding
        var lines = [
            "问题 \(f.number) · \(record.state.chinese) (\(record.state.rawValue))",
            "检查: \(f.inspection)" + (ledger.ledger.inspection(f.inspection).map { " (\($0.kind.rawValue))" } ?? ""),
            "问题描述: \(f.text)",
            "责任领导: \(ledger.name(f.leader)) (\(f.leader))" + (f.department.map { "  责任部门: \($0)" } ?? "")
                + (f.category.map { "  问题类别: \($0)" } ?? "") + "  发现日期: \(f.found)",
        ]
        if let earlier = f.repeats { lines.append("屡查屡犯: repeats finding \(earlier)") }
        if let request = record.closeOut {
            lines.append("销号申请:")
            lines.append("  问题已解决: \(request.solved)")
            lines.append("  成效明显: \(request.effective)")
            lines.append(
                "  长效机制: \(request.mechanism)" + (request.mechanismEvidence.map { " — \($0)" } ?? ""))
        }
        if let closed = record.closedOn { lines.append("销号日期: \(closed)") }
        if let reason = record.rejection { lines.append("last close-out rejected: \(reason)") }
        lines.append("")
        lines.append("措施 (\(measures.count)):")
        for measure in measures {
            let own = items.first { $0.measure == measure.id && $0.milestone == nil }
            let status =
                measure.done.map { "已完成 \($0.date)" + ($0.date > measure.deadline ? " (逾期完成)" : "") }
                ?? (measure.isOverdue(on: ledger.today)
                    ? "逾期 \(calendar.businessDaysBetween(measure.deadline, ledger.today)) 个工作日" : "整改中")
            lines.append(
                "  \(measure.id)  \(ledger.name(measure.owner))  完成时限 \(measure.deadline)  \(status)"
                    + (own.map { "  #\($0.occurrenceID)" } ?? ""))
            lines.append("      \(measure.text)")
            if let rule = measure.rule { lines.append("      制度: \(rule.text)") }
            if let evidence = measure.done?.evidence { lines.append("      佐证: \(evidence)") }
            for milestone in measure.milestones {
                let item = items.first { $0.measure == measure.id && $0.milestone == milestone.date }
                lines.append(
                    "      阶段目标 \(milestone.date) \(milestone.text)"
                        + (item.map { "  #\($0.occurrenceID) \(states[$0.occurrenceID] ?? "")" } ?? ""))
            }
        }
        lines.append("")
        lines.append("记录 (record):")
        for event in events {
            lines.append(
                "  \(InstantText.format(event.at, in: calendar))  \(event.change.kind)  by \(event.actor.map { ledger.name($0) } ?? "nobody in particular")"
                    + Self.summary(event.change).map { ": \($0)" }.orEmpty)
        }
        Output.lines(lines)
    }

    /// What a change says, in one line.
    static func summary(_ change: LedgerChange) -> String? {
        switch change {
        case .inspectionAdded(let i): i.name
        case .findingAdded(let f), .findingRevised(let f): "leader \(f.leader): \(f.text)"
        case .measureAdded(let m), .measureRevised(let m): "\(m.id) owner \(m.owner), due \(m.deadline)"
        case .measureDone(let id, let done): "\(id) done \(done.date)" + (done.evidence.map { " — \($0)" } ?? "")
        case .closeRequested: "销号申请"
        case .closeApproved(_, let note): "已销号" + (note.map { " — \($0)" } ?? "")
        case .closeRejected(_, let reason): "rejected: \(reason)"
        }
    }
}

extension Optional where Wrapped == String {
    fileprivate var orEmpty: String { self ?? "" }
}

/// `ledger show --format json`.
struct LedgerShowDocument: Encodable {
    struct Item: Encodable {
        var occurrence: Int64
        var measure: String
        var milestone: String?
        var status: String?
    }

    struct Entry: Encodable {
        var at: String
        var day: String
        var actor: String?
        var kind: String
        var change: LedgerChange
    }

    var finding: FindingRecord
    var measures: [Measure]
    var items: [Item]
    var record: [Entry]
}
