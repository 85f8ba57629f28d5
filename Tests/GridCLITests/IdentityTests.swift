import Foundation
import GridTestKit
import Testing

/// Writes act as the person the REAL user's login maps to. These run the debug build of
/// gridctl as other users through `GRIDDUTY_TEST_LOGIN` (and `GRIDDUTY_TEST_GROUPS`), which
/// only a debug build reads; the logins are ones every Linux machine has.
@Suite("Identity from the operating system")
struct IdentityTests {
    /// A copy of the shipped schedules with the back-office deputy 周敏 (zhou.min) mapped to
    /// `daemon` and the branch head 林振华 (lin.zhenhua), who leads her grid, to `bin`.
    let users: LoggedInUsers
    var schedules: String { users.schedules }
    var database: String { users.database }
    var directory: TemporaryDirectory { users.directory }

    init() throws {
        users = try LoggedInUsers("gridctl-identity", logins: ["zhou.min": "daemon", "lin.zhenhua": "bin"])
    }

    func run(as login: String, groups: String = "", _ arguments: [String]) throws -> ProcessRunner.Result {
        try users.run(as: login, groups: groups, arguments)
    }

    /// Creates the real database as a member of the admin group, and returns the open items
    /// of the deputy and of the head at the real time (monthly ones are open all month).
    func start() throws -> (deputy: [Item], head: [Item]) {
        let created = try run(as: "sys", groups: "gridduty-admin", ["migrate"])
        try #require(created.status == 0, "\(created.stderr)")
        func items(_ person: String) throws -> [Item] {
            try ["due", "overdue"].flatMap { listing in
                let listed = try run(as: "daemon", [listing, "--person", person, "--format", "json"])
                try #require(listed.status == 0, "\(listed.stderr)")
                return try Item.decoder.decode([Item].self, from: Data(listed.stdout.utf8))
                    .filter { $0.owner == person }
            }
        }
        return (try items("zhou.min"), try items("lin.zhenhua"))
    }

    func completions(_ id: Int64) throws -> Int {
        let shown = try run(as: "daemon", ["show", String(id), "--format", "json"])
        try #require(shown.status == 0, "\(shown.stderr)")
        return try Item.decoder.decode(Detail.self, from: Data(shown.stdout.utf8)).completions.count
    }

