import Foundation
import GridSheets
import Testing

/// A sheet as large as a big branch's ledger: written and read back whole. Timings are printed for
/// the record, never asserted, so the test does not depend on the machine's speed.
@Suite("A 10,000-row sheet")
struct ScaleTests {
    static func ledger(rows: Int) -> Workbook {
        let header = Row(
            number: 1,
            cells: ["问题编号", "措施编号", "整改措施", "责任人", "完成时限", "阶段目标", "完成情况", "完成日期", "金额"].enumerated().map {
                Cell(column: $0.offset + 1, value: .text($0.element))
            })
        let body = (2...rows + 1).map { number in
            Row(
                number: number,
                cells: [
                    Cell(column: 1, value: .text("W-\(number / 3)")),
                    Cell(column: 2, value: .text("M-\(number)")),
                    Cell(column: 3, value: .text("对第\(number)项问题组织整改并复核，形成台账")),
                    Cell(column: 4, value: .text(["周敏", "赵刚", "王丽", "陈晓东"][number % 4])),
                    Cell(column: 5, value: .date(day(2026, 1 + number % 12, 1 + number % 28))),
                    Cell(column: 6, value: .text("2026-03-31 完成自查；\n2026-04-30 完成整改")),
                    Cell(column: 7, value: .text(number % 2 == 0 ? "已完成" : "整改中")),
                    Cell(column: 9, value: .number(Double(number) * 1.5)),
                ])
        }
        return Workbook(sheets: [Sheet(name: "任务清单", rows: [header] + body)])
    }

    @Test("writing and reading back 10,000 rows keeps every cell")
    func tenThousandRows() throws {
        let workbook = Self.ledger(rows: 10_000)
        let scratch = try Scratch()
        let file = scratch.file("big.xlsx")
        let clock = ContinuousClock()

        let writing = try clock.measure { try XLSXWriter().write(workbook, to: file) }
        var read = Workbook(sheets: [])
        let reading = try clock.measure { read = try XLSXReader().read(contentsOf: file) }
        let csvFolder = scratch.file("csv")
        try FileManager.default.createDirectory(at: csvFolder, withIntermediateDirectories: true)
        let csvWriting = try clock.measure { try CSV.write(workbook, toFolder: csvFolder) }
        var csv = Workbook(sheets: [])
        let csvReading = try clock.measure { csv = try CSV.workbook(inFolder: csvFolder) }

        #expect(read == workbook)
        #expect(csv.sheets.first?.rows.count == 10_001)
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        print(
            "10,000 rows × 8 cells: xlsx write \(writing), read \(reading), \(size / 1024) KiB; csv write \(csvWriting), read \(csvReading)"
        )
    }
}
