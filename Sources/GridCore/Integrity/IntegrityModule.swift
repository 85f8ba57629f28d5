/// The eight modules of a bank's staff integrity system (seed 004): 清廉建设, 清廉宣传, 员工管理,
/// 合规建设, 纪检监察, 重点工作, 红线, 黑名单. Written in Chinese in the table.
public enum IntegrityModule: String, CaseIterable, Sendable, Codable {
    case building = "清廉建设"
    case publicity = "清廉宣传"
    case staff = "员工管理"
    case compliance = "合规建设"
    case inspection = "纪检监察"
    case keyWork = "重点工作"
    case redLine = "红线"
    case blacklist = "黑名单"
}