    @Test("Given the deputy's login, when she completes her own item without --by, then it is recorded as hers")
    func ownItem() throws {
        let item = try #require(try start().deputy.first)
        let result = try run(as: "daemon", ["done", String(item.id)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recorded by 周敏"), "\(result.stdout)")
        #expect(try completions(item.id) == 1)
    }

    @Test(
        "Given the deputy's login, when she names the head of her grid with --by to complete his item, then it is refused in one line naming her login and nothing is written"
    )
    func forgedBy() throws {
        let item = try #require(try start().head.first)
        let result = try run(as: "daemon", ["done", String(item.id), "--by", "lin.zhenhua", "--note", "x"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("Error: refused: daemon (zhou.min) may not complete #\(item.id): "),
            "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try completions(item.id) == 0)
    }

    @Test(
        "Given the head's login, when he records the deputy's item for her with --by and a note, then the record keeps both: entered by him from his login, for her"
    )
    func onBehalfIsRecordedAsBoth() throws {
        let item = try #require(try start().deputy.first)
        let result = try run(
            as: "bin", ["done", String(item.id), "--by", "zhou.min", "--note", "she did it before her leave"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recorded by 林振华 for 周敏"), "\(result.stdout)")
        let log = try run(as: "daemon", ["audit", "log", "--format", "json"])
        try #require(log.status == 0, "\(log.stderr)")
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        let entry = try #require(entries.last { ($0["kind"] as? String) == "completion" })
        #expect(entry["login"] as? String == "bin")
        #expect(entry["actor"] as? String == "lin.zhenhua")
        #expect(entry["on_behalf_of"] as? String == "zhou.min")
        #expect(entry["occurrence"] as? Int == Int(item.id))
    }

    @Test(
        "Given a real database whose branch files are unchanged, when the owner's login records her item by number, then the stored roster alone says who she is; a supervisor's entry still reads the configuration"
    )
    func ownerTakesTheStoredPath() throws {
        let item = try #require(try start().deputy.first)
        // The configuration can no longer be read, unnoticed by the stamps the database checks:
        // only an answer from the stored names succeeds.
        try ListingSourceTests.breakUnnoticed("\(schedules)/policy.yaml")
        let own = try run(as: "daemon", ["done", String(item.id)])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("recorded by 周敏"), "\(own.stdout)")
        let log = try run(as: "daemon", ["audit", "log", "--format", "json"])
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        let entry = try #require(entries.last { ($0["kind"] as? String) == "completion" })
        #expect(entry["login"] as? String == "daemon" && entry["actor"] as? String == "zhou.min")
        let other = try #require(try start().deputy.first { $0.id != item.id })
        let forHer = try run(as: "bin", ["done", String(other.id), "--by", "zhou.min", "--note", "on her behalf"])
        #expect(forHer.status == 1 && forHer.stderr.contains("policy.yaml"), "\(forHer.stderr)")
    }

    @Test("Given the deputy's login, when she waives her own item, then it is refused and nothing is written")
    func tellerMayNotWaive() throws {
        let item = try #require(try start().deputy.first)
        let result = try run(as: "daemon", ["waive", String(item.id), "--reason", "no need"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refused: daemon (zhou.min) may not waive #\(item.id): "), "\(result.stderr)")
        let shown = try run(as: "daemon", ["show", String(item.id), "--format", "json"])
        #expect(!shown.stdout.contains("\"waived\""))
    }

    @Test(
        "Given a login mapped to nobody, when it lists and then records, then the listing works and the record is refused naming the login and how to map it"
    )
    func unmappedLogin() throws {
        let item = try #require(try start().deputy.first)
        #expect(try run(as: "sys", ["due", "--person", "zhou.min"]).status == 0)
        let result = try run(as: "sys", ["done", String(item.id), "--by", "zhou.min"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refused: sys (mapped to nobody) may not complete #\(item.id): "))
        #expect(
            result.stderr.contains("add \"unix-user: sys\" to the person's entry in \(schedules)/branches/example.yaml")
        )
        #expect(try completions(item.id) == 0)
    }

    @Test(
        "Given a real database, when any command, a read included, gives --now, then it is refused naming the simulation"
    )
    func nowOnRealDatabase() throws {
        _ = try start()
        for arguments in [["due"], ["done", "1"]] {
            let result = try run(as: "daemon", arguments + ["--now", "2026-11-23T10:00"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("is a real database") && result.stderr.contains("migrate --simulation"))
        }
        let missing = try ProcessRunner("gridctl").run(
            ["due", "--config", schedules, "--db", directory.file("none.sqlite"), "--now", "2026-11-23T10:00"])
        #expect(missing.status == 1 && missing.stderr.contains("migrate --simulation"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("none.sqlite")))
    }

    @Test(
        "Given a login outside the admin group, when it runs migrate or a first command would create the database, then it is refused and no file is made; the admin group may"
    )
    func migrateNeedsAdmin() throws {
        let refused = try run(as: "daemon", ["migrate"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused: daemon (mapped to nobody) may not migrate"), "\(refused.stderr)")
        #expect(refused.stderr.contains("gridduty-admin"))
        let first = try run(as: "daemon", ["due"])
        #expect(first.status == 1 && first.stderr.contains("may not create the database"), "\(first.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(try run(as: "daemon", groups: "users,gridduty-admin", ["migrate"]).status == 0)
    }

    @Test(
        "Given an existing file, when migrate --simulation names it, then it is refused and the file is left as it was")
    func simulationOnlyNew() throws {
        _ = try start()
        let result = try run(as: "daemon", ["migrate", "--simulation"])
        #expect(result.status == 1 && result.stderr.contains("already exists"))
        #expect(try run(as: "daemon", ["due", "--now", "2026-11-23T10:00"]).status == 1)
    }
}

@Suite("Simulation databases")
struct SimulationTests {
    @Test(
        "Given a simulation database, when a command opens it, then stderr says so in one line and show's JSON says \"simulation\": true"
    )
    func marked() throws {
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.account-reconciliation")
        let raw = try gridctl.runner.run(
            [
                "show", String(item.id), "--format", "json", "--config", gridctl.config, "--db", gridctl.database,
                "--now",
                Gridctl.monday,
            ])
        #expect(raw.status == 0)
        #expect(raw.stderr.split(separator: "\n").map(String.init) == [gridctl.simulationNotice])
        #expect(raw.stdout.contains("\"simulation\" : true"), "\(raw.stdout)")
    }

    @Test(
        "Given a monthly item, when it is completed --at three business days back, then without --note it is refused and with one it is kept as a late entry"
    )
    func lateEntry() throws {
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.account-reconciliation")
        let owner = try #require(item.owner)
        let refused = try gridctl.run(["done", String(item.id), "--by", owner, "--at", "2026-11-18T10:00"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("late-entry-after") && refused.stderr.contains("--note"), "\(refused.stderr)")
        #expect(try gridctl.detail(String(item.id)).completions.isEmpty)
        try gridctl.succeed([
            "done", String(item.id), "--by", owner, "--at", "2026-11-18T10:00", "--note", "paper form",
        ])
        let shown = try gridctl.succeed(["show", String(item.id), "--format", "json"])
        #expect(shown.contains("\"late_entry\" : true"), "\(shown)")
        #expect(try gridctl.succeed(["show", String(item.id)]).contains("(late entry)"))
    }
}
