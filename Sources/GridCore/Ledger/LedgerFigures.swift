/// What a rectification report states on a day (the branch-local `asOf`): totals of findings
/// and measures, the progress of each responsible leader and department, and every overdue
/// measure, over one branch or many, for every inspection or one.
///
/// The ledgers are taken as they stood on `asOf` (the changes recorded through that day,
/// applied); `asOf` decides which measures are overdue and by how many business days, each
/// on its own branch's calendar. People and departments are ids and text as recorded: the
/// caller shows names.
public struct LedgerFigures: Hashable, Sendable, Codable {
    public var asOf: LocalDate
    /// The inspection the figures are restricted to, by name; nil for every inspection.
    public var inspection: String?
    public var totals: LedgerTotals
    /// One row per responsible leader of each branch, by branch then leader
    /// (``LedgerOrder``).
    public var leaders: [LedgerResponsibility]
    /// One row per responsible department of each branch, by branch then department;
    /// findings naming none are counted under ``noDepartment``.
    public var departments: [LedgerResponsibility]
    /// Every measure not done and past its deadline, most business days overdue first, then
    /// by deadline, branch and measure.
    public var overdue: [LedgerOverdueMeasure]
    /// The closed findings, in order, so that ``change(since:)`` counts those closed since.
    public var closedFindings: [LedgerReference]
    /// The done measures, in order, so that ``change(since:)`` counts those done since.
    public var doneMeasures: [LedgerReference]

    /// The department of a finding that names none (or only spaces).
    public static let noDepartment = "未填写"

    public init(
        asOf: LocalDate, inspection: String?, totals: LedgerTotals, leaders: [LedgerResponsibility],
        departments: [LedgerResponsibility], overdue: [LedgerOverdueMeasure], closedFindings: [LedgerReference],
        doneMeasures: [LedgerReference]
    ) {
        self.asOf = asOf
        self.inspection = inspection
        self.totals = totals
        self.leaders = leaders
        self.departments = departments
        self.overdue = overdue
        self.closedFindings = closedFindings
        self.doneMeasures = doneMeasures
    }

    /// The figures of `branches` on `asOf`, of the findings of `inspection` only when one is
    /// named (and of those findings' measures).
    ///
    /// Rules (新建/修订制度) are counted from measures that are done: the reports count the
    /// rules actually made ("已新建制度2项"), not those a running measure promises.
    public init(branches: [BranchLedger], asOf: LocalDate, inspection: String? = nil) {
        var totals = LedgerTotals()
        var leaders: [Group: LedgerResponsibility] = [:]
        var departments: [Group: LedgerResponsibility] = [:]
        var overdue: [LedgerOverdueMeasure] = []
        var closedFindings: [LedgerReference] = []
        var doneMeasures: [LedgerReference] = []

        for branch in branches {
            let ledger = branch.ledger
            let measuresByFinding = Dictionary(grouping: ledger.measures, by: \.id.finding)
            for record in ledger.findings {
                let finding = record.finding
                if let inspection, finding.inspection != inspection { continue }
                let department = Self.department(of: finding)
                var row = LedgerResponsibility(branch: branch.branch, responsible: "")
                row.findings = 1

                totals.findings += 1
                switch record.state {
                case .open: totals.open += 1
                case .rectifying: totals.rectifying += 1
                case .awaitingCloseOut: totals.awaitingCloseOut += 1
                case .closed:
                    totals.closed += 1
                    row.closed = 1
                    closedFindings.append(LedgerReference(branch: branch.branch, finding: finding.number))
                }
                if finding.repeats != nil { totals.recurrences += 1 }

                for measure in measuresByFinding[finding.number] ?? [] {
                    totals.measures += 1
                    row.measures += 1
                    if let done = measure.done {
                        totals.done += 1
                        row.done += 1
                        if done.date > measure.deadline { totals.doneLate += 1 }
                        switch measure.rule?.kind {
                        case .created: totals.rulesCreated += 1
                        case .revised: totals.rulesRevised += 1
                        case nil: break
                        }
                        doneMeasures.append(
                            LedgerReference(branch: branch.branch, finding: finding.number, measure: measure.id.number))
                    } else if measure.isOverdue(on: asOf) {
                        totals.overdue += 1
                        row.overdue += 1
                        overdue.append(
                            LedgerOverdueMeasure(
                                branch: branch.branch, measure: measure.id, text: measure.text, owner: measure.owner,
                                deadline: measure.deadline,
                                businessDaysOverdue: branch.calendar.businessDaysBetween(measure.deadline, asOf)))
                    } else {
                        totals.running += 1
                    }
                }

                leaders[Group(branch: branch.branch, responsible: finding.leader), default: row.named(finding.leader)]
                    .add(row)
                departments[Group(branch: branch.branch, responsible: department), default: row.named(department)]
                    .add(row)
            }
        }

        self.init(
            asOf: asOf, inspection: inspection, totals: totals,
            leaders: Self.sorted(Array(leaders.values)), departments: Self.sorted(Array(departments.values)),
            overdue: overdue.sorted(by: Self.overdueOrder), closedFindings: LedgerOrder.sorted(closedFindings),
            doneMeasures: LedgerOrder.sorted(doneMeasures))
    }

    /// The department a finding is counted under: as written, or ``noDepartment``.
    public static func department(of finding: Finding) -> String {
        guard let department = finding.department, !department.allSatisfy(\.isWhitespace) else { return noDepartment }
        return department
    }

    private struct Group: Hashable {
        var branch: String
        var responsible: String
    }

    /// By branch, then by who answers, as people number them: each row's key made once, not
    /// once per comparison (a bank's report sorts tens of thousands of rows).
    private static func sorted(_ rows: [LedgerResponsibility]) -> [LedgerResponsibility] {
        rows.map { ((LedgerOrder.key($0.branch), $0.branch, LedgerOrder.key($0.responsible), $0.responsible), $0) }
            .sorted { $0.0 < $1.0 }.map(\.1)
    }

    private static func overdueOrder(_ a: LedgerOverdueMeasure, _ b: LedgerOverdueMeasure) -> Bool {
        if a.businessDaysOverdue != b.businessDaysOverdue { return a.businessDaysOverdue > b.businessDaysOverdue }
        if a.deadline != b.deadline { return a.deadline < b.deadline }
        if a.branch != b.branch { return (LedgerOrder.key(a.branch), a.branch) < (LedgerOrder.key(b.branch), b.branch) }
        return a.measure < b.measure
    }
}

extension LedgerResponsibility {
    /// A row of nothing yet, of this row's branch, for `responsible`.
    fileprivate func named(_ responsible: String) -> LedgerResponsibility {
        LedgerResponsibility(branch: branch, responsible: responsible)
    }

    fileprivate mutating func add(_ other: LedgerResponsibility) {
        findings += other.findings
        closed += other.closed
        measures += other.measures
        done += other.done
        overdue += other.overdue
    }
}
