import Foundation
import GridTestKit
import Testing

@Suite("gridctl overdue, done, waive and show")
struct CompletionTests {
    static let firstOfDecember = "2026-12-01T09:00"

    @Test(
        "Given November's monthly checks left open, when `overdue --cadence monthly` runs on 2026-12-01 and the owner records one with a note, then it leaves the list and `show` says done-late with the note in its history"
    )
    func lateCompletionLeavesOverdue() throws {
        let gridctl = try Gridctl()
        let now = Self.firstOfDecember

        let overdue = try gridctl.items(["overdue", "--cadence", "monthly"], now: now)

        #expect(Set(overdue.map(\.duty)) == Set(ExampleCatalog.monthly.map(\.0)))
        #expect(overdue.count == ExampleCatalog.monthly.count)
        #expect(
            overdue.allSatisfy {
                $0.period == "2026-11" && $0.status == "overdue" && $0.deadline == "2026-11-30T17:00:00+08:00"
            })
        let target = try #require(overdue.first { $0.duty == "ops.internal-account-check" })

        let done = try gridctl.succeed(["done", String(target.id), "--by", "zhou.min", "--note", "钞箱核对无误"], now: now)
        #expect(done.contains("逾期完成"), "\(done)")

        let after = try gridctl.items(["overdue", "--cadence", "monthly"], now: now)
        #expect(!after.contains { $0.id == target.id })
        #expect(Set(after.map(\.id)) == Set(overdue.map(\.id)).subtracting([target.id]))

