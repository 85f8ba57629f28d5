import Foundation
import GridSheets
import Testing

@Suite("A1 references and serial dates")
struct CellReferenceAndDateTests {
    @Test(
        "A1 references parse to their column and row",
        arguments: [
            ("A1", 1, 1), ("b7", 2, 7), ("Z9", 26, 9), ("AA10", 27, 10), ("$AZ$3", 52, 3),
            ("XFD1048576", 16_384, 1_048_576),
        ])
    func parses(text: String, column: Int, row: Int) {
        #expect(CellReference(text) == CellReference(column: column, row: row))
    }

    @Test(
        "references outside Excel's grid or not in A1 notation are refused",
        arguments: ["", "A", "7", "1A", "A0", "XFE1", "A1048577", "A-1", "A1B"])
    func refuses(text: String) {
        #expect(CellReference(text) == nil)
    }

    @Test("every column's name parses back to the same column")
    func columnNamesRoundTrip() {
        for column in 1...CellReference.maxColumn {
            let reference = CellReference(column: column, row: 42)
            #expect(CellReference(reference.description) == reference)
        }
    }

    @Test("a range parses in either corner order and knows its cells")
    func ranges() {
        let range = CellRange("C2:A5")
        #expect(range?.description == "A2:C5")
        #expect(range?.contains(CellReference("B4")!) == true)
        #expect(range?.contains(CellReference("D4")!) == false)
        #expect(CellRange("A1:") == nil)
    }

    @Test(
        "serial numbers in the 1900 system are the days Excel shows",
        arguments: [
            (1.0, day(1900, 1, 1)), (59.0, day(1900, 2, 28)), (61.0, day(1900, 3, 1)), (45_000.0, day(2023, 3, 15)),
            (46_090.0, day(2026, 3, 9)), (46_090.75, day(2026, 3, 9, 18)), (2_958_465.0, day(9999, 12, 31)),
        ])
    func serial1900(serial: Double, date: Date) {
        #expect(DateSystem.from1900.date(fromSerial: serial) == date)
        #expect(DateSystem.from1900.serial(from: date) == serial)
    }

    @Test("serial numbers in the 1904 system count from 1904-01-01")
    func serial1904() {
        #expect(DateSystem.from1904.date(fromSerial: 0) == day(1904, 1, 1))
        #expect(DateSystem.from1904.date(fromSerial: 44_628) == day(2026, 3, 9))
        #expect(DateSystem.from1904.serial(from: day(2026, 3, 9)) == 44_628)
    }

    @Test("serial numbers outside years 1900 to 9999 are not dates")
    func outOfRange() {
        #expect(DateSystem.from1900.date(fromSerial: -1) == nil)
        #expect(DateSystem.from1900.date(fromSerial: 2_958_466) == nil)
        #expect(DateSystem.from1900.date(fromSerial: .nan) == nil)
    }

    @Test("values print as a person would type them")
    func descriptions() {
        #expect(CellValue.number(3).description == "3")
        #expect(CellValue.number(1200.5).description == "1200.5")
        #expect(CellValue.date(day(2026, 3, 9)).description == "2026-03-09")
        #expect(CellValue.date(day(2026, 3, 9, 8, 5, 1)).description == "2026-03-09 08:05:01")
        #expect(CellValue.bool(true).description == "TRUE")
    }

    @Test("text from a file is shown on one line with control and bidirectional characters escaped")
    func escaping() {
        #expect(escapedForDisplay("问题\n\u{1b}[31m\u{202E}a\\b") == #"问题\u{a}\u{1b}[31m\u{202e}a\\b"#)
    }
}
