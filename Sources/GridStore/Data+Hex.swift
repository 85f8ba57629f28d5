import Foundation

extension Data {
    /// Lower-case hexadecimal, as `audit verify` prints and `--expect` reads hashes.
    public var hex: String {
        map { String(format: "%02x", $0) }.joined()
    }

    /// Reads lower- or upper-case hexadecimal; nil for anything else.
    public init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
