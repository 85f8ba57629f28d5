import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

@Suite("Supervision (谁管我、我管谁)")
struct SupervisionTests {
    let supervision = Supervision(grids: Fixtures.grids)

    @Test(
        "a person's supervisor is the leader of the grid they are a member of",
        arguments: [
            ("F", "B" as String?), ("I", "B"), ("B", "A"), ("E", "A"), ("A", nil), ("nobody", nil),
        ])
    func supervisor(person: String, supervisor: String?) {
        #expect(self.supervision.supervisor(of: person) == supervisor)
    }

    @Test(
        "the chain above a person runs from the nearest supervisor to the top",
        arguments: [
            ("F", ["B", "A"]), ("H", ["B", "A"]), ("B", ["A"]), ("C", ["A"]), ("A", []), ("nobody", []),
        ])
    func chain(person: String, chain: [String]) {
        #expect(supervision.chain(above: person) == chain)
    }

    @Test(
        "everyone below a person includes the grids their members lead, nearest first",
        arguments: [
            ("A", ["B", "C", "D", "E", "F", "G", "H", "I"]), ("B", ["F", "G", "H", "I"]), ("F", []), ("C", []),
        ])
    func everyoneBelow(person: String, below: [String]) {
        #expect(supervision.everyone(below: person) == below)
    }

    @Test("everyone below the branch grid leader is all eight other staff")
    func everyoneBelowTop() {
        let below = supervision.everyone(below: Fixtures.a)
        #expect(below.count == 8)
        #expect(Set(below) == Set(Fixtures.staff.map(\.id)).subtracting([Fixtures.a]))
    }

    @Test("accountability for a failed duty: the owner's grid leader manages, the grid's other members co-supervise")
    func accountability() {
        // Given a failed duty owned by F, in the counter grid led by B
        let (leader, coSupervisors) = supervision.accountability(for: Fixtures.f)

        // Then B carries management responsibility and G, H and I supervision responsibility
        #expect(leader == Fixtures.b)
        #expect(coSupervisors == [Fixtures.g, Fixtures.h, Fixtures.i])
    }

    @Test(
        "accountability of other owners",
        arguments: [
            ("C", "A" as String?, ["B", "D", "E"]), ("B", "A", ["C", "D", "E"]), ("I", "B", ["F", "G", "H"]),
            ("A", nil, []),
        ])
    func accountabilityTable(owner: String, leader: String?, coSupervisors: [String]) {
        let result = supervision.accountability(for: owner)
        #expect(result.leader == leader)
        #expect(result.coSupervisors == coSupervisors)
    }

    @Test("grids of members and grids led by leaders")
    func grids() {
        #expect(supervision.grid(of: Fixtures.f) == Fixtures.counterGrid)
        #expect(supervision.grid(of: Fixtures.b) == Fixtures.branchGrid)
        #expect(supervision.grid(of: Fixtures.a) == nil)
        #expect(supervision.gridsLed(by: Fixtures.b) == [Fixtures.counterGrid])
        #expect(supervision.gridsLed(by: Fixtures.a) == [Fixtures.branchGrid])
        #expect(supervision.gridsLed(by: Fixtures.f).isEmpty)
    }

    @Test("the top above anyone is the branch grid leader", arguments: ["F", "B", "C", "A"])
    func top(person: String) {
        #expect(supervision.top(above: person) == Fixtures.a)
    }

    @Test("the fixture's nested grids have no cycle")
    func noCycle() {
        #expect(supervision.personOnCycle(among: Fixtures.staff.map(\.id)) == nil)
    }

    @Test("a supervision cycle is detected, and walking it terminates")
    func twoPersonCycle() {
        // Given X leads a grid holding Y, and Y leads a grid holding X
        let cyclic = Supervision(grids: [
            Grid(id: "g1", name: "g1", leader: "X", members: ["Y"]),
            Grid(id: "g2", name: "g2", leader: "Y", members: ["X"]),
        ])

        // Then the cycle is reported, and chains and descendants stop instead of looping
        #expect(cyclic.personOnCycle(among: ["X", "Y"]) == "X")
        #expect(cyclic.chain(above: "X") == ["Y"])
        #expect(cyclic.everyone(below: "X") == ["Y"])
    }

    @Test("a longer supervision cycle is detected too")
    func threePersonCycle() {
        // Given X → Y → Z → X (each supervised by the next)
        let cyclic = Supervision(grids: [
            Grid(id: "g1", name: "g1", leader: "Y", members: ["X"]),
            Grid(id: "g2", name: "g2", leader: "Z", members: ["Y"]),
            Grid(id: "g3", name: "g3", leader: "X", members: ["Z"]),
        ])
        #expect(cyclic.personOnCycle(among: ["X", "Y", "Z"]) == "X")
        #expect(cyclic.personOnCycle(among: ["Z"]) == "Z")
        #expect(cyclic.chain(above: "X") == ["Y", "Z"])
        #expect(Set(cyclic.everyone(below: "X")) == ["Y", "Z"])
    }

