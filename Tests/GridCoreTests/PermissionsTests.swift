import Foundation
import GridCore
import GridTestKit
import Testing

private func day(_ iso: String) -> LocalDate { Fixtures.date(iso) }

private let today = day("2026-11-23")

/// An occurrence owned by F, in the counter grid under B, under A.
private let ownedByF = Fixtures.occurrence(owner: Fixtures.f)

@Suite("Permissions")
struct PermissionsTests {
    /// No line owner, so only the grid chain and the branch grid leader supervise.
    let permissions = Permissions(branch: Fixtures.branch(), lineOwnerRole: nil)

    // MARK: - Completing

    @Test(
        "the owner may complete their own occurrence, with or without a note",
        arguments: [nil as String?, "", "done at 10:00"])
    func ownerCompletes(note: String?) {
        #expect(permissions.checkCompletion(by: Fixtures.f, of: ownedByF, note: note, on: today) == nil)
    }

    @Test("the owner's grid leader may complete it only with a note saying why")
    func gridLeaderNeedsNote() {
        // Given B, who leads F's grid
        // When B completes without a note, with a blank one, and with a real one
        let withoutNote = permissions.checkCompletion(by: Fixtures.b, of: ownedByF, note: nil, on: today)
        let blankNote = permissions.checkCompletion(by: Fixtures.b, of: ownedByF, note: " \t ", on: today)
        let withNote = permissions.checkCompletion(by: Fixtures.b, of: ownedByF, note: "F 病假, 由我代查", on: today)

        // Then only the note makes it acceptable
        #expect(withoutNote == .supervisorNeedsNote(person: Fixtures.b, owner: Fixtures.f))
        #expect(blankNote == .supervisorNeedsNote(person: Fixtures.b, owner: Fixtures.f))
        #expect(withNote == nil)
    }

