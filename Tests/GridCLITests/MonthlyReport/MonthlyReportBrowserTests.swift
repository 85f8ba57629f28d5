import Foundation
import GridCLI
import GridCore
import GridTestKit
import Testing

/// The HTML reports in a real browser, Debian's Chromium: skipped where it is not installed,
/// and CI (`.ci/run`) installs it.
@Suite("The HTML reports in Chromium", .serialized, .enabled(if: Chromium.installed, "chromium is not installed"))
struct MonthlyReportBrowserTests {
    @Test(
        "every figure the page shows in the browser is the JSON's, every number of the JSON is on the page, and the page logs no error"
    )
    func domFiguresEqualJSON() throws {
        // Given the played November as JSON and as a page
        let scenario = try MonthlyReportScenario()
        try Self.expectPageStatesJSON(html: try scenario.report("html"), json: try scenario.report("json"))
    }

    @Test("with a ledger and integrity standings, their figures on the page are the JSON's too")
    func ledgerAndIntegrityOnThePage() throws {
        // Given figures with the fixture ledger and standings for the branch and three people
        let figures = MonthlyFigures(
            branch: Fixtures.branch(), year: 2026, month: 11, now: Fixtures.instant("2026-12-01T09:00:00+08:00"),
            occurrences: [], alerts: [], lineTitles: [:],
            ledger: LedgerFigures(
                branches: [
                    BranchLedger(
                        branch: Fixtures.branchID, ledger: try LedgerFixtures.ledger(through: "2026-11-30"),
                        calendar: Fixtures.businessCalendar())
                ], asOf: Fixtures.date("2026-11-30")),
            integrity: [
                IntegrityStanding(person: nil, total: 96, band: .green, redLine: false),
                IntegrityStanding(person: Fixtures.c, total: 88, band: .blue, redLine: false),
                IntegrityStanding(person: Fixtures.d, total: 90, band: .red, redLine: true),
                IntegrityStanding(person: Fixtures.g, total: 72, band: .yellow, redLine: false),
            ])
        #expect(figures.ledger?.totals.findings ?? 0 > 0)
        // Then the page states every figure of the JSON
        try Self.expectPageStatesJSON(
            html: try MonthlyReportRendering.render(figures, format: .html),
            json: try MonthlyReportRendering.render(figures, format: .json))
    }

