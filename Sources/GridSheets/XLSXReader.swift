import Foundation
import XMLCoder
import ZIPFoundation

/// How much a workbook may hold before reading refuses it; the defaults fit any real ledger with
/// a wide margin and keep a hostile file from exhausting memory.
public struct ReadLimits: Sendable, Equatable {
    /// The largest uncompressed size of one part (a sheet, the shared strings), declared or actual.
    public var maxPartBytes: Int64
    /// The largest uncompressed size of all parts read together.
    public var maxTotalBytes: Int64
    public var maxSheets: Int
    /// The most non-empty cells in one sheet.
    public var maxCellsPerSheet: Int
    public var maxSharedStrings: Int

    public init(
        maxPartBytes: Int64 = 256 << 20, maxTotalBytes: Int64 = 512 << 20, maxSheets: Int = 256,
        maxCellsPerSheet: Int = 5_000_000, maxSharedStrings: Int = 2_000_000
    ) {
        self.maxPartBytes = maxPartBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxSheets = maxSheets
        self.maxCellsPerSheet = maxCellsPerSheet
        self.maxSharedStrings = maxSharedStrings
    }
}

/// Reads `.xlsx` workbooks (Office Open XML spreadsheets) as Excel, LibreOffice and openpyxl write them.
///
/// Only the parts a value needs are read: the workbook, its relationships, styles (to know which
/// numbers are dates), shared strings and the sheets. No part may declare a DTD, so no entity is
/// ever expanded or fetched.
public struct XLSXReader: Sendable {
    public var limits: ReadLimits

    public init(limits: ReadLimits = ReadLimits()) {
        self.limits = limits
    }

    /// Reads every sheet, in the workbook's order.
    public func read(contentsOf url: URL) throws(SheetsError) -> Workbook {
        try read(contentsOf: url, sheetsNamed: nil)
    }

    /// Reads the sheets with these names only (others are not even decompressed); a missing name is
    /// simply absent from the result.
    public func read(contentsOf url: URL, sheetsNamed names: Set<String>?) throws(SheetsError) -> Workbook {
        let file = url.lastPathComponent
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SheetsError(
                file: file, problem: "not a readable .xlsx workbook: the zip container is damaged or truncated")
        }
        var package = Package(archive: archive, file: file, limits: limits)
        return try package.readWorkbook(sheetsNamed: names)
    }
}

private struct Package {
    let archive: Archive
    let file: String
    let limits: ReadLimits
    var bytesRead: Int64 = 0

    init(archive: Archive, file: String, limits: ReadLimits) {
        self.archive = archive
        self.file = file
        self.limits = limits
    }

    mutating func readWorkbook(sheetsNamed names: Set<String>?) throws(SheetsError) -> Workbook {
        let rootRels = try relationships(of: "")
        guard
            let workbookPath = rootRels.values.first(where: { $0.type.hasSuffix("/officeDocument") })?.target
                ?? (archive["xl/workbook.xml"] != nil ? "xl/workbook.xml" : nil)
        else {
            throw SheetsError(file: file, problem: "not an .xlsx workbook: it has no workbook part (xl/workbook.xml)")
        }
        let workbookXML: WorkbookXML = try decode(part: workbookPath)
        let rels = try relationships(of: workbookPath)
        let system: DateSystem = ["1", "true"].contains(workbookXML.workbookPr?.date1904 ?? "") ? .from1904 : .from1900
        let declared = workbookXML.sheets.sheet
        guard declared.count <= limits.maxSheets else {
            throw SheetsError(file: file, problem: "has \(declared.count) sheets; at most \(limits.maxSheets) are read")
        }
        guard !declared.isEmpty else { throw SheetsError(file: file, problem: "the workbook declares no sheet") }

        let dateStyles: [Bool]
        if let stylesPath = rels.values.first(where: { $0.type.hasSuffix("/styles") })?.target {
            let styles: StylesXML = try decode(part: stylesPath)
            let custom = Dictionary(
                (styles.numFmts?.numFmt ?? []).map { ($0.numFmtId, $0.formatCode) }, uniquingKeysWith: { $1 })
            dateStyles = (styles.cellXfs?.xf ?? []).map {
                isDateFormat(id: $0.numFmtId ?? 0, code: custom[$0.numFmtId ?? 0])
            }
        } else {
            dateStyles = []
        }
        let wanted = declared.filter { names?.contains($0.name) ?? true }
        var sharedStrings: [String] = []
        if !wanted.isEmpty, let path = rels.values.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target {
            let data = try extract(part: path, sheet: nil)
            sharedStrings = try SharedStringsParser.parse(data, file: file, limit: limits.maxSharedStrings)
        }
        var sheets: [Sheet] = []
        for entry in wanted {
            guard let rel = rels[entry.id] else {
                throw SheetsError(
                    file: file, sheet: entry.name,
                    problem: "the workbook names sheet part \(entry.id), which is missing")
            }
            let data = try extract(part: rel.target, sheet: entry.name)
            let context = WorksheetParser.Context(
                file: file, sheet: entry.name, sharedStrings: sharedStrings, dateStyles: dateStyles,
                dateSystem: system, maxCells: limits.maxCellsPerSheet)
            sheets.append(try WorksheetParser.parse(data, context: context))
        }
        return Workbook(sheets: sheets)
    }