    @Test("a supervisor further up the chain may complete it with a note too")
    func chainNeedsNote() {
        #expect(
            permissions.checkCompletion(by: Fixtures.a, of: ownedByF, note: nil, on: today)
                == .supervisorNeedsNote(person: Fixtures.a, owner: Fixtures.f))
        #expect(permissions.checkCompletion(by: Fixtures.a, of: ownedByF, note: "代为确认", on: today) == nil)
    }

    @Test(
        "a peer or anyone outside the owner's chain may not complete it, note or not",
        arguments: ["G", "H", "I", "C", "D", "E"])
    func peerMayNot(person: String) {
        #expect(
            permissions.checkCompletion(by: person, of: ownedByF, note: nil, on: today)
                == .notOwner(person: person, owner: Fixtures.f))
        #expect(
            permissions.checkCompletion(by: person, of: ownedByF, note: "我帮他做了", on: today)
                == .notOwner(person: person, owner: Fixtures.f))
    }

    @Test("someone not on the roster may not act")
    func unknownPerson() {
        #expect(
            permissions.checkCompletion(by: "stranger", of: ownedByF, note: "x", on: today)
                == .unknownPerson("stranger"))
        #expect(
            permissions.checkWaiver(by: "stranger", of: ownedByF, reason: "x", on: today) == .unknownPerson("stranger"))
    }

    @Test(
        "a person who has left may not act, even on what they owned or supervised",
        arguments: [
            ("2026-11-23", true), ("2026-11-24", false), ("2026-11-16", true),
        ])
    func leaverMayNotAct(left: String, refused: Bool) {
        // Given F and B leave on `left` (the first day off the roster)
        let staff = Fixtures.staff.map {
            [Fixtures.f, Fixtures.b].contains($0.id) ? Fixtures.member($0, left: day(left)) : $0
        }
        let permissions = Permissions(branch: Fixtures.branch(staff: staff), lineOwnerRole: nil)

        // When they act on 23 November
        let byOwner = permissions.checkCompletion(by: Fixtures.f, of: ownedByF, note: nil, on: today)
        let bySupervisor = permissions.checkCompletion(by: Fixtures.b, of: ownedByF, note: "note", on: today)
        let waiver = permissions.checkWaiver(by: Fixtures.b, of: ownedByF, reason: "reason", on: today)

        // Then they are refused once gone
        #expect(byOwner == (refused ? Permissions.Refusal.notOnRoster(Fixtures.f) : nil))
        #expect(bySupervisor == (refused ? Permissions.Refusal.notOnRoster(Fixtures.b) : nil))
        #expect(waiver == (refused ? Permissions.Refusal.notOnRoster(Fixtures.b) : nil))
    }

    @Test("the line owner may complete for the owner with a note even outside the grid chain")
    func lineOwnerCompletes() {
        // Given C's occurrence on the discipline line, whose owner role B holds; B is C's peer in the branch grid
        let permissions = Permissions(branch: Fixtures.branch(), lineOwnerRole: Fixtures.RoleID.disciplineInspector)
        let ownedByC = Fixtures.occurrence(owner: Fixtures.c)

        // Then B may complete it with a note, and a plain peer may not
        #expect(permissions.checkCompletion(by: Fixtures.b, of: ownedByC, note: "纪检员代查", on: today) == nil)
        #expect(
            permissions.checkCompletion(by: Fixtures.b, of: ownedByC, note: nil, on: today)
                == .supervisorNeedsNote(person: Fixtures.b, owner: Fixtures.c))
        #expect(
            permissions.checkCompletion(by: Fixtures.d, of: ownedByC, note: "x", on: today)
                == .notOwner(person: Fixtures.d, owner: Fixtures.c))
    }

    @Test("an unassigned occurrence may be completed by the branch grid leader or line owner, with a note")
    func vacantOwner() {
        let permissions = Permissions(branch: Fixtures.branch(), lineOwnerRole: Fixtures.RoleID.operationsDeputy)
        let unassigned = Fixtures.occurrence(owner: nil)
        #expect(permissions.checkCompletion(by: Fixtures.a, of: unassigned, note: "岗位空缺, 代为完成", on: today) == nil)
        #expect(permissions.checkCompletion(by: Fixtures.b, of: unassigned, note: "岗位空缺", on: today) == nil)
        #expect(
            permissions.checkCompletion(by: Fixtures.a, of: unassigned, note: nil, on: today)
                == .supervisorNeedsNote(person: Fixtures.a, owner: "a vacant post"))
        #expect(
            permissions.checkCompletion(by: Fixtures.f, of: unassigned, note: "x", on: today)
                == .notOwner(person: Fixtures.f, owner: nil))
    }

    @Test("a note of nothing but line breaks does not say why")
    func newlineOnlyNote() {
        let result = permissions.checkCompletion(by: Fixtures.b, of: ownedByF, note: "\n", on: today)
        #expect(result == .supervisorNeedsNote(person: Fixtures.b, owner: Fixtures.f))
    }

    // MARK: - Waiving

    @Test("a supervisor of the owner may waive with a reason", arguments: ["B", "A"])
    func supervisorWaives(person: String) {
        #expect(permissions.checkWaiver(by: person, of: ownedByF, reason: "岗位调整, 本期不适用", on: today) == nil)
    }

    @Test("a waiver needs a reason", arguments: ["", "   ", "\t"])
    func reasonRequired(reason: String) {
        #expect(permissions.checkWaiver(by: Fixtures.b, of: ownedByF, reason: reason, on: today) == .reasonRequired)
    }

    @Test("neither the owner nor a peer may waive", arguments: ["F", "G", "H", "C"])
    func othersMayNotWaive(person: String) {
        #expect(
            permissions.checkWaiver(by: person, of: ownedByF, reason: "不想做", on: today)
                == .notSupervisor(person: person, owner: Fixtures.f))
    }

    @Test("the line owner may waive, and so may the branch grid leader when the post is vacant")
    func lineOwnerAndVacant() {
        let permissions = Permissions(branch: Fixtures.branch(), lineOwnerRole: Fixtures.RoleID.disciplineInspector)
        #expect(
            permissions.checkWaiver(
                by: Fixtures.b, of: Fixtures.occurrence(owner: Fixtures.c), reason: "重复检查", on: today) == nil)
        #expect(
            permissions.checkWaiver(by: Fixtures.a, of: Fixtures.occurrence(owner: nil), reason: "岗位空缺", on: today)
                == nil)
        #expect(
            permissions.checkWaiver(by: Fixtures.f, of: Fixtures.occurrence(owner: nil), reason: "x", on: today)
                == .notSupervisor(person: Fixtures.f, owner: nil))
    }

    // MARK: - Supervisors

    @Test(
        "the people who may act for an owner are the chain above, the line owner and the branch grid leader, never the owner"
    )
    func supervisorsOfOwner() {
        let withLine = Permissions(branch: Fixtures.branch(), lineOwnerRole: Fixtures.RoleID.disciplineInspector)
        #expect(Set(withLine.supervisors(ofOwner: Fixtures.f, on: today)) == [Fixtures.a, Fixtures.b])
        #expect(Set(withLine.supervisors(ofOwner: Fixtures.c, on: today)) == [Fixtures.a, Fixtures.b])
        #expect(Set(withLine.supervisors(ofOwner: nil, on: today)) == [Fixtures.a, Fixtures.b])
        #expect(!withLine.supervisors(ofOwner: Fixtures.b, on: today).contains(Fixtures.b))
        #expect(permissions.supervisors(ofOwner: Fixtures.a, on: today).isEmpty)
    }

    @Test("refusals explain themselves")
    func descriptions() {
        #expect(Permissions.Refusal.notOwner(person: "G", owner: "F").description.contains("owed by F"))
        #expect(Permissions.Refusal.notOwner(person: "G", owner: nil).description.contains("vacant"))
        #expect(Permissions.Refusal.supervisorNeedsNote(person: "B", owner: "F").description.contains("--note"))
        #expect(Permissions.Refusal.reasonRequired.description.contains("--reason"))
        #expect(Permissions.Refusal.notOnRoster("F").description.contains("no longer"))
        #expect(Permissions.Refusal.unknownPerson("Z").description.contains("'Z'"))
        #expect(Permissions.Refusal.notSupervisor(person: "G", owner: "F").description.contains("may not waive"))
    }
}