        let show = try gridctl.succeed(["show", String(target.id)], now: now)
        #expect(show.contains("逾期完成") && show.contains("done-late"), "\(show)")
        let history = lines(show).drop { !$0.contains("历史 history") }.dropFirst()
        #expect(
            history.contains { $0.contains("周敏") && $0.contains("钞箱核对无误") && $0.contains("2026-12-01 09:00") },
            "\(show)")
        let detail = try gridctl.detail(String(target.id), now: now)
        #expect(detail.occurrence.status == "done-late")
        #expect(detail.completions.count == 1)
        #expect(detail.completions.first?.note == "钞箱核对无误")
        #expect(detail.completions.first?.by == "zhou.min")
        #expect(detail.completions.first?.late == true)
    }

    @Test(
        "Given a monthly check still open, when its owner records it before the deadline (or, after it, with --at before it), then it is done, not done-late"
    )
    func completionBeforeDeadlineIsDone() throws {
        let gridctl = try Gridctl()
        let friday = "2026-11-27T10:00"
        let reconciliation = try gridctl.item("ops.internal-account-check", now: friday)

        let done = try gridctl.succeed(["done", String(reconciliation.id), "--by", "zhou.min"], now: friday)

        #expect(done.contains("已完成"), "\(done)")
        let detail = try gridctl.detail(String(reconciliation.id), now: friday)
        #expect(detail.occurrence.status == "done")
        #expect(detail.completions.first?.late == false)
        #expect(try !gridctl.items(["due"], now: friday).contains { $0.id == reconciliation.id })
        // A week later it is still done, not overdue.
        #expect(try gridctl.detail(String(reconciliation.id), now: Self.firstOfDecember).occurrence.status == "done")

        // Performed on Monday 11-30 at 16:00, recorded the next morning: on time.
        let drawers = try gridctl.item("ops.statement-handover", listing: "overdue", now: Self.firstOfDecember)
        try gridctl.succeed(
            ["done", String(drawers.id), "--by", "zhou.min", "--at", "2026-11-30T16:00"], now: Self.firstOfDecember)
        let recorded = try gridctl.detail(String(drawers.id), now: Self.firstOfDecember)
        #expect(recorded.occurrence.status == "done")
        #expect(recorded.completions.first?.at == "2026-11-30T16:00:00+08:00")
    }

    @Test(
        "Given party.lecture, owed at least twice a year, when the secretary records one lecture then a second, then it stays open at 1/2 and is done at 2/2"
    )
    func quotaNeedsEveryCompletion() throws {
        let gridctl = try Gridctl()
        let lecture = try gridctl.item("party.lecture")
        #expect(lecture.quota == 2 && lecture.doneCount == 0)
        let id = String(lecture.id)

        let first = try gridctl.succeed(["done", id, "--by", "lin.zhenhua", "--note", "第一次党课"])

        #expect(first.contains("1 of 2"), "\(first)")
        let open = try gridctl.item("party.lecture")
        #expect(open.id == lecture.id && open.doneCount == 1 && open.status == "upcoming")
        let table = try gridctl.succeed(["due", "--duty", "party.lecture"])
        #expect(table.contains("1/2"), "\(table)")
        #expect(try gridctl.succeed(["show", id]).contains("1 of 2"))

        let second = try gridctl.succeed(
            ["done", id, "--by", "lin.zhenhua", "--note", "第二次党课"], now: "2026-11-24T10:00")

        #expect(second.contains("已完成"), "\(second)")
        #expect(try gridctl.items(["due", "--duty", "party.lecture"], now: "2026-11-24T10:00").isEmpty)
        let detail = try gridctl.detail(id, now: "2026-11-24T10:00")
        #expect(detail.occurrence.status == "done" && detail.occurrence.doneCount == 2)
        #expect(detail.completions.map(\.note) == ["第一次党课", "第二次党课"])
    }

    @Test(
        "Given 周敏's monthly check, when a peer records it, the grid leader records it without then with --note, then the peer and the note-less leader are refused and the leader with a note is accepted"
    )
    func onlyOwnerOrSupervisorWithNoteMayComplete() throws {
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.internal-account-check")
        let id = String(item.id)
        #expect(item.owner == "zhou.min")

        let peer = try gridctl.run(["done", id, "--by", "chen.xiaodong"])
        #expect(peer.status != 0 && !peer.signalled)
        #expect(
            peer.stderr.contains("refused") && peer.stderr.contains("chen.xiaodong")
                && peer.stderr.contains("zhou.min"), "\(peer.stderr)")
        #expect(peer.stdout.isEmpty)

        let noNote = try gridctl.run(["done", id, "--by", "lin.zhenhua"])
        #expect(noNote.status != 0 && !noNote.signalled)
        #expect(noNote.stderr.contains("refused") && noNote.stderr.contains("--note"), "\(noNote.stderr)")
        #expect(try gridctl.detail(id).completions.isEmpty, "a refused completion records nothing")

        let withNote = try gridctl.run(["done", id, "--by", "lin.zhenhua", "--note", "周敏休假,由网格长代为检查"])
        #expect(withNote.status == 0, "\(withNote.stderr)")
        let detail = try gridctl.detail(id)
        #expect(detail.occurrence.status == "done")
        #expect(detail.completions.map(\.by) == ["lin.zhenhua"])
        #expect(detail.completions.first?.note == "周敏休假,由网格长代为检查")
    }

    @Test(
        "Given 周敏's monthly video review, when a peer tries to waive it, then it is refused; when her supervisor waives it with a reason, then it is waived and no longer owed"
    )
    func onlySupervisorsMayWaive() throws {
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.video-review")
        let id = String(item.id)

        let peer = try gridctl.run(["waive", id, "--by", "chen.xiaodong", "--reason", "不需要"])
        #expect(peer.status != 0 && !peer.signalled)
        #expect(peer.stderr.contains("refused") && peer.stderr.contains("waive"), "\(peer.stderr)")

        let blank = try gridctl.run(["waive", id, "--by", "lin.zhenhua", "--reason", "  "])
        #expect(blank.status != 0 && !blank.signalled)
        #expect(blank.stderr.contains("--reason"), "\(blank.stderr)")
        #expect(try gridctl.detail(id).occurrence.status == "upcoming")

        let waived = try gridctl.run(["waive", id, "--by", "lin.zhenhua", "--reason", "监控系统升级,本月无录像可调阅"])
        #expect(waived.status == 0, "\(waived.stderr)")
        let detail = try gridctl.detail(id)
        #expect(detail.occurrence.status == "waived")
        #expect(detail.events.contains { $0.by == "lin.zhenhua" && $0.note == "监控系统升级,本月无录像可调阅" })
        #expect(try !gridctl.items(["due"]).contains { $0.id == item.id })
        #expect(try !gridctl.items(["overdue"], now: Self.firstOfDecember).contains { $0.id == item.id })
    }

    @Test(
        "Given November's reconciliation, when a completion is dated (--at) before November began, then it is refused: a check in October does not count for November"
    )
    func completionBeforeThePeriodIsRefused() throws {
        let gridctl = try Gridctl()
        let item = try gridctl.item("ops.account-reconciliation")

        let result = try gridctl.run(["done", String(item.id), "--by", "zhou.min", "--at", "2026-10-15T10:00"])

        #expect(!result.signalled)
        let completions = try gridctl.detail(String(item.id)).completions
        #expect(result.status != 0, "accepted: \(result.stdout)")
        #expect(completions.isEmpty)
    }
}
