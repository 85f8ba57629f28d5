import Foundation
import GridTestKit
import Testing

/// Debian's Chromium, headless, on a profile of its own (tests run in parallel), for the
/// checks only a browser makes: what the page's DOM holds, that it paints, that it logs no
/// error, and how many pages it prints to.
struct Chromium {
    let directory = TemporaryDirectory("chromium")

    static var installed: Bool { Tools.chromium != nil }

    /// Runs Chromium on `file` with `arguments` (`--dump-dom`, `--screenshot=…`, …), logging
    /// to stderr so the page's console messages can be read.
    func run(_ arguments: [String], file: String) throws -> ProcessRunner.Result {
        let chromium = try #require(Tools.chromium, "chromium is not installed")
        return try ProcessRunner(chromium).run(
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(directory.file("profile"))",
                "--enable-logging=stderr", "--v=0", "--no-first-run", "--no-pdf-header-footer",
            ] + arguments + ["file://" + file])
    }

    /// The console lines Chromium logged for the page: errors it would show a developer.
    static func consoleErrors(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    }

    /// Every `data-figure` of a serialised DOM with its `data-value`, entities decoded.
    static func figures(inDOM dom: String) throws -> [String: String] {
        let pattern = try NSRegularExpression(pattern: #"data-figure="([^"]*)" data-value="([^"]*)""#)
        var found: [String: String] = [:]
        let text = dom as NSString
        for match in pattern.matches(in: dom, range: NSRange(location: 0, length: text.length)) {
            let path = decodeEntities(text.substring(with: match.range(at: 1)))
            #expect(found[path] == nil, "figure \(path) appears twice")
            found[path] = decodeEntities(text.substring(with: match.range(at: 2)))
        }
        return found
    }

    static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The pages of a PDF: its `/Type /Page` objects (not the `/Pages` tree nodes).
    static func pageCount(pdf: Data) throws -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        let pattern = try NSRegularExpression(pattern: #"/Type\s*/Page(?![a-zA-Z])"#)
        return pattern.numberOfMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length))
    }

    /// A PNG's width and height and how many distinct colours it has, decoded by Python's
    /// zlib (no imaging library needed): the header, the joined IDAT chunks, each scanline
    /// unfiltered.
    static func pngSummary(_ file: String) throws -> (width: Int, height: Int, colours: Int) {
        let script = #"""
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
            pos, idat, header = 8, b'', None
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if kind == b'IHDR': header = struct.unpack('>IIBBBBB', body)
                if kind == b'IDAT': idat += body
                pos += 12 + length
            width, height, depth, colour = header[:4]
            assert depth == 8 and colour in (2, 6), 'unexpected PNG format %r' % (header,)
            bpp = 3 if colour == 2 else 4
            raw, stride, prev, colours, i = zlib.decompress(idat), width * bpp, bytearray(width * bpp), set(), 0
            for y in range(height):
                kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x - bpp] if x >= bpp else 0
                    b = prev[x]
                    c = prev[x - bpp] if x >= bpp else 0
                    if kind == 1: line[x] = (line[x] + a) & 255
                    elif kind == 2: line[x] = (line[x] + b) & 255
                    elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif kind == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                if y % 8 == 0:
                    colours.update(bytes(line[k:k + 3]) for k in range(0, stride, bpp * 4))
                prev = line
            print(width, height, len(colours))
            """#
        let out = try Tools.run("/usr/bin/env", ["python3", "-c", script, file])
        let numbers = out.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        try #require(numbers.count == 3, "cannot read \(file): \(out)")
        return (numbers[0], numbers[1], numbers[2])
    }
}

/// A JSON value as the report writes it, to compare with what the page shows.
enum JSONLeaf: Decodable, Equatable {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case null
    indirect case object([String: JSONLeaf])
    case array([JSONLeaf])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let v = try? c.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? c.decode(Int.self) {
            self = .int(v)
        } else if let v = try? c.decode(Double.self) {
            self = .double(v)
        } else if let v = try? c.decode(String.self) {
            self = .string(v)
        } else if let v = try? c.decode([String: JSONLeaf].self) {
            self = .object(v)
        } else {
            self = .array(try c.decode([JSONLeaf].self))
        }
    }

    /// Every scalar under objects, by path (`lines/ops/on_time`).
    func leaves(_ prefix: String = "") -> [String: JSONLeaf] {
        switch self {
        case .object(let members):
            var all: [String: JSONLeaf] = [:]
            for (key, value) in members {
                all.merge(value.leaves(prefix.isEmpty ? key : prefix + "/" + key)) { a, _ in a }
            }
            return all
        case .array: return [:]
        default: return [prefix: self]
        }
    }

    /// Whether `text`, a page's `data-value`, states this value.
    func isStated(by text: String) -> Bool {
        switch self {
        case .bool(let v): text == String(v)
        case .int(let v): Int(text) == v || Double(text) == Double(v)
        case .double(let v): Double(text) == v
        case .string(let v): text == v
        case .null: text == "null"
        case .object, .array: false
        }
    }

    var isString: Bool { if case .string = self { true } else { false } }
}
