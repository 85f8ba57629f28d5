import Foundation
import GRDB
import GridTestKit
import Testing

/// Two-person checks (双人) on the shipped catalog: November's reconciliation
/// (ops.account-reconciliation) is owed by 周敏 (zhou.min, operations deputy) and confirmed
/// by a holder of operations-deputy or branch-head (林振华, lin.zhenhua).
@Suite("gridctl confirm: two-person checks")
struct ConfirmTests {
    static let friday = "2026-11-27T10:00"
    static let firstOfDecember = "2026-12-01T09:00"

    /// November's reconciliation, recorded by its owner on Friday.
    func recorded(_ gridctl: Gridctl) throws -> String {
        let item = try gridctl.item("ops.account-reconciliation", now: Self.friday)
        let done = try gridctl.succeed(
            ["done", String(item.id), "--by", "zhou.min", "--note", "账实相符"], now: Self.friday)
        #expect(done.contains("awaiting confirmation"), "\(done)")
        return String(item.id)
    }

    @Test(
        "Given a two-person check recorded by its owner, it awaits confirmation in due, show, JSON and CSV; the branch head's confirmation closes it, and show says who recorded, who confirmed, when and from which login"
    )
    func recordThenConfirm() throws {
        let gridctl = try Gridctl()
        let id = try recorded(gridctl)

        // Then it is still owed, awaiting confirmation, everywhere it is listed
        let due = try gridctl.items(["due"], now: Self.friday)
        #expect(due.first { String($0.id) == id }?.status == "awaiting-confirmation")
        let table = try gridctl.succeed(["due", "--duty", "ops.account-reconciliation"], now: Self.friday)
        #expect(table.contains("待复核"), "\(table)")
        let csv = try gridctl.succeed(["due", "--format", "csv"], now: Self.friday)
        #expect(parseCSV(csv).contains { $0.first == id && $0.contains("awaiting-confirmation") }, "\(csv)")
        let awaiting = try gridctl.detail(id, now: Self.friday)
        #expect(awaiting.occurrence.status == "awaiting-confirmation")
        #expect(awaiting.confirmation?.recordedBy == ["zhou.min"])
        #expect(awaiting.confirmation?.confirmed.isEmpty == true)
        // And a second completion is refused: it waits for the second person, not a repeat
        let again = try gridctl.run(["done", id, "--by", "zhou.min"], now: Self.friday)
        #expect(again.status == 1 && again.stderr.contains("awaits a second person"), "\(again.stderr)")

        // When the branch head confirms it
        let confirmed = try gridctl.succeed(
            ["confirm", id, "--by", "lin.zhenhua", "--note", "复核无误"], now: "2026-11-27T11:00")

        // Then it is done, on time, and no longer owed
        #expect(confirmed.contains("recorded by 周敏, confirmed by 林振华"), "\(confirmed)")
        let detail = try gridctl.detail(id, now: "2026-11-27T11:00")
        #expect(detail.occurrence.status == "done")
        #expect(try !gridctl.items(["due"], now: "2026-11-27T11:00").contains { String($0.id) == id })
        let confirmation = try #require(detail.confirmation)
        #expect(confirmation.roles == ["operations-deputy", "branch-head"])
        #expect(confirmation.recordedBy == ["zhou.min"])
        #expect(confirmation.confirmed.map(\.by) == ["lin.zhenhua"])
        #expect(confirmation.confirmed.first?.at == "2026-11-27T11:00:00+08:00")
        #expect(confirmation.confirmed.first?.note == "复核无误")
        let login = try #require(confirmation.confirmed.first?.login)
        #expect(!login.isEmpty)
        let show = try gridctl.succeed(["show", id], now: "2026-11-27T11:00")
        #expect(
            show.contains("recorded by 周敏; confirmed by 林振华 at 2026-11-27 11:00 from login \(login)"), "\(show)")
        // A second confirmation is refused: it is closed
        let twice = try gridctl.run(["confirm", id, "--by", "zhou.min"], now: "2026-11-27T11:00")
        #expect(twice.status == 1 && twice.stderr.contains("not awaiting confirmation"), "\(twice.stderr)")
    }

    @Test(
        "confirmation is refused, exit 1 and one line, nothing written: by the recorder, by someone without a confirming role, of an item not recorded, of a duty that is not a two-person check"
    )
    func refusals() throws {
        let gridctl = try Gridctl()
        let id = try recorded(gridctl)
        let unrecorded = try gridctl.item("ops.teller-drawer-check", now: Self.friday)
        let single = try gridctl.item("ops.internal-account-check", now: Self.friday)
        let cases: [([String], String)] = [
            (["confirm", id, "--by", "zhou.min"], "'zhou.min' recorded this check and may not confirm it"),
            (["confirm", id, "--by", "wu.ting"], "only a holder of operations-deputy or branch-head may"),
            (["confirm", String(unrecorded.id), "--by", "lin.zhenhua"], "is not awaiting confirmation: it is due"),
            (["confirm", String(single.id), "--by", "lin.zhenhua"], "is not a two-person check"),
        ]
        for (arguments, expected) in cases {
            let result = try gridctl.run(arguments, now: Self.friday)

            #expect(result.status == 1, "\(arguments): \(result.stdout)")
            #expect(result.stderr.contains("refused: ") && result.stderr.contains(expected), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try gridctl.detail(id, now: Self.friday).occurrence.status == "awaiting-confirmation")
    }

    @Test("the person a two-person check is about may not confirm it, though they hold a confirming role")
    func subjectRefused() throws {
        // Given the yearly responsibility letters made two-person checks, and 周敏 recording
        // the one about the branch head
        let gridctl = try Gridctl.onCopy(
            editing: "catalog/40-security.yaml",
            [
                (
                    "    scope: staff\n    owner-is-subject: pass-up\n    deadline: month-end 3\n",
                    "    scope: staff\n    owner-is-subject: pass-up\n    deadline: month-end 3\n    confirm: second-person\n    confirm-roles: [branch-head, operations-deputy]\n"
                )
            ])
        let now = "2027-03-22T10:00"
        let letter = try gridctl.item("security.responsibility-letter", subject: "lin.zhenhua", now: now)
        try gridctl.succeed(["done", String(letter.id), "--by", "zhou.min"], now: now)

        // When the branch head confirms his own letter
        let result = try gridctl.run(["confirm", String(letter.id), "--by", "lin.zhenhua"], now: now)

        // Then it is refused, and the item still awaits confirmation
        #expect(result.status == 1)
        #expect(result.stderr.contains("it is about 'lin.zhenhua'"), "\(result.stderr)")
        #expect(try gridctl.detail(String(letter.id), now: now).occurrence.status == "awaiting-confirmation")
    }

    @Test(
        "a two-person check awaiting confirmation past its deadline is overdue like any open item, and confirmed then it is done late, however early it was recorded"
    )
    func overdueWhileAwaiting() throws {
        let gridctl = try Gridctl()
        let id = try recorded(gridctl)

        // Then on 12-01, past the 11-30 deadline, it is listed overdue
        let overdue = try gridctl.items(["overdue"], now: Self.firstOfDecember)
        #expect(overdue.first { String($0.id) == id }?.status == "overdue")

        // And the branch head's confirmation on 12-01 closes it late
        try gridctl.succeed(["confirm", id, "--by", "lin.zhenhua"], now: Self.firstOfDecember)
        #expect(try gridctl.detail(id, now: Self.firstOfDecember).occurrence.status == "done-late")
        #expect(try !gridctl.items(["overdue"], now: Self.firstOfDecember).contains { String($0.id) == id })
    }

    @Test("audit verify covers confirmations: it passes after one, and an UPDATE of the confirmation's row breaks it")
    func audited() throws {
        let gridctl = try Gridctl()
        let id = try recorded(gridctl)
        try gridctl.succeed(["confirm", id, "--by", "lin.zhenhua", "--note", "复核无误"], now: "2026-11-27T11:00")

        let log = try gridctl.succeed(["audit", "log", "--format", "csv"], now: "2026-11-27T11:00")
        #expect(parseCSV(log).contains { $0.contains("confirmation") && $0.contains("lin.zhenhua") }, "\(log)")
        try gridctl.succeed(["audit", "verify"], now: "2026-11-27T11:00")

        // When the confirmation's row is changed past its trigger
        let tamper = "DROP TRIGGER event_no_update; UPDATE event SET actor = 'zhou.min' WHERE kind = 'confirmed'"
        try DatabaseQueue(path: gridctl.database).write { try $0.execute(sql: tamper) }

        // Then verify names the broken entry
        let result = try gridctl.run(["audit", "verify"], now: "2026-11-27T11:00")
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not match its hash"), "\(result.stderr)")
    }

    @Test(
        "a check recorded while the catalog asked for a second person, confirmed after the catalog stopped asking, is refused naming waive as the way to close it"
    )
    func catalogNoLongerAsks() throws {
        // Given November's reconciliation recorded as a two-person check
        let directory = TemporaryDirectory("gridctl-cli")
        let schedules = directory.file("schedules")
        try Repository.copySchedules(to: schedules)
        let gridctl = try Gridctl(config: schedules, directory: directory)
        let id = try recorded(gridctl)

        // When the catalog no longer marks it
        try Gridctl.editFile("\(schedules)/catalog/30-operations.yaml") { text in
            text.replacingOccurrences(
                of:
                    "    clause: 每月账实相符检查\n    confirm: second-person\n    confirm-roles: [operations-deputy, branch-head]\n",
                with: "    clause: 每月账实相符检查\n")
        }
        let result = try gridctl.run(["confirm", id, "--by", "lin.zhenhua"], now: Self.friday)

        // Then the confirmation is refused, and the way to close it is named
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("is not a two-person check; it was recorded when it was one"), "\(result.stderr)")
        #expect(result.stderr.contains("gridctl waive"))
        try gridctl.succeed(["waive", id, "--by", "lin.zhenhua", "--reason", "双人复核已线下完成"], now: Self.friday)
        #expect(try gridctl.detail(id, now: Self.friday).occurrence.status == "waived")
    }

    @Test(
        "a database from before two-person checks learns them when it is upgraded: a reconciliation its owner records by number then awaits confirmation"
    )
    func upgradedDatabase() throws {
        // Given a database whose schema predates v14-second-person, the branch brought up to date
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.account-reconciliation", now: Self.friday)
        try DatabaseQueue(path: gridctl.database).write { db in
            try db.execute(
                sql: """
                    ALTER TABLE duty DROP COLUMN confirm_roles;
                    DELETE FROM grdb_migrations WHERE identifier = 'v14-second-person';
                    """)
        }

        // When its owner records it by number, as the path that reads no configuration would
        try gridctl.succeed(["done", String(item.id), "--by", "zhou.min"], now: Self.friday)

        // Then it awaits the second person, and the record still verifies
        #expect(try gridctl.detail(String(item.id), now: Self.friday).occurrence.status == "awaiting-confirmation")
        try gridctl.succeed(["audit", "verify"], now: Self.friday)
    }
}