    /// Loads `html` in Chromium and checks its `data-figure`s against `json`'s leaves both ways.
    static func expectPageStatesJSON(
        html: String, json text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let json = try JSONDecoder().decode(JSONLeaf.self, from: Data(text.utf8)).leaves()
        let chromium = Chromium()
        let page = chromium.directory.file("report.html")
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        // When Chromium loads it and serialises its DOM
        let result = try chromium.run(["--dump-dom"], file: page)
        try #require(result.status == 0, "chromium failed: \(result.stderr)", sourceLocation: sourceLocation)
        let shown = try Chromium.figures(inDOM: result.stdout)
        // Then each figure on the page has the JSON's value at its path
        try #require(shown.count > 150, "only \(shown.count) figures on the page", sourceLocation: sourceLocation)
        for (path, value) in shown {
            let expected = try #require(
                json[path], "the page shows \(path), which the JSON does not have", sourceLocation: sourceLocation)
            #expect(
                expected.isStated(by: value), "\(path): page \(value), JSON \(expected)", sourceLocation: sourceLocation
            )
        }
        // and every number, rate and flag of the JSON is on the page (a section that is null,
        // the ledger or the integrity table when there is none, is said in words)
        let absentSections = json.filter { !$0.key.contains("/") && $0.value == .null }
        let missing = json.filter { !$0.value.isString && shown[$0.key] == nil && absentSections[$0.key] == nil }
            .map(\.key).sorted()
        #expect(missing.isEmpty, "not on the page: \(missing)", sourceLocation: sourceLocation)
        let errors = Chromium.consoleErrors(result.stderr)
        #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
    }

    @Test("the page paints: a screenshot is a real image of more than one colour")
    func screenshot() throws {
        let scenario = try MonthlyReportScenario()
        let page = scenario.gridctl.directory.file("november.html")
        try scenario.report("html").write(toFile: page, atomically: true, encoding: .utf8)
        let chromium = Chromium()
        let png = chromium.directory.file("november.png")
        let result = try chromium.run(["--screenshot=\(png)", "--window-size=800,1200"], file: page)
        try #require(result.status == 0, "chromium failed: \(result.stderr)")
        let summary = try Chromium.pngSummary(png)
        #expect(summary.width == 800 && summary.height == 1200)
        // White paper, text, the heat map's reds and greys, the bars' colours.
        #expect(summary.colours >= 8, "\(summary.colours) colours")
        #expect(Chromium.consoleErrors(result.stderr).isEmpty, "\(Chromium.consoleErrors(result.stderr))")
    }

    @Test("the employee portrait prints on exactly one A4 page, even with a year of points entries")
    func portraitOnePage() throws {
        // Given a portrait with forty entries and long, hostile texts
        let directory = TemporaryDirectory("portrait")
        let page = directory.file("portrait.html")
        try PortraitRendering.html(PortraitFixture.model(entries: 40)).write(
            toFile: page, atomically: true, encoding: .utf8)
        // When Chromium prints it
        let chromium = Chromium()
        let pdf = directory.file("portrait.pdf")
        let result = try chromium.run(["--print-to-pdf=\(pdf)"], file: page)
        try #require(result.status == 0, "chromium failed: \(result.stderr)")
        // Then it is one page
        #expect(try Chromium.pageCount(pdf: Data(contentsOf: URL(fileURLWithPath: pdf))) == 1)
        #expect(Chromium.consoleErrors(result.stderr).isEmpty, "\(Chromium.consoleErrors(result.stderr))")
    }

    @Test("the monthly report prints on A4 pages")
    func reportPrints() throws {
        let scenario = try MonthlyReportScenario()
        let page = scenario.gridctl.directory.file("november.html")
        try scenario.report("html").write(toFile: page, atomically: true, encoding: .utf8)
        let chromium = Chromium()
        let pdf = chromium.directory.file("november.pdf")
        let result = try chromium.run(["--print-to-pdf=\(pdf)"], file: page)
        try #require(result.status == 0, "chromium failed: \(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: pdf))
        let pages = try Chromium.pageCount(pdf: data)
        #expect((2...6).contains(pages), "\(pages) pages")
        // A4 is 595 × 842 points.
        #expect(String(decoding: data, as: UTF8.self).contains("/MediaBox [0 0 594.95996 841.91998]"))
    }

    @Test("gridctl points portrait, after gridd scored November and a red line, prints on one A4 page with its figures")
    func builtPortraitPrintsOnOnePage() throws {
        // Given November scored by gridd, and a red line recorded for 郑凯
        let gridctl = try Gridctl()
        try gridctl.createSimulation()
        let pass = try ProcessRunner("gridd").run([
            "--config", gridctl.config, "--db", gridctl.database, "--once", "--now", "2026-12-01T09:00",
            "--log-format", "journal",
        ])
        try #require(pass.status == 0, "\(pass.stderr)")
        try gridctl.succeed(
            [
                "points", "record", "redline.drunk-driving", "--person", "zheng.kai", "--text", "酒后驾驶",
                "--reference", "纪案12号", "--by", "zhou.min",
            ], now: "2026-12-01T10:00")
        // When the portrait is printed
        let html = try gridctl.succeed(["points", "portrait", "zheng.kai"], now: "2026-12-01T11:00")
        #expect(html.contains("郑凯") && html.contains("redline.drunk-driving"), "\(html.prefix(400))")
        let page = gridctl.directory.file("portrait.html")
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let chromium = Chromium()
        let pdf = chromium.directory.file("portrait.pdf")
        let result = try chromium.run(["--print-to-pdf=\(pdf)"], file: page)
        try #require(result.status == 0, "chromium failed: \(result.stderr)")
        // Then it is one page, with no console error
        #expect(try Chromium.pageCount(pdf: Data(contentsOf: URL(fileURLWithPath: pdf))) == 1)
        #expect(Chromium.consoleErrors(result.stderr).isEmpty, "\(Chromium.consoleErrors(result.stderr))")
        // And the monthly report carries the points store's standings: 郑凯 in red
        let json = try gridctl.succeed(["report", "--month", "2026-12", "--format", "json"], now: "2026-12-01T11:00")
        #expect(json.contains("\"red_line\" : true") || json.contains("\"red_line\":true"), "\(json.suffix(1200))")
    }
}

/// A portrait of 王丽 for 2026.
enum PortraitFixture {
    static func model(entries count: Int) -> PortraitModel {
        let hostile = "迟报<script>alert(1)</script>&\"'\u{1b}[2J 说明文字很长很长很长很长很长很长很长很长很长很长很长很长"
        let entries = (0..<count).map { n in
            PointsEntry(
                branch: "example", person: "wang.li", rule: "duty.late", version: "2026", points: n % 3 == 0 ? 2 : -1,
                day: LocalDate(year: 2026, month: 1 + n % 12, day: 1 + n % 27)!, year: 2026,
                source: .occurrence(Int64(n + 1)),
                text: hostile + " \(n)")
        }
        return PortraitModel(
            person: "wang.li", name: "王丽<i>", branch: "example", branchName: "示例支行营业部", year: 2026,
            lines: [
                .init(
                    line: "ops", title: "运营线",
                    tally: DutyTally(owed: 40, onTime: 30, late: 5, missed: 3, waived: 2, pending: 0)),
                .init(
                    line: "party", title: "党建线",
                    tally: DutyTally(owed: 12, onTime: 12, late: 0, missed: 0, waived: 0, pending: 0)),
            ],
            latenessByMonth: [0, 1, 3, 2, 0, 0, 4, 1, 0, 2, 5],
            entries: entries,
            bands: (1...11).map { PortraitModel.MonthBand(month: $0, band: $0 < 4 ? .green : $0 < 8 ? .blue : .yellow) }
        )
    }
}
