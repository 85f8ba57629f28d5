/// A ledger as a workbook states it (问题清单, 任务清单 and, if present, 责任清单), read and
/// checked for form — every date a date, every number present — but not yet against the
/// branch: people are still written as the workbook writes them (a staff id or a name),
/// and nothing says whether a finding is new. `LedgerImport` resolves and compares it.
public struct LedgerDraft: Hashable, Sendable {
    public var findings: [Row<DraftFinding>]
    public var measures: [Row<DraftMeasure>]
    /// The header of each sheet as read, so an export can write the columns back in the
    /// branch's order, with the columns GridDuty does not know.
    public var headers: [String: [String]]
    /// Every finding number 问题清单 lists, including rows that did not read: a measure of one
    /// of those is not also reported as belonging to an unknown finding.
    public var listedFindings: Set<String>

    public init(
        findings: [Row<DraftFinding>], measures: [Row<DraftMeasure>], headers: [String: [String]] = [:],
        listedFindings: Set<String>? = nil
    ) {
        self.findings = findings
        self.measures = measures
        self.headers = headers
        self.listedFindings = listedFindings ?? Set(findings.map(\.value.number))
    }

    /// One record with where it was read: its row, and the column of each header.
    public struct Row<Value: Hashable & Sendable>: Hashable, Sendable {
        public var value: Value
        public var place: SheetPlace
        public var columns: [String: Int]

        public init(value: Value, place: SheetPlace, columns: [String: Int]) {
            self.value = value
            self.place = place
            self.columns = columns
        }

        /// This record's cell under `header`.
        public func at(_ header: String) -> SheetPlace { place.at(header, columns: columns) }
    }
}

/// A row of 问题清单. Headers: 问题编号, 检查名称, 检查类型, 问题描述, 问题类别, 责任领导,
/// 责任部门, 发现日期; optionally 屡查屡犯 (the number of the closed finding it repeats).
public struct DraftFinding: Hashable, Sendable {
    public var number: String
    public var inspection: String
    public var kind: InspectionKind
    public var text: String
    public var category: String?
    /// A staff id or a name, as written.
    public var leader: String
    public var department: String?
    public var found: LocalDate
    public var repeats: String?
    public var extra: [String: String]

    public init(
        number: String, inspection: String, kind: InspectionKind, text: String, category: String?, leader: String,
        department: String?, found: LocalDate, repeats: String?, extra: [String: String]
    ) {
        self.number = number
        self.inspection = inspection
        self.kind = kind
        self.text = text
        self.category = category
        self.leader = leader
        self.department = department
        self.found = found
        self.repeats = repeats
        self.extra = extra
    }
}

/// A row of 任务清单. Headers: 问题编号, 措施编号, 整改措施, 责任人, 完成时限, 阶段目标, 完成情况,
/// 完成日期, 制度.
public struct DraftMeasure: Hashable, Sendable {
    public var id: MeasureID
    public var text: String
    /// A staff id or a name, as written.
    public var owner: String
    public var deadline: LocalDate
    public var milestones: [Milestone]
    /// 完成情况 `已完成`: the day from 完成日期 and the evidence, if the sheet has any.
    public var done: MeasureDone?
    public var rule: RuleChange?
    public var extra: [String: String]

    public init(
        id: MeasureID, text: String, owner: String, deadline: LocalDate, milestones: [Milestone], done: MeasureDone?,
        rule: RuleChange?, extra: [String: String]
    ) {
        self.id = id
        self.text = text
        self.owner = owner
        self.deadline = deadline
        self.milestones = milestones
        self.done = done
        self.rule = rule
        self.extra = extra
    }
}