extension IdentityTests {
    @Test(
        "Given the real database, the deputy's own confirmation of the reconciliation she recorded is refused naming her login, --by cannot make it someone else's, and the head's login confirms it"
    )
    func confirmAsTheLogin() throws {
        // Given the deputy (login daemon) recording a reconciliation of hers, at the real time
        let item = try #require(try start().deputy.first { $0.duty == "ops.account-reconciliation" })
        let id = String(item.id)
        let recorded = try run(as: "daemon", ["done", id])
        try #require(recorded.status == 0, "\(recorded.stderr)")

        // When she confirms it herself, or names the head with --by
        let own = try run(as: "daemon", ["confirm", id])
        let named = try run(as: "daemon", ["confirm", id, "--by", "lin.zhenhua"])

        // Then both are refused in one line naming her login
        #expect(own.status == 1)
        #expect(
            own.stderr.hasPrefix(
                "Error: refused: daemon (zhou.min) may not confirm #\(id): 'zhou.min' recorded this check"),
            "\(own.stderr)")
        #expect(own.stderr.split(separator: "\n").count == 1)
        #expect(named.status == 1)
        #expect(
            named.stderr.contains("refused: daemon (zhou.min) may not confirm #\(id): --by names 'lin.zhenhua'"),
            "\(named.stderr)")

        // And the head's login (bin) confirms it, recorded as from that login
        let confirmed = try run(as: "bin", ["confirm", id])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let shown = try run(as: "daemon", ["show", id, "--format", "json"])
        let detail = try Item.decoder.decode(Detail.self, from: Data(shown.stdout.utf8))
        #expect(detail.confirmation?.confirmed.map(\.by) == ["lin.zhenhua"])
        #expect(detail.confirmation?.confirmed.first?.login == "bin")
        #expect(["done", "done-late"].contains(detail.occurrence.status))
    }
}