    /// The relationships of a part (`""` for the package), by id; targets resolved to archive paths.
    mutating func relationships(of part: String) throws(SheetsError) -> [String: Relationship] {
        let directory = part.split(separator: "/").dropLast().joined(separator: "/")
        let fileName = part.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + fileName + ".rels"
        guard archive[relsPath] != nil else { return [:] }
        let xml: RelationshipsXML = try decode(part: relsPath)
        var result: [String: Relationship] = [:]
        for rel in xml.relationship where rel.targetMode != "External" {
            result[rel.id] = Relationship(type: rel.type, target: Self.resolve(rel.target, from: directory))
        }
        return result
    }

    static func resolve(_ target: String, from directory: String) -> String {
        var parts = target.hasPrefix("/") ? [] : directory.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." {
                _ = parts.popLast()
            } else if piece != "." {
                parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }

    mutating func decode<T: Decodable>(part: String) throws(SheetsError) -> T {
        let data = try extract(part: part, sheet: nil)
        do {
            let decoder = XMLDecoder()
            decoder.shouldProcessNamespaces = true
            decoder.trimValueWhitespaces = false
            return try decoder.decode(T.self, from: data)
        } catch {
            throw SheetsError(
                file: file, problem: "part \(part) is not the XML it should be: \(escapedForDisplay("\(error)"))")
        }
    }

    /// A part's bytes, refused before decompressing when its declared size is over the limits and
    /// again while decompressing if it turns out larger than declared.
    mutating func extract(part path: String, sheet: String?) throws(SheetsError) -> Data {
        guard let entry = archive[path] else {
            throw SheetsError(file: file, sheet: sheet, problem: "part \(path) is missing from the workbook")
        }
        let cap = min(limits.maxPartBytes, limits.maxTotalBytes - bytesRead)
        guard entry.uncompressedSize <= UInt64(max(cap, 0)) else {
            throw SheetsError(
                file: file, sheet: sheet,
                problem:
                    "part \(path) declares \(entry.uncompressedSize) bytes uncompressed, over the limit of \(cap); refused as a possible zip bomb"
            )
        }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        var overLimit = false
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if Int64(data.count + chunk.count) > cap {
                    overLimit = true
                    throw CocoaError(.fileReadTooLarge)
                }
                data.append(chunk)
            }
        } catch {
            if overLimit {
                throw SheetsError(
                    file: file, sheet: sheet,
                    problem: "part \(path) inflates past the limit of \(cap) bytes; refused as a possible zip bomb")
            }
            throw SheetsError(file: file, sheet: sheet, problem: "part \(path) is damaged and cannot be decompressed")
        }
        bytesRead += Int64(data.count)
        try refuseDTD(data, part: path, sheet: sheet)
        return data
    }

    /// Office Open XML parts never carry a DTD; one that does may try to expand or fetch entities,
    /// so it is refused before any parser sees it. UTF-16 parts are refused too, as the check
    /// reads bytes.
    func refuseDTD(_ data: Data, part: String, sheet: String?) throws(SheetsError) {
        if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) {
            throw SheetsError(file: file, sheet: sheet, problem: "part \(part) is UTF-16, which is not supported")
        }
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw SheetsError(
                file: file, sheet: sheet,
                problem: "part \(part) declares a DTD or entities, which a workbook never needs; refused")
        }
    }
}

struct Relationship {
    var type: String
    var target: String
}

private struct RelationshipsXML: Decodable {
    struct Item: Decodable {
        var id: String
        var type: String
        var target: String
        var targetMode: String?
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case type = "Type"
            case target = "Target"
            case targetMode = "TargetMode"
        }
    }
    var relationship: [Item]
    enum CodingKeys: String, CodingKey { case relationship = "Relationship" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        relationship = try container.decodeIfPresent([Item].self, forKey: .relationship) ?? []
    }
}

private struct WorkbookXML: Decodable {
    struct Properties: Decodable { var date1904: String? }
    struct Sheets: Decodable {
        var sheet: [Entry]
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sheet = try container.decodeIfPresent([Entry].self, forKey: .sheet) ?? []
        }
        enum CodingKeys: String, CodingKey { case sheet }
    }
    struct Entry: Decodable {
        var name: String
        var id: String
        enum CodingKeys: String, CodingKey {
            case name
            case id = "r:id"
            case bareID = "id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            // The relationship id's prefix is `r` by convention; a parser that resolved namespaces sees `id`.
            id =
                try container.decodeIfPresent(String.self, forKey: .id)
                ?? container.decode(String.self, forKey: .bareID)
        }
    }
    var workbookPr: Properties?
    var sheets: Sheets
}

private struct StylesXML: Decodable {
    struct NumFmts: Decodable {
        var numFmt: [NumFmt]?
    }
    struct NumFmt: Decodable {
        var numFmtId: Int
        var formatCode: String
    }
    struct CellXfs: Decodable {
        var xf: [Xf]?
    }
    struct Xf: Decodable {
        var numFmtId: Int?
    }
    var numFmts: NumFmts?
    var cellXfs: CellXfs?
}
