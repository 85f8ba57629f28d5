import Foundation
import GridCore
import Testing

@Suite("Who acts, and when a completion may say it was done")
struct TrustDecisionTests {
    let instant = Date(timeIntervalSince1970: 1_795_000_000)

    func decide(mapped: String?, named: String?, simulation: Bool = false, rule: String? = nil)
        -> Result<Acting, Acting.Refusal>
    {
        Acting.decide(
            login: "wangli", mappedTo: mapped, named: named, simulation: simulation, action: "complete #7",
            mappingFile: "/etc/gridduty/branches/a.yaml", at: instant, mayActFor: { _, _ in rule })
    }

    @Test("a mapped login acts as its person, and --by naming that person changes nothing")
    func actsAsMapped() throws {
        for named in [nil, "wang.li"] {
            let acting = try decide(mapped: "wang.li", named: named).get()
            #expect(acting.actor == "wang.li" && acting.onBehalfOf == nil)
            #expect(acting.attribution == Attribution(login: "wangli", actor: "wang.li", enteredAt: instant))
        }
    }

    @Test("a login mapped to nobody is refused with how to map it")
    func unmappedIsRefused() {
        guard case .failure(let refusal) = decide(mapped: nil, named: "wang.li") else {
            Issue.record("an unmapped login was allowed to write")
            return
        }
        #expect(
            refusal.description
                == "refused: wangli (mapped to nobody) may not complete #7: the login wangli is mapped to nobody; add \"unix-user: wangli\" to the person's entry in /etc/gridduty/branches/a.yaml"
        )
    }

    @Test("--by naming someone else is on behalf of them only where the act's rule allows it")
    func onBehalf() throws {
        let allowed = try decide(mapped: "zhou.min", named: "wang.li").get()
        #expect(allowed.actor == "zhou.min" && allowed.onBehalfOf == "wang.li")
        #expect(allowed.attribution.onBehalfOf == "wang.li" && allowed.attribution.actor == "zhou.min")
        guard case .failure(let refusal) = decide(mapped: "wang.li", named: "zhou.min", rule: "not the owner") else {
            Issue.record("a forged --by was accepted")
            return
        }
        #expect(refusal.description == "refused: wangli (wang.li) may not complete #7: not the owner")
    }

    @Test("on a simulation database --by plays anyone, recorded with the real login")
    func simulationPlaysAnyone() throws {
        let acting = try decide(mapped: nil, named: "lin.zhenhua", simulation: true, rule: "never").get()
        #expect(acting.actor == "lin.zhenhua" && acting.attribution.login == "wangli")
    }

    @Test("administrative writes are for root, the service user and the admin group only")
    func administrative() {
        func refused(root: Bool = false, service: Bool = false, groups: Set<String> = []) -> Bool {
            AdministrativeWrite.refusal(
                login: "x", actor: nil, isRoot: root, isServiceUser: service, groups: groups,
                adminGroup: "gridduty-admin", action: "migrate") != nil
        }
        #expect(!refused(root: true) && !refused(service: true) && !refused(groups: ["gridduty-admin"]))
        #expect(refused(groups: ["gridduty", "users"]))
    }

    @Test("--at: within late-entry-after business days is ordinary; older needs a note and is a late entry")
    func lateEntry() throws {
        let calendar = BusinessCalendar(national: .plainWeekdays, timeZone: TimeZone(identifier: "UTC")!)
        // Monday 2026-11-23 10:00 UTC; the period began 2026-11-01
        let now = calendar.instant(LocalDate(year: 2026, month: 11, day: 23)!, TimeOfDay(hour: 10, minute: 0)!)
        let start = calendar.instant(LocalDate(year: 2026, month: 11, day: 1)!, TimeOfDay(hour: 0, minute: 0)!)
        func check(_ day: Int, note: String? = nil) -> Result<EntryTime.Accepted, EntryTime.Refusal> {
            EntryTime.check(
                stated: calendar.instant(LocalDate(year: 2026, month: 11, day: day)!, TimeOfDay(hour: 10, minute: 0)!),
                now: now, periodStart: start, calendar: calendar, lateEntryAfter: 1, note: note)
        }
        // Friday is one business day back: ordinary
        #expect(try check(20).get().lateEntry == false)
        // Thursday is two: refused without a note, a late entry with one
        #expect(check(19) == .failure(.lateWithoutNote(businessDays: 2, limit: 1)))
        #expect(try check(19, note: "paper form found").get().lateEntry == true)
        // Never in the future, never before the period began
        #expect(check(24) == .failure(.future))
        let before = EntryTime.check(
            stated: start.addingTimeInterval(-1), now: now, periodStart: start, calendar: calendar, lateEntryAfter: 30,
            note: "x")
        #expect(before == .failure(.beforePeriod(periodStart: start)))
    }
}
