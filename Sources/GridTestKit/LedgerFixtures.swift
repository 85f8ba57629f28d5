import GridCore

/// A small rectification ledger whose every figure is derived by hand in its tests: two
/// inspections, five findings of two leaders and three departments (one unnamed), six
/// measures with one done late, two rules and a repeat, recorded from 2026-09-01 to
/// 2026-10-16 across the National Day holiday.
public enum LedgerFixtures {
    public static let tour = "2026年巡察"
    public static let audit = "内审A"
    public static let lin = "lin.zhenhua"
    public static let zhou = "zhou.min"

    private static func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

    private static func finding(
        _ number: String, _ inspection: String, leader: String, department: String?, found: String,
        repeats: String? = nil
    ) -> LedgerChange {
        .findingAdded(
            Finding(
                number: number, inspection: inspection, text: "问题\(number)", leader: leader, department: department,
                found: day(found), repeats: repeats))
    }

    private static func measure(
        _ finding: String, _ number: String, owner: String, deadline: String, rule: RuleChange? = nil
    ) -> LedgerChange {
        .measureAdded(
            Measure(
                id: MeasureID(finding: finding, number: number), text: "措施\(finding)-\(number)", owner: owner,
                deadline: day(deadline), rule: rule))
    }

    private static func done(_ finding: String, _ number: String, on date: String) -> LedgerChange {
        .measureDone(MeasureID(finding: finding, number: number), MeasureDone(date: day(date), evidence: "佐证"))
    }

    private static let request = CloseOutRequest(solved: "已解决", effective: "成效明显", mechanism: "制度")

    /// The changes, each with the day it was recorded.
    public static let timeline: [(date: String, change: LedgerChange)] = [
        ("2026-09-01", .inspectionAdded(Inspection(name: tour, kind: .circuit))),
        ("2026-09-01", .inspectionAdded(Inspection(name: audit, kind: .audit))),
        ("2026-09-01", finding("1", tour, leader: lin, department: "运营部", found: "2026-09-01")),
        ("2026-09-01", finding("2", tour, leader: lin, department: "运营部", found: "2026-09-01")),
        (
            "2026-09-02",
            measure(
                "1", "1", owner: "wu.ting", deadline: "2026-09-15", rule: RuleChange(kind: .created, name: "印章管理办法"))
        ),
        ("2026-09-02", measure("1", "2", owner: "wu.ting", deadline: "2026-09-20")),
        ("2026-09-02", measure("2", "1", owner: "zhao.gang", deadline: "2026-09-30")),
        (
            "2026-09-02",
            measure(
                "2", "2", owner: "zhao.gang", deadline: "2026-12-31", rule: RuleChange(kind: .revised, name: "查库制度"))
        ),
        ("2026-09-10", done("1", "1", on: "2026-09-10")),
        ("2026-09-25", done("1", "2", on: "2026-09-25")),
        ("2026-09-28", .closeRequested(finding: "1", request)),
        ("2026-10-08", finding("10", audit, leader: zhou, department: "综合部", found: "2026-10-08")),
        (
            "2026-10-08",
            measure(
                "10", "1", owner: "wu.ting", deadline: "2026-10-08", rule: RuleChange(kind: .revised, name: "档案管理办法"))
        ),
        ("2026-10-08", done("10", "1", on: "2026-10-08")),
        ("2026-10-08", finding("4", tour, leader: lin, department: "", found: "2026-10-08")),
        ("2026-10-08", measure("4", "1", owner: "zhao.gang", deadline: "2026-10-09")),
        ("2026-10-12", .closeRequested(finding: "10", request)),
        ("2026-10-15", .closeApproved(finding: "1", note: nil)),
        ("2026-10-16", finding("3", tour, leader: zhou, department: nil, found: "2026-10-16", repeats: "1")),
    ]

    /// The ledger as recorded through `date` (`YYYY-MM-DD`).
    public static func ledger(through date: String) throws -> Ledger {
        var ledger = Ledger()
        for (recorded, change) in timeline where day(recorded) <= day(date) {
            try ledger.apply(change, on: day(recorded))
        }
        return ledger
    }
}
