import ArgumentParser
import Foundation
import GridCore

/// `gridctl ledger add`: one inspection, finding, measure or milestone, by hand.
struct LedgerAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record an inspection, a finding, a measure or a milestone by hand.",
        subcommands: [
            LedgerAddInspection.self, LedgerAddFinding.self, LedgerAddMeasure.self, LedgerAddMilestone.self,
        ])
}

struct LedgerAddInspection: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspection", abstract: "Record an inspection.")

    @OptionGroup var options: LedgerOptions
    @Option(help: "Its name, unique in the branch's ledger.") var name: String
    @Option(help: "巡视, 巡察, 审计, 条线检查 or 自查.") var kind: String
    @Option(help: "Who inspected (检查主体).") var body: String?
    @Option(help: "The first day of the inspection.") var started: String?
    @Option(help: "The last day of the inspection.") var ended: String?
    @Option(help: "When the findings were handed over (反馈日期).") var feedback: String?
    @Option(help: "Who records it, on a simulation database.") var by: String?

    func run() throws {
        guard let kind = InspectionKind(rawValue: kind) else {
            throw CLIError(
                "--kind: '\(self.kind)' is not one of \(InspectionKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        try LedgerText.check(name, option: "--name")
        try LedgerText.check(body, option: "--body", required: false)
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let inspection = Inspection(
            name: name, kind: kind, body: body,
            started: try started.map { try LedgerContext.date($0, option: "--started") },
            ended: try ended.map { try LedgerContext.date($0, option: "--ended") },
            feedback: try feedback.map { try LedgerContext.date($0, option: "--feedback") })
        let (actor, attribution) = try ledger.acting(by: by, action: "record an inspection")
        try ledger.requireKeeper(actor, login: attribution.login, action: "record an inspection")
        try ledger.write([.inspectionAdded(inspection)], actor: actor, attribution: attribution)
        Output.line("inspection '\(name)' (\(kind.rawValue)) recorded in the ledger of branch '\(ledger.branch.id)'")
    }
}

struct LedgerAddFinding: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "finding", abstract: "Record a finding (问题).")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The inspection that found it.") var inspection: String
    @Option(help: "What was found (问题描述).") var text: String
    @Option(help: "The responsible leader (责任领导): a staff id or a unique name.") var leader: String
    @Option(help: "Its number (default: the next free one); never reused.") var number: String?
    @Option(help: "Its category (问题类别).") var category: String?
    @Option(help: "The responsible department (责任部门).") var department: String?
    @Option(help: "When it was found (default: today).") var found: String?
    @Option(help: "The number of the earlier, closed finding it repeats (屡查屡犯).") var repeats: String?
    @Option(help: "Who records it, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(text, option: "--text")
        try LedgerText.checkNumber(number, option: "--number")
        try LedgerText.check(category, option: "--category", required: false, short: true)
        try LedgerText.check(department, option: "--department", required: false, short: true)
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let (actor, attribution) = try ledger.acting(by: by, action: "record a finding")
        try ledger.requireKeeper(actor, login: attribution.login, action: "record a finding")
        let leaderID = try ledger.person(leader, option: "--leader")
        let foundOn = try found.map { try LedgerContext.date($0, option: "--found") } ?? ledger.today
        guard foundOn <= ledger.today else { throw CLIError("--found: \(foundOn) is after today (\(ledger.today))") }
        let finding = Finding(
            number: number ?? LedgerNumbers.next(after: ledger.ledger.findings.map(\.finding.number)),
            inspection: inspection, text: text, category: category, leader: leaderID, department: department,
            found: foundOn, repeats: repeats)
        try ledger.write([.findingAdded(finding)], actor: actor, attribution: attribution)
        Output.line(
            "finding \(finding.number) recorded: \(text) (leader \(ledger.name(leaderID)); add its measures with 'gridctl ledger add measure \(finding.number)')"
        )
    }
}

struct LedgerAddMeasure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure", abstract: "Record a measure (整改措施) of a finding; it is chased like a duty.")

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The finding's number.") var finding: String
    @Option(help: "What is to be done (整改措施).") var text: String
    @Option(help: "The responsible person (责任人): a staff id or a unique name.") var owner: String
    @Option(help: "The business day it is due (完成时限).") var deadline: String
    @Option(help: "Its number within the finding (default: the next free one).") var number: String?
    @Option(help: ArgumentHelp("A staged target, 'YYYY-MM-DD text' (阶段目标). Repeatable.", valueName: "date text"))
    var milestone: [String] = []
    @Option(help: "A rule it creates or revises: 新建《…》 or 修订《…》.") var rule: String?
    @Option(help: "Who records it, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(text, option: "--text")
        try LedgerText.checkNumber(number, option: "--number")
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let (actor, attribution) = try ledger.acting(by: by, action: "record a measure")
        try ledger.requireKeeper(actor, login: attribution.login, action: "record a measure")
        _ = try ledger.finding(finding)
        let ownerID = try ledger.person(owner, option: "--owner")
        let due = try ledger.futureBusinessDay(deadline, option: "--deadline")
        let stages = try milestone.map { try ledger.milestone($0, deadline: due) }
        let ruleChange = try rule.map { text in
            guard let parsed = RuleChange(text: text) else {
                throw CLIError("--rule: '\(text)' is not 新建《name》 or 修订《name》")
            }
            return parsed
        }
        let id = MeasureID(
            finding: finding,
            number: number ?? LedgerNumbers.next(after: ledger.ledger.measures(of: finding).map(\.id.number)))
        let measure = Measure(
            id: id, text: text, owner: ownerID, deadline: due, milestones: stages, rule: ruleChange)
        try ledger.write([.measureAdded(measure)], actor: actor, attribution: attribution)
        Output.line(
            "measure \(id) recorded: owed by \(ledger.name(ownerID)), due \(due)\(stages.isEmpty ? "" : ", \(stages.count) milestone\(stages.count == 1 ? "" : "s")")"
        )
    }
}

struct LedgerAddMilestone: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milestone", abstract: "Add a staged target (阶段目标) to a measure.")

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The measure: FINDING/MEASURE.") var measure: String
    @Option(help: "The business day it is due.") var date: String
    @Option(help: "What is to be reached by then.") var text: String
    @Option(help: "Who records it, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(text, option: "--text")
        let ledger = try LedgerContext.load(options.global, branch: options.branch)
        let (actor, attribution) = try ledger.acting(by: by, action: "add a milestone")
        try ledger.requireKeeper(actor, login: attribution.login, action: "add a milestone")
        var revised = try ledger.measure(measure)
        let stage = try ledger.milestone("\(date) \(text)", deadline: revised.deadline)
        guard !revised.milestones.contains(where: { $0.date == stage.date }) else {
            throw CLIError("measure \(revised.id) already has a milestone on \(stage.date)")
        }
        revised.milestones = (revised.milestones + [stage]).sorted { $0.date < $1.date }
        try ledger.write([.measureRevised(revised)], actor: actor, attribution: attribution)
        Output.line("milestone \(stage.date) added to measure \(revised.id): \(stage.text)")
    }
}
