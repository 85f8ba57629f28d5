import Foundation
import ZIPFoundation

/// A fresh directory under the system's temporary directory, removed when the test is done.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gridsheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

func makeZip(at url: URL, parts: [(String, String)]) throws {
    let archive = try Archive(url: url, accessMode: .create)
    for (path, text) in parts {
        let bytes = Data(text.utf8)
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
        ) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

/// The parts of a minimal workbook with one sheet named `Sheet1`, whose `sheetData` and optional
/// shared strings are given.
func minimalWorkbookParts(
    sheetData: String, sharedStrings: String? = nil, extraSheetXML: String = "", styles: String? = nil
) -> [(
    String, String
)] {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var parts: [(String, String)] = [
        (
            "_rels/.rels",
            #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        ),
        (
            "xl/workbook.xml",
            #"<?xml version="1.0"?><workbook xmlns="\#(main)" xmlns:r="\#(rel)"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
        (
            "xl/_rels/workbook.xml.rels",
            #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/>"#
                + (sharedStrings == nil
                    ? "" : #"<Relationship Id="rId2" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/>"#)
                + (styles == nil ? "" : #"<Relationship Id="rId3" Type="\#(rel)/styles" Target="/xl/styles.xml"/>"#)
                + "</Relationships>"
        ),
        (
            "xl/worksheets/sheet1.xml",
            #"<?xml version="1.0"?><worksheet xmlns="\#(main)"><sheetData>\#(sheetData)</sheetData>\#(extraSheetXML)</worksheet>"#
        ),
    ]
    if let styles {
        parts.append(("xl/styles.xml", #"<?xml version="1.0"?><styleSheet xmlns="\#(main)">\#(styles)</styleSheet>"#))
    }
    if let sharedStrings {
        parts.append(("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst xmlns="\#(main)">\#(sharedStrings)</sst>"#))
    }
    return parts
}

/// A date at midnight UTC.
func day(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(
        from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}
