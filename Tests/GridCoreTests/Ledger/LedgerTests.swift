import Foundation
import GridCore
import GridTestKit
import Testing

/// A ledger's rules, applied change by change: states, close-out, recurrences, refusals.
@Suite("Ledger: findings, measures and close-out as changes applied in order")
struct LedgerTests {
    static let day = Fixtures.date("2026-11-10")
    static let inspection = Inspection(name: "四季度运营条线检查", kind: .lineCheck)

    static func finding(_ number: String, leader: String = Fixtures.a, repeats: String? = nil) -> Finding {
        Finding(
            number: number, inspection: inspection.name, text: "问题\(number)", leader: leader, department: "运营部",
            found: day, repeats: repeats)
    }

    static func measure(_ finding: String, _ number: String, owner: String = Fixtures.g, due: String = "2026-11-30")
        -> Measure
    {
        Measure(
            id: MeasureID(finding: finding, number: number), text: "措施\(number)", owner: owner,
            deadline: Fixtures.date(due))
    }

    /// One inspection, finding 1 with two measures.
    static func started() throws -> Ledger {
        var ledger = Ledger()
        for change: LedgerChange in [
            .inspectionAdded(inspection), .findingAdded(finding("1")), .measureAdded(measure("1", "1")),
            .measureAdded(measure("1", "2", owner: Fixtures.h)),
        ] {
            try ledger.apply(change, on: day)
        }
        return ledger
    }

    static let request = CloseOutRequest(solved: "已整改", effective: "复查无再发", mechanism: "《柜员离柜管理办法》")

    @Test("A finding is open until its first measure, then rectifying; a measure added carries no done state")
    func states() throws {
        var ledger = Ledger()
        try ledger.apply(.inspectionAdded(Self.inspection), on: Self.day)
        try ledger.apply(.findingAdded(Self.finding("1")), on: Self.day)
        #expect(ledger.finding("1")?.state == .open)
        var done = Self.measure("1", "1")
        done.done = MeasureDone(date: Self.day, evidence: "x")
        try ledger.apply(.measureAdded(done), on: Self.day)
        #expect(ledger.finding("1")?.state == .rectifying)
        #expect(ledger.measure(MeasureID(finding: "1", number: "1"))?.done == nil)
    }

