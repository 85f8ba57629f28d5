import GridCore
import GridTestKit

/// One branch's generated rectification ledger: an inspection found some problems early in
/// the year, each rectified by a few measures owned by the branch's staff and due on its
/// business days spread over the rest of the year; most measures past their deadline are
/// done, a few ahead of it too; some run in stages (a milestone), a few create or revise a
/// rule. Deterministic from the seed and the branch's id, so that a branch's ledger is the
/// same whatever the bank's size, and the workbook of a branch left empty is the ledger the
/// fill would have stored.
struct SyntheticLedger {
    let branch: Branch
    let seed: UInt64
    /// The day the ledger is written on: nothing is found or done after it.
    let today: LocalDate
    let findings: Int
    let measuresPerFinding: Int

    static let categories = ["制度执行", "内部控制", "业务操作", "作风纪律", "风险管理"]
    static let departments = ["运营管理部", "个人金融部", "公司金融部", "综合办公室", "风险合规部"]
    static let problems = [
        "印章管理登记不完整", "重要空白凭证交接未双人签字", "尾箱交接记录缺失", "授权业务事后监督不到位",
        "员工行为排查流于形式", "消费者权益保护培训未覆盖全员", "反洗钱客户身份识别资料不全", "党组织生活会记录不规范",
    ]
    static let actions = [
        "修订操作规程并组织学习", "逐笔补登并由主管复核", "开展专项排查并形成报告", "建立台账按月检查",
        "组织全员培训并考试", "落实双人交接并留痕",
    ]

    /// The ledger's changes, in the order a keeper would record them: the inspection, each
    /// finding followed by its measures, then the measures done.
    func changes() -> [LedgerChange] {
        var random = SplitMix64(seed: seed ^ Self.hash(branch.id))
        let staff = branch.staff.filter { $0.isActive(on: today) }.map(\.id)
        guard !staff.isEmpty, findings > 0 else { return [] }
        let calendar = branch.calendar
        let yearStart = LocalDate(year: today.year, month: 1, day: 1)!
        let yearEnd = LocalDate(year: today.year, month: 12, day: 31)!
        func businessDay(onOrAfter date: LocalDate) -> LocalDate? { calendar.businessDay(after: date, count: 0) }
        func day(in range: ClosedRange<Int>) -> LocalDate {
            LocalDate(dayNumber: range.lowerBound + random.below(range.count))
        }

        // Found on a day of the first part of the year, at least a month before today when the
        // year allows it, so that some deadlines have passed.
        let latestFound = max(yearStart.dayNumber, min(today.dayNumber - 30, yearStart.dayNumber + 150))
        let found = min(day(in: yearStart.dayNumber + min(10, latestFound - yearStart.dayNumber)...latestFound), today)
        let kind = random.pick(InspectionKind.allCases)
        let inspection = Inspection(name: "\(today.year)年\(kind.rawValue)", kind: kind, feedback: found)
        var changes: [LedgerChange] = [.inspectionAdded(inspection)]
        var done: [LedgerChange] = []
        for f in 1...findings {
            let number = String(f)
            let category = random.pick(Self.categories)
            changes.append(
                .findingAdded(
                    Finding(
                        number: number, inspection: inspection.name, text: random.pick(Self.problems),
                        category: category, leader: random.pick(staff), department: random.pick(Self.departments),
                        found: found)))
            for m in 1...max(1, measuresPerFinding) {
                let id = MeasureID(finding: number, number: String(m))
                let earliest = found.dayNumber + 7
                let picked = day(in: earliest...max(earliest, yearEnd.dayNumber))
                guard let deadline = businessDay(onOrAfter: picked) else { continue }
                var milestones: [Milestone] = []
                if deadline.dayNumber - found.dayNumber > 40, random.chance(0.2),
                    let stage = businessDay(
                        onOrAfter: LocalDate(dayNumber: (found.dayNumber + deadline.dayNumber) / 2)),
                    stage < deadline
                {
                    milestones.append(Milestone(date: stage, text: "完成阶段性整改"))
                }
                let rule =
                    random.chance(0.1)
                    ? RuleChange(kind: random.pick(RuleChange.Kind.allCases), name: "\(category)管理办法") : nil
                changes.append(
                    .measureAdded(
                        Measure(
                            id: id, text: random.pick(Self.actions), owner: random.pick(staff), deadline: deadline,
                            milestones: milestones, rule: rule)))
                // Most measures whose deadline has passed are done, some ahead of it.
                if random.chance(deadline <= today ? 0.85 : 0.15) {
                    let last = min(today.dayNumber, deadline.dayNumber)
                    let on = day(in: found.dayNumber...max(found.dayNumber, last))
                    done.append(.measureDone(id, MeasureDone(date: on, evidence: random.chance(0.7) ? "整改报告" : nil)))
                }
            }
        }
        return changes + done
    }

    /// The ledger those changes make.
    func ledger() throws -> Ledger {
        var ledger = Ledger()
        for change in changes() { try ledger.apply(change, on: today) }
        return ledger
    }

    /// FNV-1a of the id: a seed per branch that does not depend on the process (Swift's
    /// `hashValue` does).
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
