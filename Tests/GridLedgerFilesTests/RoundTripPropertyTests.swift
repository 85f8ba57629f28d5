import Foundation
import GridCore
import GridLedgerFiles
import PropertyBased
import Testing

/// Random texts, made of the characters that trouble spreadsheets and CSV files, through a
/// written and re-read workbook. A fixed number per run; a failure prints its seed.
@Suite("Random texts through a written workbook")
struct RoundTripPropertyTests {
    static let troublesome: [Character] = [
        "=", "+", "-", "@", "'", "\"", ",", "\n", "\r\n", "\t", " ", "中", "a", "1", "；", "《", "|", "!", "、",
    ]

    /// Texts as an import leaves them: trimmed, never empty.
    static let texts = Gen.element(of: troublesome).map { $0! }.string(of: 1...12).map { text in
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "空" : trimmed
    }

    static func ledger(_ a: String, _ b: String, _ c: String) -> Ledger {
        Ledger(
            inspections: [Inspection(name: "检查", kind: .selfCheck)],
            findings: [
                FindingRecord(
                    finding: Finding(
                        number: "1", inspection: "检查", text: a, category: b, leader: "lin.zhenhua", department: c,
                        found: LocalDate(year: 2026, month: 11, day: 9)!, extra: ["备注": c]))
            ],
            measures: [
                Measure(
                    id: MeasureID(finding: "1", number: "1"), text: b, owner: "wu.ting",
                    deadline: LocalDate(year: 2026, month: 12, day: 4)!,
                    done: MeasureDone(date: LocalDate(year: 2026, month: 11, day: 30)!, evidence: a))
            ])
    }

    @Test("any text written to CSV files or a workbook reads back unchanged")
    func anyTextRoundTrips() async throws {
        let scratch = try Scratch()
        let writer = LedgerWorkbookWriter()
        await propertyCheck(count: 60, input: Self.texts, Self.texts, Self.texts) { a, b, c in
            let ledger = Self.ledger(a, b, c)
            let workbook = writer.workbook(for: ledger, person: { $0 })
            let folder = scratch.file(UUID().uuidString)
            let file = scratch.file(UUID().uuidString + ".xlsx")
            do {
                try writer.writeCSV(workbook, toFolder: folder)
                try writer.writeXLSX(workbook, to: file)
                for url in [folder, file] {
                    let draft = try LedgerWorkbookReader().read(contentsOf: url)
                    #expect(draft.findings.map(\.value.text) == [a])
                    #expect(draft.findings.map(\.value.category) == [b])
                    #expect(draft.findings.map(\.value.department) == [c])
                    #expect(draft.findings.map(\.value.extra) == [["备注": c]])
                    #expect(draft.measures.map(\.value.text) == [b])
                    #expect(draft.measures.map(\.value.done?.evidence) == [a])
                }
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
