/// Reads what `ByteWriter` wrote, checking every length against the bytes left: a damaged
/// or cut-short buffer throws, it never reads out of bounds, never traps and never returns
/// text that is not valid UTF-8.
struct ByteReader {
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let range = range ?? bytes.indices
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { position == end }

    mutating func unsigned() throws(Damaged) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end, shift < 64 else { throw Damaged() }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int() throws(Damaged) -> Int {
        let zigzag = try unsigned()
        return Int(truncatingIfNeeded: Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))))
    }

    /// A count of items that each take at least one byte, so a damaged count cannot ask
    /// for more memory than the buffer could describe.
    mutating func count() throws(Damaged) -> Int {
        let value = try unsigned()
        guard value <= UInt64(end - position) else { throw Damaged() }
        return Int(value)
    }

    mutating func bool() throws(Damaged) -> Bool {
        guard position < end else { throw Damaged() }
        defer { position += 1 }
        switch bytes[position] {
        case 0: return false
        case 1: return true
        default: throw Damaged()
        }
    }

    mutating func text() throws(Damaged) -> String {
        let length = try count()
        defer { position += length }
        guard let value = String(validating: bytes[position..<position + length], as: UTF8.self) else {
            throw Damaged()
        }
        return value
    }

    mutating func optionalText() throws(Damaged) -> String? {
        try bool() ? try text() : nil
    }

    mutating func texts() throws(Damaged) -> [String] {
        let count = try count()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try text()) }
        return values
    }

    /// The next `length` bytes' range in the buffer, skipped.
    mutating func skip(_ length: Int) throws(Damaged) -> Range<Int> {
        guard length >= 0, length <= end - position else { throw Damaged() }
        defer { position += length }
        return position..<position + length
    }
}