    @Test("a cycle above someone who is not on it is still detected, and the person reported is on the cycle")
    func chainIntoCycle() {
        // Given X and Y supervise each other, and W, below X, is on no cycle
        let cyclic = Supervision(grids: [
            Grid(id: "g1", name: "g1", leader: "X", members: ["Y"]),
            Grid(id: "g2", name: "g2", leader: "Y", members: ["X"]),
            Grid(id: "g3", name: "g3", leader: "X", members: ["W"]),
        ])
        #expect(cyclic.chain(above: "W") == ["X", "Y"])

        // When the roster, W first, is checked for cycles
        let reported = cyclic.personOnCycle(among: ["W", "X", "Y"])

        // Then the cycle is found, and the person named is one of X and Y
        #expect(reported != nil)
        #expect(reported == "X" || reported == "Y")
    }

    @Test("a leader listed as a member of their own grid is not their own supervisor")
    func selfLed() {
        let odd = Supervision(grids: [Grid(id: "g", name: "g", leader: "X", members: ["X", "Y"])])
        #expect(odd.supervisor(of: "X") == nil)
        #expect(odd.chain(above: "X").isEmpty)
        #expect(odd.everyone(below: "X") == ["Y"])
        #expect(odd.personOnCycle(among: ["X", "Y"]) == nil)
    }

    @Test("a person listed in two grids belongs to the first")
    func firstGridWins() {
        let twice = Supervision(grids: [
            Grid(id: "g1", name: "g1", leader: "X", members: ["P"]),
            Grid(id: "g2", name: "g2", leader: "Y", members: ["P"]),
        ])
        #expect(twice.supervisor(of: "P") == "X")
        #expect(twice.grid(of: "P")?.id == "g1")
    }

    @Test("a grid without a leader supervises nobody")
    func leaderless() {
        let leaderless = Supervision(grids: [Grid(id: "g", name: "g", leader: nil, members: ["P", "Q"])])
        #expect(leaderless.supervisor(of: "P") == nil)
        #expect(leaderless.accountability(for: "P").leader == nil)
        #expect(leaderless.accountability(for: "P").coSupervisors == ["Q"])
    }
}

@Suite("Branch and roster")
struct BranchTests {
    @Test("the top grid leader leads the grid whose leader is nobody's member, whatever the grid order")
    func topGridLeader() {
        #expect(Fixtures.branch().topGridLeader == Fixtures.a)
        #expect(Fixtures.branch(grids: [Fixtures.counterGrid, Fixtures.branchGrid]).topGridLeader == Fixtures.a)
        #expect(Fixtures.branch(grids: []).topGridLeader == nil)
    }

    @Test("role holders are found by role and date, in roster order")
    func holders() {
        let branch = Fixtures.branch()
        let date = day("2026-11-23")
        #expect(branch.holder(of: Fixtures.RoleID.branchHead, on: date)?.id == Fixtures.a)
        #expect(branch.holder(of: Fixtures.RoleID.disciplineInspector, on: date)?.id == Fixtures.b)
        #expect(branch.holders(of: Fixtures.RoleID.counterManager, on: date).map(\.id) == ["G", "H", "I"])
        #expect(branch.holder(of: Fixtures.RoleID.counterManager, on: date)?.id == "G")
        #expect(branch.holders(of: "no-such-role", on: date).isEmpty)
    }

    @Test("a holder who has left no longer holds the role, and the next active holder answers")
    func holderLeft() {
        let branch = Fixtures.branch(
            staff: Fixtures.staff(replacing: Fixtures.g) { Fixtures.member($0, left: day("2026-11-16")) })
        #expect(branch.holder(of: Fixtures.RoleID.counterManager, on: day("2026-11-15"))?.id == "G")
        #expect(branch.holder(of: Fixtures.RoleID.counterManager, on: day("2026-11-16"))?.id == "H")
    }

    @Test("people are looked up by id and displayed by name")
    func people() {
        let branch = Fixtures.branch()
        #expect(branch.person("B")?.name == "周敏")
        #expect(branch.person("nobody") == nil)
        #expect(branch.displayName("A") == "林振华")
        #expect(branch.displayName("ghost") == "ghost")
        #expect(branch.displayName(nil) == "—")
        #expect(branch.staff.filter(\.partyMember).count == 6)
    }

    @Test(
        "a staff member is active from the day they join until the day before they leave",
        arguments: [
            ("2026-11-15", false), ("2026-11-16", true), ("2026-12-30", true), ("2026-12-31", false),
        ])
    func activeOnDay(date: String, active: Bool) {
        let member = StaffMember(id: "J", name: "J", joined: day("2026-11-16"), left: day("2026-12-31"))
        #expect(member.isActive(on: day(date)) == active)
    }

    @Test(
        "a staff member is active during a span if on the roster for at least one of its days",
        arguments: [
            ("2026-11-01", "2026-11-15", false), ("2026-11-01", "2026-11-16", true),
            ("2026-12-31", "2027-01-31", false),
            ("2026-12-01", "2026-12-30", true), ("2026-12-30", "2027-01-31", true),
        ])
    func activeDuring(from: String, through: String, active: Bool) {
        let member = StaffMember(id: "J", name: "J", joined: day("2026-11-16"), left: day("2026-12-31"))
        #expect(member.isActive(during: day(from)...day(through)) == active)
    }

    @Test("someone with no join or leave date is always active")
    func alwaysActive() {
        let member = StaffMember(id: "P", name: "P")
        #expect(member.isActive(on: day("1900-01-01")) && member.isActive(on: day("2100-12-31")))
        #expect(member.isActive(during: Fixtures.days("2026-01-01", "2026-12-31")))
    }
}
