import Foundation
import GridTestKit
import Testing

/// `--format excel-csv`: what an operator opens in Excel on a Chinese Windows PC, read back by
/// an independent CSV reader (Python's `csv`, as Excel's importer reads it: UTF-8 with a
/// byte-order mark, CRLF lines).
@Suite("gridctl --format excel-csv")
struct ExcelCSVTests {
    @Test(
        "Given the example branch's items, when `due --format excel-csv` runs, then the file starts with a UTF-8 byte-order mark, ends each line with CRLF, and holds exactly the JSON's fields and values"
    )
    func excelCSVMatchesTheJSON() throws {
        let gridctl = try Gridctl()

        let csv = try gridctl.run(["due", "--format", "excel-csv"])
        let items = try gridctl.items(["due"])

        // The bytes: a byte-order mark, CRLF line ends, no bare LF
        let bytes = Array(csv.stdout.utf8)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.stdout.hasSuffix("\r\n"))
        #expect(!csv.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

        // Read back by Python's csv module, it has the JSON's field names and values
        let dir = TemporaryDirectory()
        let file = dir.file("due.csv")
        try csv.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let python = try ProcessRunner("/usr/bin/env").run([
            "python3", "-c",
            "import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''))), ensure_ascii=False))",
            file,
        ])
        try #require(python.status == 0, "\(python.stderr)")
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(python.stdout.utf8))
        #expect(rows.count == items.count)
        #expect(Set(rows.first?.keys.map { $0 } ?? []) == Item.fieldNames)
        for (row, item) in zip(rows, items) {
            #expect(row["id"] == String(item.id) && row["owner_role"] == item.ownerRole)
            #expect(row["period_start"] == item.periodStart && row["remind_at"] == item.remindAt)
            #expect(row["unassigned"] == String(item.unassigned) && row["subject_name"] == item.subjectName)
        }
    }

    @Test("Plain `--format csv` keeps LF lines and no byte-order mark, with the same header")
    func plainCSV() throws {
        let gridctl = try Gridctl()

        let csv = try gridctl.succeed(["due", "--format", "csv"])

        #expect(!csv.hasPrefix("\u{FEFF}") && !csv.contains("\r"))
        let header = try #require(csv.split(separator: "\n").first)
        #expect(Set(header.split(separator: ",").map(String.init)) == Item.fieldNames)
    }
}
