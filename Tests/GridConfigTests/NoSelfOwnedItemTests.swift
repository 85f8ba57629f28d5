import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// "Never, for any duty, is an item owed by its own subject unless the catalog says
/// `owner: self`": checked over every duty of the shipped catalog, every staff member of the
/// example branch and every period of 2026 and 2027.
@Suite("The shipped catalog on the example branch: nobody owes an item about himself")
struct NoSelfOwnedItemTests {
    let configuration: Configuration
    var branch: Branch { configuration.branches[0] }
    var materializer: Materializer { Materializer(catalog: configuration.catalog, branch: branch) }
    static let span = LocalDate(iso: "2026-01-01")!...LocalDate(iso: "2027-12-31")!

    init() throws {
        configuration = try ConfigLoader(directory: Repository.schedules).load()
    }

    @Test(
        "every recurring item of 2026 and 2027 is owed by someone other than its subject, and per-person duties leave out only what skips"
    )
    func recurringItems() throws {
        var checked = 0
        for duty in configuration.catalog.activeDuties where duty.cadence.isRecurring {
            for period in duty.cadence.periods(overlapping: Self.span) {
                let asOf = max(period.days.lowerBound, Self.span.lowerBound)
                let plans = materializer.plans(for: duty, in: period, asOf: asOf)
                for plan in plans where duty.owner != .subject {
                    #expect(plan.owner != plan.key.subject, "\(plan.key) is owed by its own subject")
                    checked += 1
                }
                // A per-person duty leaves nobody out but, when it skips, the owner himself.
                if duty.scope == .staff || duty.scope == .partyMember, !plans.isEmpty {
                    let subjects = Set(plans.map(\.key.subject))
                    let everyone = Set(materializer.subjects(of: duty.scope, during: period.days).map(\.0))
                    let missing = everyone.subtracting(subjects)
                    if duty.ownerIsSubject == .skip {
                        #expect(missing.count <= 1, "\(duty.id) \(period.key) leaves out \(missing)")
                    } else {
                        #expect(missing.isEmpty, "\(duty.id) \(period.key) leaves out \(missing)")
                    }
                }
            }
        }
        #expect(checked > 3_000, "tracking starts 2026-11-01: fourteen months of items")
    }

    @Test(
        "every triggered duty about a person, raised about each staff member in 2026 and 2027, is owed by someone else")
    func triggeredItems() throws {
        let instants = ["2026-03-02T10:00:00+08:00", "2026-11-27T10:00:00+08:00", "2027-06-15T10:00:00+08:00"]
        for duty in configuration.catalog.activeDuties where duty.cadence == .triggered && duty.scope == .person {
            for person in branch.staff {
                for text in instants {
                    let instant = try #require(InstantText.parse(text)).instant(in: branch.calendar)
                    let plan = try #require(
                        materializer.triggeredPlan(for: duty, subject: person.id, sequence: 1, at: instant),
                        "\(duty.id) about \(person.id)")
                    if duty.owner != .subject {
                        #expect(plan.owner != person.id, "\(duty.id) about \(person.id) is owed by \(person.id)")
                        #expect(plan.owner != nil, "\(duty.id) about \(person.id) is unassigned")
                    }
                }
            }
        }
    }
}
