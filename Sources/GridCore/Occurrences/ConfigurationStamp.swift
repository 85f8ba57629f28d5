/// What the configuration files looked like when they were read: sizes and modification
/// times, computed by whoever read them (`ConfigLoader.stamp(ofFile:)`). The store keeps it
/// beside each branch, so a command can tell from a few `stat` calls that the rows and
/// names it holds are those the files would give, without parsing them.
public struct ConfigurationStamp: Sendable, Equatable {
    /// Roles, policy, catalog and calendars: shared by every branch.
    public let shared: String
    /// What a branch row is stamped with: `shared`, by its digest, and the branch's own file.
    public let branch: String
    /// The branch's file, relative to the configuration directory.
    public let file: String

    /// `sharedDigest` is `digest(of: shared)`, given when the caller has it already: a
    /// configuration stamps every branch of the bank with the same shared files.
    public init(shared: String, sharedDigest: String? = nil, branchFile: String, branchFileStamp: String) {
        self.shared = shared
        self.branch = Self.branch(sharedDigest: sharedDigest ?? Self.digest(of: shared), fileStamp: branchFileStamp)
        self.file = branchFile
    }

    /// A branch row's stamp. The shared files enter by digest, not in full: their stamp is
    /// one entry per catalog file (~750 bytes), and a bank-wide `report` reads and compares
    /// every branch's row before answering.
    public static func branch(sharedDigest: String, fileStamp: String) -> String {
        sharedDigest + "\n" + fileStamp
    }

    /// 64-bit FNV-1a of the shared stamp, in hex: the same in every process, and a chance of
    /// one in 2^64 that an edit to the shared files goes unseen by the stamps.
    public static func digest(of shared: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in shared.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
