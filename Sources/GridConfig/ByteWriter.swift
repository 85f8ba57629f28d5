/// Appends the values of a compiled configuration (`CompiledBranches`) to a byte buffer:
/// unsigned integers as LEB128 varints, signed ones zigzagged first, text as its UTF-8
/// length then bytes. `ByteReader` reads them back.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int) {
        let wide = Int64(value)
        unsigned(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func text(_ value: String) {
        let utf8 = value.utf8
        unsigned(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func optionalText(_ value: String?) {
        bool(value != nil)
        if let value { text(value) }
    }

    mutating func texts(_ values: [String]) {
        unsigned(UInt64(values.count))
        for value in values { text(value) }
    }

    mutating func raw(_ value: some Sequence<UInt8>) {
        bytes.append(contentsOf: value)
    }
}
