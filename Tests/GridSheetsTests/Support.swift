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

struct ToolFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs other programs (python3 with openpyxl, LibreOffice) that write and read workbooks.
enum Tools {
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program to completion and returns what it printed; throws when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a chatty child cannot fill a pipe and block.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(
                description:
                    "\(executable) \(arguments.first ?? "") failed (\(process.terminationStatus)): \(String(decoding: errData, as: UTF8.self))"
            )
        }
        return String(decoding: outData, as: UTF8.self)
    }

    static let python: String? = which("python3")

    /// True when python3 can import openpyxl (`pip install openpyxl`).
    static let hasOpenpyxl: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import openpyxl"])) != nil
    }()

    static let soffice: String? = which("soffice") ?? which("libreoffice")

    /// Runs a Python script with openpyxl; `arguments` are in `sys.argv[1:]`.
    @discardableResult
    static func openpyxl(_ script: String, _ arguments: [String] = []) throws -> String {
        guard let python else { throw ToolFailure(description: "python3 is missing") }
        return try run(python, ["-c", "import openpyxl, sys, json, datetime\n" + script] + arguments)
    }

    /// Converts a file with LibreOffice (`soffice --headless --convert-to`), into `directory`.
    static func libreOfficeConvert(_ input: URL, to format: String, in directory: URL) throws {
        guard let soffice else { throw ToolFailure(description: "LibreOffice is missing") }
        let profile = directory.appendingPathComponent("lo-profile")
        try run(
            soffice,
            [
                "-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", format, "--outdir",
                directory.path, input.path,
            ])
    }
}

/// Builds a zip archive from parts given as text, to make hand-written and hostile workbooks.
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
