import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything about one occurrence: its duty, owner, deadlines, accountability and history.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The occurrence: its number, or DUTY/[SUBJECT/]PERIOD.") var occurrence: String
    @Option(help: "The branch, when the occurrence is given by key.") var branch: String?
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        let context = try CommandContext.load(
            global, branchID: CommandContext.branchHint(global, reference: occurrence, branch: branch),
            materialize: .selected)
        let item = try context.occurrence(occurrence)
        let branch = context.branch(of: item)
        let view = OccurrenceView(item, configuration: context.configuration, now: context.now)
        let duty = context.configuration.catalog.duty(item.key.duty)
        let completions = try context.database.completions(of: item.id)
        let events = try context.database.events(of: item.id)
        let behalf = try context.database.actsOnBehalf(occurrence: item.id)
        let secondPerson = duty?.confirmation
        let confirmations = try context.database.confirmations(of: item.id)
        let recorders = secondPerson == nil ? [] : try context.database.recorders(of: item.id).sorted()
        let calendar = branch.calendar
        let accountability = item.owner.map { branch.supervision.accountability(for: $0) }
        // An item about the very person its owner rule picks is owed by someone else.
        let passedUpFrom = duty.flatMap {
            Materializer(catalog: context.configuration.catalog, branch: branch).passedUpFrom(
                $0, subject: item.key.subject,
                on: calendar.localDate(of: min(max(context.now, item.periodStart), item.deadline)))
        }

        func isLateEntry(_ c: Completion) -> Bool {
            EntryTime.isLateEntry(
                performedAt: c.performedAt, recordedAt: c.recordedAt, calendar: calendar,
                lateEntryAfter: context.configuration.catalog.lateEntryAfter)
        }

        if format == .json {
            struct Detail: Encodable {
                let occurrence: OccurrenceView
                let clause: String
                let completions: [Entry]
                let events: [Entry]
                let supervisors: [String]
                let co_supervisors: [String]
                let passed_up_from: String?
                let simulation: Bool?
                let confirmation: Confirmation?
            }
            struct Confirmation: Encodable {
                let roles: [String]
                let recorded_by: [String]
                let confirmed: [Confirmed]
            }
            struct Confirmed: Encodable {
                let by: String
                let at: String
                let login: String?
                let note: String?
            }
            struct Entry: Encodable {
                let at: String
                let kind: String
                let by: String?
                let note: String?
                let recorded_at: String?
                let late: Bool?
                let late_entry: Bool?
            }
            let detail = Detail(
                occurrence: view, clause: duty?.clause ?? "",
                completions: completions.map {
                    Entry(
                        at: InstantText.rfc3339($0.performedAt, in: calendar), kind: "completion", by: $0.by,
                        note: $0.note, recorded_at: InstantText.rfc3339($0.recordedAt, in: calendar), late: $0.late,
                        late_entry: isLateEntry($0) ? true : nil)
                },
                events: events.map {
                    Entry(
                        at: InstantText.rfc3339($0.at, in: calendar), kind: $0.kind, by: $0.actor, note: $0.detail,
                        recorded_at: nil, late: nil, late_entry: nil)
                },
                supervisors: item.owner.map { branch.supervision.chain(above: $0) } ?? [],
                co_supervisors: accountability?.coSupervisors ?? [], passed_up_from: passedUpFrom,
                simulation: Simulation.opened ? true : nil,
                confirmation: secondPerson.map { rule in
                    Confirmation(
                        roles: rule.roles, recorded_by: recorders,
                        confirmed: confirmations.map {
                            Confirmed(
                                by: $0.by, at: InstantText.rfc3339($0.at, in: calendar), login: $0.login, note: $0.note)
                        })
                })
            try Output.json(detail)
            return
        }

        var lines: [String] = []
        lines.append("#\(item.id) \(view.title)  [\(item.key)]")
        lines.append(
            "  线条 line:       \(context.configuration.catalog.lines[item.line]?.title ?? item.line) (\(item.line))")
        lines.append("  周期 period:     \(item.key.period) (\(item.cadence.rawValue))")
        lines.append("  对象 subject:    \(view.subjectName) (\(item.key.subject))")
        lines.append("  责任人 owner:    \(view.ownerName)\(item.owner.map { " (\($0))" } ?? "") — \(item.ownerRole)")
        if let passedUpFrom {
            lines.append(
                "  代为 passed up:  the \(item.ownerRole) is \(branch.displayName(passedUpFrom)), the subject; nobody owes an item about themselves"
            )
        }
        if let owner = item.owner {
            let chain = branch.supervision.chain(above: owner).map { branch.displayName($0) }
            if !chain.isEmpty { lines.append("  谁管我 supervised by: \(chain.joined(separator: " → "))") }
            if let co = accountability?.coSupervisors, !co.isEmpty {
                lines.append("  监督责任 co-supervisors: \(co.map { branch.displayName($0) }.joined(separator: "、"))")
            }
        }
        lines.append("  提醒 reminder:   \(InstantText.format(item.remindAt, in: calendar))")
        lines.append("  截止 deadline:   \(view.deadlineLocal)")
        lines.append("  进度 progress:   \(item.doneCount) of \(item.quota)")
        lines.append("  状态 status:     \(view.statusValue.label) (\(view.status))")
        if let secondPerson {
            let roles = secondPerson.roles.joined(separator: " or ")
            let recorded = recorders.map { branch.displayName($0) }.joined(separator: ", ")
            if let confirmed = confirmations.last {
                lines.append(
                    "  双人 two-person: recorded by \(recorded); confirmed by \(branch.displayName(confirmed.by)) at \(InstantText.format(confirmed.at, in: calendar))\(confirmed.login.map { " from login \($0)" } ?? "")"
                )
            } else if item.awaitsConfirmation {
                lines.append("  双人 two-person: recorded by \(recorded); awaiting confirmation by a holder of \(roles)")
            } else {
                lines.append("  双人 two-person: a holder of \(roles), other than the recorder, confirms it")
            }
        }
        if let link = try context.database.ledgerItem(occurrence: item.id),
            let measure = try context.database.ledger(branch: link.branch).measure(link.measure)
        {
            // The item chases a measure of the rectification ledger: say which, and what it is.
            let what =
                link.milestone.flatMap { day in measure.milestones.first { $0.date == day } }
                .map { "阶段目标 \($0.date) \($0.text) of measure \(link.measure)" } ?? "measure \(link.measure)"
            lines.append("  整改台账 ledger: \(what) (gridctl ledger show \(link.measure.finding))")
            lines.append("  整改措施 measure: \(measure.text)")
        }
        if let duty {
            if !duty.clause.isEmpty { lines.append("  依据 clause:     \(duty.clause)") }
            if let note = duty.note { lines.append("  说明 note:       \(note)") }
        }
        var history: [(Date, String)] = []
        for c in completions {
            var text = "completed by \(branch.displayName(c.by))"
            if let principal = behalf[c.by] { text += " for \(branch.displayName(principal))" }
            if c.late { text += " (late)" }
            if isLateEntry(c) { text += " (late entry)" }
            if c.recordedAt.timeIntervalSince(c.performedAt) >= 60 {
                text += ", recorded \(InstantText.format(c.recordedAt, in: calendar))"
            }
            if let note = c.note { text += ": \(note)" }
            history.append((c.performedAt, text))
        }
        for e in events {
            var text = e.kind
            if let actor = e.actor {
                text += " by \(branch.displayName(actor))"
                if let principal = behalf[actor] { text += " for \(branch.displayName(principal))" }
            }
            if let detail = e.detail { text += ": \(detail)" }
            history.append((e.at, text))
        }
        if !history.isEmpty {
            lines.append("  历史 history:")
            for (at, text) in history.sorted(by: { $0.0 < $1.0 }) {
                lines.append("    \(InstantText.format(at, in: calendar))  \(text)")
            }
        }
        Output.lines(lines)
    }
}