    @Test("A close-out is asked only once every measure is done, and granted only while it is awaited")
    func closeOutNeedsEveryMeasureDone() throws {
        var ledger = try Self.started()
        #expect(
            throws: LedgerRefusal.measuresOpen(
                finding: "1", open: [.init(finding: "1", number: "1"), .init(finding: "1", number: "2")])
        ) {
            try ledger.apply(.closeRequested(finding: "1", Self.request), on: Self.day)
        }
        #expect(throws: LedgerRefusal.notAwaitingCloseOut("1", .rectifying)) {
            try ledger.apply(.closeApproved(finding: "1", note: nil), on: Self.day)
        }
        try ledger.apply(
            .measureDone(.init(finding: "1", number: "1"), .init(date: Self.day, evidence: "a")), on: Self.day)
        try ledger.apply(
            .measureDone(.init(finding: "1", number: "2"), .init(date: Self.day, evidence: "b")), on: Self.day)
        try ledger.apply(.closeRequested(finding: "1", Self.request), on: Self.day)
        #expect(ledger.finding("1")?.state == .awaitingCloseOut)
        #expect(throws: LedgerRefusal.alreadyAwaitingCloseOut("1")) {
            try ledger.apply(.closeRequested(finding: "1", Self.request), on: Self.day)
        }
        let closing = Fixtures.date("2026-11-20")
        try ledger.apply(.closeApproved(finding: "1", note: "复核通过"), on: closing)
        #expect(ledger.finding("1")?.state == .closed)
        #expect(ledger.finding("1")?.closedOn == closing)
    }

    @Test("A rejected close-out returns the finding to rectifying with the reason; a new measure voids a request")
    func rejectionAndNewMeasure() throws {
        var ledger = try Self.started()
        for number in ["1", "2"] {
            try ledger.apply(
                .measureDone(.init(finding: "1", number: number), .init(date: Self.day, evidence: nil)), on: Self.day)
        }
        try ledger.apply(.closeRequested(finding: "1", Self.request), on: Self.day)
        try ledger.apply(.closeRejected(finding: "1", reason: "长效机制未建立"), on: Self.day)
        #expect(ledger.finding("1")?.state == .rectifying)
        #expect(ledger.finding("1")?.rejection == "长效机制未建立")
        try ledger.apply(.closeRequested(finding: "1", Self.request), on: Self.day)
        #expect(ledger.finding("1")?.rejection == nil)
        try ledger.apply(.measureAdded(Self.measure("1", "3")), on: Self.day)
        #expect(ledger.finding("1")?.state == .rectifying)
        #expect(ledger.finding("1")?.closeOut == nil)
    }

    @Test("A closed finding never changes again; a repeat is a new finding naming a closed one")
    func closedIsFinal() throws {
        var ledger = try Self.started()
        for number in ["1", "2"] {
            try ledger.apply(
                .measureDone(.init(finding: "1", number: number), .init(date: Self.day, evidence: nil)), on: Self.day)
        }
        #expect(throws: LedgerRefusal.repeatsOpen(finding: "2", repeats: "1")) {
            try ledger.apply(.findingAdded(Self.finding("2", repeats: "1")), on: Self.day)
        }
        try ledger.apply(.closeRequested(finding: "1", Self.request), on: Self.day)
        try ledger.apply(.closeApproved(finding: "1", note: nil), on: Self.day)
        #expect(throws: LedgerRefusal.findingClosed("1")) {
            try ledger.apply(.measureAdded(Self.measure("1", "3")), on: Self.day)
        }
        #expect(throws: LedgerRefusal.findingClosed("1")) {
            try ledger.apply(.findingRevised(Self.finding("1", leader: Fixtures.b)), on: Self.day)
        }
        try ledger.apply(.findingAdded(Self.finding("2", repeats: "1")), on: Self.day)
        #expect(ledger.finding("2")?.finding.repeats == "1")
        #expect(throws: LedgerRefusal.repeatsUnknown(finding: "3", repeats: "9")) {
            try ledger.apply(.findingAdded(Self.finding("3", repeats: "9")), on: Self.day)
        }
        #expect(throws: LedgerRefusal.repeatsItself("4")) {
            try ledger.apply(.findingAdded(Self.finding("4", repeats: "4")), on: Self.day)
        }
    }

    @Test(
        "Numbers are never used twice, done measures are final, and a measure is not done before its finding was found")
    func refusals() throws {
        var ledger = try Self.started()
        #expect(throws: LedgerRefusal.duplicateFinding("1")) {
            try ledger.apply(.findingAdded(Self.finding("1")), on: Self.day)
        }
        #expect(throws: LedgerRefusal.duplicateMeasure(.init(finding: "1", number: "1"))) {
            try ledger.apply(.measureAdded(Self.measure("1", "1")), on: Self.day)
        }
        #expect(throws: LedgerRefusal.unknownFinding("7")) {
            try ledger.apply(.measureAdded(Self.measure("7", "1")), on: Self.day)
        }
        #expect(throws: LedgerRefusal.unknownInspection("另一检查")) {
            var other = Self.finding("5")
            other.inspection = "另一检查"
            try ledger.apply(.findingAdded(other), on: Self.day)
        }
        let id = MeasureID(finding: "1", number: "1")
        #expect(throws: LedgerRefusal.doneBeforeFound(id, done: Fixtures.date("2026-11-09"), found: Self.day)) {
            try ledger.apply(.measureDone(id, .init(date: Fixtures.date("2026-11-09"), evidence: nil)), on: Self.day)
        }
        try ledger.apply(.measureDone(id, .init(date: Self.day, evidence: nil)), on: Self.day)
        #expect(throws: LedgerRefusal.measureDone(id)) {
            try ledger.apply(.measureDone(id, .init(date: Self.day, evidence: nil)), on: Self.day)
        }
        #expect(throws: LedgerRefusal.measureDone(id)) {
            try ledger.apply(.measureRevised(Self.measure("1", "1", due: "2026-12-31")), on: Self.day)
        }
    }

    @Test("A ledger survives JSON unchanged, lookups included, as the store keeps it")
    func codable() throws {
        let ledger = try Self.started()
        let data = try JSONEncoder().encode(ledger)
        let back = try JSONDecoder().decode(Ledger.self, from: data)
        #expect(back == ledger)
        #expect(back.measure(MeasureID(finding: "1", number: "2"))?.owner == Fixtures.h)
        #expect(back.measure(numbered: "2")?.id == MeasureID(finding: "1", number: "2"))
    }

    @Test("Rules are read as 新建《…》 or 修订《…》 and nothing else")
    func ruleChanges() {
        #expect(RuleChange(text: "新建《柜员离柜管理办法》") == RuleChange(kind: .created, name: "柜员离柜管理办法"))
        #expect(RuleChange(text: " 修订 《印章管理细则》 ") == RuleChange(kind: .revised, name: "印章管理细则"))
        for bad in ["", "新建", "新建《》", "制定《办法》", "新建柜员办法", "新建《a《b》》"] {
            #expect(RuleChange(text: bad) == nil, "\(bad)")
        }
        #expect(RuleChange(kind: .created, name: "办法").text == "新建《办法》")
    }

    @Test("Numbers sort as people number them: 2 before 10, 1.2 before 1.10")
    func numberOrder() {
        let sorted = ["10", "2", "1.10", "1.2", "A-3", "1"].sorted { LedgerOrder.key($0) < LedgerOrder.key($1) }
        #expect(sorted == ["1", "1.2", "1.10", "2", "10", "A-3"])
        #expect(MeasureID(text: "3/1.2") == MeasureID(finding: "3", number: "1.2"))
        #expect(MeasureID(text: "3") == nil)
        #expect(MeasureID(text: "3/") == nil)
        #expect(MeasureID(text: "1/2/3") == nil)
    }
}
