/// What kind of inspection produced a ledger's findings: the five the rectification
/// reports name. Written in the workbook and on the command line in Chinese.
public enum InspectionKind: String, CaseIterable, Sendable, Codable {
    /// 巡视: by the party committee above.
    case tour = "巡视"
    /// 巡察: by the bank's own party committee.
    case circuit = "巡察"
    /// 审计: internal or external audit.
    case audit = "审计"
    /// 条线检查: a line's own check (party, discipline, operations).
    case lineCheck = "条线检查"
    /// 自查: the branch's own check, e.g. a video review finding a teller's fault.
    case selfCheck = "自查"
}
