import Foundation
import GridTestKit
import Testing

/// November 2026 on the shipped example branch, played on a simulation database: the
/// branch secretary's 系统履职及预警处理 (party.daily-system-duty, due every business day at
/// 17:00) done on time on 11-02 and late (on 11-04) for 11-03; the operations deputy's
/// proxy-business log of 11-04 waived by the branch head; everything else left undone, and
/// gridd run once on 11-23 to raise the alerts, escalations among them.
struct MonthlyReportScenario {
    let gridctl: Gridctl

    /// After the month: the report reads November as it stood at its end.
    static let december = "2026-12-01T09:00"

    init(config: String? = nil) throws {
        gridctl = try Gridctl(config: config)
        try gridctl.succeed(
            ["done", "party.daily-system-duty/2026-11-02", "--by", "lin.zhenhua"], now: "2026-11-02T10:00")
        try gridctl.succeed(
            ["done", "party.daily-system-duty/2026-11-03", "--by", "lin.zhenhua"], now: "2026-11-04T09:00")
        try gridctl.succeed(
            ["waive", "ops.proxy-business-log/2026-11-04", "--by", "lin.zhenhua", "--reason", "系统停机"],
            now: "2026-11-04T09:00")
        let gridd = try ProcessRunner("gridd").run([
            "--config", gridctl.config, "--db", gridctl.database, "--once", "--now", "2026-11-23T10:00",
        ])
        try #require(gridd.status == 0, "gridd --once failed: \(gridd.stderr)")
    }

    func report(_ format: String, now: String = december, extra: [String] = []) throws -> String {
        try gridctl.succeed(["report", "--month", "2026-11", "--format", format] + extra, now: now)
    }

    func json(now: String = december) throws -> JSONLeaf {
        try JSONDecoder().decode(JSONLeaf.self, from: Data(try report("json", now: now).utf8))
    }
}
