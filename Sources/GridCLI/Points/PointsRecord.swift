import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridNotify
import GridStore

/// `gridctl points record`: a violation, an award or an assessment, by a person with the
/// authority the item names. A red line also warns every staff member of the branch.
struct PointsRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a violation (with its case), an award or an assessment under an item of the table.",
        discussion: """
            Only a holder of a role the item's authority names may record it. A red-line item puts the person in \
            the red band whatever the total, lists them on the blacklist (points blacklist), and raises a warning \
            notice: an alert to every staff member of the branch, naming the person or not as the table says.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The item's id in integrity.yaml.") var rule: String
    @Option(help: "The person scored (a staff id or unique name); omit for a branch-level item.") var person: String?
    @Option(help: "The branch (default: the person's, or the only one).") var branch: String?
    @Option(help: "What happened.") var text: String
    @Option(help: "The case reference (案件编号); required for a violation.") var reference: String?
    @Option(help: "The day it happened (default: today).") var on: String?
    @Option(help: "Who records it, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(text, option: "--text")
        try LedgerText.check(reference, option: "--reference", required: false, short: true)
        let points = try PointsContext.load(global, branch: branch)
        let day = try on.map { try LedgerContext.date($0, option: "--on") } ?? points.today
        guard day <= points.today else { throw CLIError("--on: \(day) is after today (\(points.today))") }
        guard let version = points.table.version(on: day) else {
            throw CLIError("integrity.yaml has no version in force on \(day)")
        }
        guard let item = version.rule(rule) else {
            throw CLIError("integrity.yaml (version \(version.version), in force on \(day)) has no item '\(rule)'")
        }
        guard !item.source.isAutomatic else {
            throw CLIError("'\(rule)' is scored by GridDuty from its records and is not recorded by hand")
        }
        if case .violation = item.source, reference == nil {
            throw CLIError("'\(rule)' is a violation: give its case reference with --reference")
        }
        let personID = try person.map { try points.person($0, option: "--person") }
        switch (item.appliesTo, personID) {
        case (.person, nil): throw CLIError("'\(rule)' scores a person: give --person")
        case (.branch, .some): throw CLIError("'\(rule)' scores the branch: leave out --person")
        default: break
        }
        let action = "record \(rule)"
        let acting = try points.acting(by: by, action: action)
        let roles = points.branch.person(acting.actor)?.roles ?? []
        guard roles.contains(where: item.authority.contains) else {
            throw points.refuse(acting, action, "only a holder of \(item.authority.joined(separator: " or ")) may")
        }
        if let personID, personID == acting.actor, item.points < 0 {
            throw points.refuse(acting, action, "a deduction is not recorded by the person it scores")
        }
        let entry = PointsEntry(
            branch: points.branch.id, person: personID, rule: item.id, version: version.version, points: item.points,
            day: day, year: day.year, source: .recorded(reference: reference), text: text, recordedBy: acting.actor)
        let stored: PointsEntry
        if let redLine = item.redLine {
            stored = try recordRedLine(entry, effect: redLine, rule: item, points: points, acting: acting)
        } else {
            stored = try points.database.recordPoints(entry, attribution: acting.attribution, at: points.now)
        }
        Output.line(
            "#\(stored.id) \(item.id) \((stored.points > 0 ? "+" : ""))\(stored.points) for \(personID.map { points.name($0) } ?? points.branch.name), recorded by \(points.name(acting.actor))"
        )
    }

    /// The entry, the warning notice item and its alert to every staff member, together.
    private func recordRedLine(
        _ entry: PointsEntry, effect: RedLineEffect, rule: IntegrityRule, points: PointsContext, acting: Acting
    ) throws -> PointsEntry {
        let catalog = points.context.configuration.catalog
        guard let duty = catalog.duty(WarningNotice.duty), duty.cadence == .triggered else {
            throw CLIError("the catalog has no triggered duty '\(WarningNotice.duty)' to raise the warning notice")
        }
        let materializer = Materializer(catalog: catalog, branch: points.branch)
        // The subject is what the journal line of the notice says it is about: the red line, and
        // the person only where the table says the notice names them.
        let subject =
            "红线警示:\(rule.id)" + (effect.noticeNamesPerson ? entry.person.map { ":\($0)" } ?? "" : "")
        let sequence =
            try points.database.raisedCount(
                branch: points.branch.id, duty: duty.id, subject: subject, day: points.today) + 1
        guard
            let plan = materializer.triggeredPlan(for: duty, subject: subject, sequence: sequence, at: points.now)
        else { throw CLIError("branch '\(points.branch.id)' has no business day ahead for the warning notice") }
        let named = effect.noticeNamesPerson ? entry.person.map { "员工\(points.name($0))" } ?? "" : "员工某"
        let note = "\(named)\(entry.text)，触碰红线「\(rule.text)」，现向全行警示"
        let staff = points.branch.staff.filter { $0.isActive(on: points.today) }.map(\.id)
        let result = try points.database.recordRedLine(
            entry, notice: plan, targets: staff, day: points.today, note: note, attribution: acting.attribution,
            at: points.now,
            messages: { alert, item in
                // Told where every alert is told: notify.yaml's receivers for a notice.
                MessageComposer(notify: points.context.configuration.notify, catalog: catalog)
                    .messages(for: alert, occurrence: item, branch: points.branch)
            })
        Output.line("warning notice #\(result.notice.id) raised to \(staff.count) staff: \(note)")
        return result.entry
    }
}

/// The catalog's duty for organising a red line's warning to all staff (警示教育).
enum WarningNotice {
    static let duty = "discipline.warning-notice"
}
