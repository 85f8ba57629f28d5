import Foundation
import GridConfig
import GridCore
import Testing

/// The shipped `schedules/` directory must load, and its catalog must cover every duty of
/// `domain/duty-catalog.md`, clause by clause.
@Suite struct ShippedCatalogTests {
    /// `schedules/` at the package root: three levels up from this file.
    static let schedules: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // GridConfigTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("schedules").path

    /// Every suggested id of the tables in duty-catalog.md, table by table.
    static let documentedDutyIDs: Set<String> = [
        // Party line (党建线)
        "party.annual-plan", "party.committee-meeting", "party.members-meeting", "party.lecture",
        "party.org-life-meeting", "party.member-review", "party.heart-talk", "party.study",
        "party.integrity-education", "party.daily-system-duty", "party.double-cultivation",
        "party.model-post-review", "party.pairing-activity", "party.activity",
        // Discipline line (纪检线)
        "discipline.conduct-self-check", "discipline.rules-education", "discipline.major-decision-oversight",
        "discipline.warning-talk", "discipline.report", "discipline.case-assist", "discipline.aftercare",
        // Operations line (运营线), internal control and case prevention
        "ops.proxy-business-log", "ops.seal-voucher-check", "ops.account-reconciliation", "ops.atm-cassette-check",
        "ops.teller-drawer-check", "ops.internal-account-check", "ops.statement-handover", "ops.archive-filing",
        "ops.loss-report-check", "ops.receipt-cabinet-check", "ops.video-review", "ops.seal-card-inventory",
        "ops.finding-rectification", "ops.premises-safety-log", "ops.premises-risk-report",
        "ops.teller-metrics-review", "ops.teller-conduct-report", "ops.abnormal-behaviour-report",
        // Security (安全保卫)
        "security.alarm-test", "security.high-counter-approval", "security.business-hours-check",
        "security.closing-sweep", "security.morning-brief-study", "security.equipment-check", "security.training",
        "security.drill", "security.self-assessment", "security.external-assessment",
        "security.responsibility-letter",
        // Staff behaviour (员工行为监督管理)
        "conduct.responsibility-letters", "conduct.attendance", "conduct.control-education",
        "conduct.behaviour-screening", "conduct.system-duty-chase",
        // Grid team building (网格化团队建设)
        "grid.responsibility-letter", "grid.member-conduct-check", "grid.mentor-assignment", "grid.star-selection",
        "grid.must-talk", "grid.half-year-talk", "grid.must-visit",
    ]

    /// The rectification ledger's and the integrity points' duties, from
    /// rectification-and-integrity.md (每月更新整改台账, the items that chase measures and their
    /// staged targets, a red line's warning to all staff).
    static let ledgerDutyIDs: Set<String> = [
        "discipline.ledger-update", "discipline.rectification-measure", "discipline.rectification-milestone",
        "discipline.warning-notice",
    ]

    static func load() throws -> Configuration {
        try ConfigLoader(directory: schedules).load()
    }

    @Test func loadsWithoutError() throws {
        let configuration = try Self.load()
        #expect(!configuration.catalog.duties.isEmpty)
        #expect(configuration.branch("example") != nil)
    }

    @Test func coversEveryDocumentedDuty() throws {
        let catalog = try Self.load().catalog
        let standing = Set(catalog.duties.filter { $0.line != "epidemic" }.map(\.id))
        #expect(
            standing.subtracting(Self.documentedDutyIDs).subtracting(Self.ledgerDutyIDs).sorted() == [],
            "duties not in duty-catalog.md")
        #expect(Self.ledgerDutyIDs.isSubset(of: standing))
        #expect(Self.documentedDutyIDs.subtracting(standing).sorted() == [], "duty-catalog.md rows missing")
        #expect(Self.documentedDutyIDs.count == 62)
    }

    @Test func epidemicCampaignIsPresentAndDisabled() throws {
        let catalog = try Self.load().catalog
        let line = try #require(catalog.lines["epidemic"])
        #expect(!line.enabled)
        let duties = catalog.duties.filter { $0.line == "epidemic" }
        #expect((2...4).contains(duties.count))
        #expect(duties.allSatisfy { $0.id.hasPrefix("epidemic.") && !catalog.isActive($0) })
        #expect(catalog.activeDuties.count == catalog.duties.count - duties.count)
    }

    @Test func everyDutyHasAClause() throws {
        let catalog = try Self.load().catalog
        let missing = catalog.duties.filter { $0.clause.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.id)
        #expect(missing == [])
    }

    @Test func everyDutyBelongsToItsPrefixLine() throws {
        let catalog = try Self.load().catalog
        for duty in catalog.duties {
            // The operations line keeps the catalog's short `ops.` prefix for its duty ids.
            let prefix = duty.line == "operations" ? "ops" : duty.line
            #expect(duty.id.hasPrefix(prefix + "."), "\(duty.id) is on line \(duty.line)")
        }
    }
}
