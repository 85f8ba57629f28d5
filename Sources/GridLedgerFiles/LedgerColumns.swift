/// The sheets and headers of a bank's ledger workbook, as the banks write them.
public enum LedgerColumns {
    public static let findingsSheet = "问题清单"
    public static let measuresSheet = "任务清单"
    public static let dutiesSheet = "责任清单"

    public static let number = "问题编号"
    public static let inspection = "检查名称"
    public static let kind = "检查类型"
    public static let text = "问题描述"
    public static let category = "问题类别"
    public static let leader = "责任领导"
    public static let department = "责任部门"
    public static let found = "发现日期"
    public static let repeats = "屡查屡犯"
    public static let state = "问题状态"
    public static let closedOn = "销号日期"

    public static let measure = "措施编号"
    public static let measureText = "整改措施"
    public static let owner = "责任人"
    public static let deadline = "完成时限"
    public static let milestones = "阶段目标"
    public static let progress = "完成情况"
    public static let doneOn = "完成日期"
    public static let rule = "制度"
    public static let evidence = "佐证材料"

    /// 问题清单's columns every workbook has.
    public static let findingsRequired = [number, inspection, kind, text, category, leader, department, found]
    /// 问题清单's columns GridDuty reads or writes: the required ones, the repeat, the state.
    public static let findingsKnown = findingsRequired + [repeats, state, closedOn]

    /// 任务清单's columns every workbook has.
    public static let measuresRequired = [
        number, measure, measureText, owner, deadline, milestones, progress, doneOn, rule,
    ]
    public static let measuresKnown = measuresRequired + [evidence]

    /// 责任清单's columns a workbook that has the sheet has.
    public static let dutiesRequired = [number, leader, department]
    public static let dutiesKnown = [number, text, leader, department, owner]

    /// 完成情况 of a measure done, and of one that is not.
    public static let done = "已完成"
    public static let notDone = "未完成"
}
