import GridCore
import GridTestKit
import Testing

/// Who may ask for a close-out and who may review it: never the same person, never an owner.
@Suite("Close-out review: a second person holding a reviewer role")
struct CloseOutReviewTests {
    let review = CloseOutReview(
        reviewerRoles: ["discipline-inspector", "line-owner"], lineOwnerRoles: ["party-secretary", "operations-deputy"])
    let finding = Finding(
        number: "1", inspection: "检查", text: "问题", leader: Fixtures.a, found: Fixtures.date("2026-11-10"))
    var measures: [Measure] {
        [
            Measure(
                id: .init(finding: "1", number: "1"), text: "措施", owner: Fixtures.g,
                deadline: Fixtures.date("2026-11-30"))
        ]
    }

    @Test("Only the leader asks")
    func request() {
        #expect(review.checkRequest(by: Fixtures.a, finding: finding) == nil)
        #expect(
            review.checkRequest(by: Fixtures.b, finding: finding)
                == .notLeader(person: Fixtures.b, finding: "1", leader: Fixtures.a))
    }

    @Test(
        "The leader, a measure's owner and someone without a reviewer role are refused; a line's owner or the inspector may"
    )
    func reviewer() {
        #expect(
            review.checkReview(by: Fixtures.a, roles: ["party-secretary"], finding: finding, measures: measures)
                == .leader(person: Fixtures.a, finding: "1"))
        #expect(
            review.checkReview(by: Fixtures.g, roles: ["discipline-inspector"], finding: finding, measures: measures)
                == .measureOwner(person: Fixtures.g, finding: "1", measures: [.init(finding: "1", number: "1")]))
        #expect(
            review.checkReview(by: Fixtures.c, roles: ["customer-manager"], finding: finding, measures: measures)
                == .lacksRole(person: Fixtures.c, roles: ["discipline-inspector", "line-owner"]))
        #expect(
            review.checkReview(by: Fixtures.b, roles: ["discipline-inspector"], finding: finding, measures: measures)
                == nil)
        #expect(
            review.checkReview(by: Fixtures.e, roles: ["operations-deputy"], finding: finding, measures: measures)
                == nil)
    }
}
