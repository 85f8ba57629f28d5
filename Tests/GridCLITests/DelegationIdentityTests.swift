import Foundation
import GridTestKit
import Testing

/// Delegations on a real (not simulation) database, at the real time, entered and used as
/// the people logins map to (the debug build's `GRIDDUTY_TEST_LOGIN`, as `IdentityTests`).
@Suite("Delegation under the login's identity")
struct DelegationIdentityTests {
    /// 周敏 (zhou.min) is `daemon`, 赵刚 (zhao.gang) is `mail`; `sys` is an administrator.
    let users: LoggedInUsers

    init() throws {
        users = try LoggedInUsers("gridctl-delegation-identity", logins: ["zhou.min": "daemon", "zhao.gang": "mail"])
    }

    func run(as login: String, groups: String = "", _ arguments: [String]) throws -> ProcessRunner.Result {
        try users.run(as: login, groups: groups, arguments)
    }

    /// Today and two days on, in the branch's zone.
    var days: (String, String) {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return (formatter.string(from: Date()), formatter.string(from: Date().addingTimeInterval(2 * 86_400)))
    }

    func lastEntry() throws -> [String: Any] {
        let log = try run(as: "daemon", ["audit", "log", "--format", "json"])
        try #require(log.status == 0, "\(log.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        return try #require(entries.last)
    }

    func delegate(as login: String, groups: String = "") throws -> ProcessRunner.Result {
        try run(
            as: login, groups: groups,
            ["delegate", "--from", "zhou.min", "--to", "zhao.gang", "--start", days.0, "--end", days.1])
    }

    @Test(
        "an administrator mapped to nobody may enter a delegation, recorded from his login for the delegator; an unmapped login outside the admin group may not"
    )
    func administrator() throws {
        let created = try run(as: "sys", groups: "gridduty-admin", ["migrate"])
        try #require(created.status == 0, "\(created.stderr)")

        let refused = try delegate(as: "uucp")
        #expect(refused.status == 1 && refused.stderr.contains("refused: "), "\(refused.stderr)")

        let entered = try delegate(as: "sys", groups: "gridduty-admin")
        #expect(entered.status == 0, "\(entered.stderr)")
        let entry = try lastEntry()
        #expect(entry["kind"] as? String == "delegation" && entry["login"] as? String == "sys")
        #expect(entry["actor"] == nil || entry["actor"] is NSNull)
        #expect(entry["on_behalf_of"] as? String == "zhou.min")
    }

    @Test(
        "Given 周敏's own delegation to 赵刚, when 赵刚's login records one of her items, then it is recorded as his, for her"
    )
    func delegateRecords() throws {
        let created = try run(as: "sys", groups: "gridduty-admin", ["migrate"])
        try #require(created.status == 0, "\(created.stderr)")
        let entered = try delegate(as: "daemon")
        try #require(entered.status == 0, "\(entered.stderr)")
        #expect(try lastEntry()["on_behalf_of"] == nil || (try lastEntry()["on_behalf_of"]) is NSNull)

        let listed = try run(as: "mail", ["due", "--person", "zhao.gang", "--format", "json"])
        try #require(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let held = try #require(rows.first { $0["for"] as? String == "zhou.min" })
        let id = try #require(held["id"] as? Int64)

        let done = try run(as: "mail", ["done", String(id)])

        #expect(done.status == 0, "\(done.stderr)")
        let entry = try lastEntry()
        #expect(entry["kind"] as? String == "completion" && entry["login"] as? String == "mail")
        #expect(entry["actor"] as? String == "zhao.gang" && entry["on_behalf_of"] as? String == "zhou.min")
    }
}
