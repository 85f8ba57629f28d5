import Foundation
import GridCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every branch file of the last accepted configuration, compiled: what reading each file
/// gave, in a compact binary form read back in a small fraction of the time YAML takes (a
/// bank's 20,000 branch files are 97 MB of YAML). A load (`ConfigLoader`) takes a branch
/// from here instead of parsing its file when the file still has the stamp it had when
/// compiled and the shared files (roles, policy, catalog, calendars, integrity table) and
/// the program reading them are the same; any other file is parsed.
///
/// It is a cache, derived from the files and rewritten from them: a file that is missing,
/// of another version, damaged or cut short is ignored (with a warning from its caller) and
/// every branch is parsed. It is written beside itself and renamed over the old one, so a
/// reader sees the old file or the new one, and a checksum over its body catches the rest.
///
///     gridduty-compiled-branches 1 <shared key> <stamps digest> <body bytes> <body checksum>
///     <body: the count of branches, then for each its file name, its file's stamp, and the
///      length and bytes of the compiled branch (`CompiledBranch`)>
public struct CompiledBranches: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Next to the database: `gridduty.sqlite` keeps `gridduty.sqlite.compiled-branches`.
    public init(database: String) {
        self.init(path: database + ".compiled-branches")
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The first words of the first line; the number is the version of the format.
    static let magic = "gridduty-compiled-branches 2"

    /// A compiled file as read, its branches decoded only when a load asks for them.
    public struct Contents: Sendable {
        /// See `CompiledBranches.sharedKey(sharedStamp:)`.
        let sharedKey: String
        /// What the file was compiled from, `CompiledBranches.stampsDigest`: equal to a
        /// load's, the file need not be written again.
        public let stampsDigest: String
        let bytes: [UInt8]
        let entries: [String: Entry]

        struct Entry: Sendable {
            let stamp: String
            let range: Range<Int>
        }

        /// How many branches it holds.
        public var count: Int { entries.count }
    }

    /// The contents, nil when there is no file; throws when the file is not one this
    /// program wrote whole.
    public func read() throws(Failure) -> Contents? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "cannot read \(path)")
        }
        return try Self.contents(of: [UInt8](data))
    }

    static func contents(of bytes: [UInt8]) throws(Failure) -> Contents {
        guard let newline = bytes.prefix(512).firstIndex(of: UInt8(ascii: "\n")) else {
            throw Failure(description: "not a compiled configuration")
        }
        let words = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        guard words.count == 6, "\(words[0]) \(words[1])" == magic else {
            throw Failure(description: "not a compiled configuration of this version")
        }
        let bodyStart = newline + 1
        guard let length = Int(words[4]), length == bytes.count - bodyStart else {
            throw Failure(description: "the compiled configuration is cut short or too long")
        }
        guard checksum(bytes[bodyStart...]) == words[5] else {
            throw Failure(description: "the compiled configuration is damaged (checksum)")
        }
        var input = ByteReader(bytes, range: bodyStart..<bytes.count)
        var entries: [String: Contents.Entry] = [:]
        do {
            let count = try input.count()
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let name = try input.text()
                let stamp = try input.text()
                let range = try input.skip(try input.count())
                entries[name] = Contents.Entry(stamp: stamp, range: range)
            }
            guard input.isAtEnd, entries.count == count else { throw ByteReader.Damaged() }
        } catch {
            throw Failure(description: "the compiled configuration is damaged")
        }
        return Contents(sharedKey: words[2], stampsDigest: words[3], bytes: bytes, entries: entries)
    }

    /// Writes `compilation` in place of the file; the old one stays whole until the new one
    /// is renamed over it. Not flushed: a file lost or cut short by a crash fails its
    /// checksum, and the next load parses the files and writes it again.
    public func write(_ compilation: Compilation) throws(Failure) {
        let branches = compilation.branches.sorted { $0.key < $1.key }
        var body = ByteWriter()
        body.unsigned(UInt64(branches.count))
        for (name, branch) in branches {
            body.text(name)
            body.text(branch.stamp)
            body.unsigned(UInt64(branch.bytes.count))
            body.raw(branch.bytes)
        }
        let header =
            "\(Self.magic) \(compilation.sharedKey) \(compilation.stampsDigest) \(body.bytes.count) \(Self.checksum(body.bytes[...]))\n"
        let temporary = "\(path).tmp-\(getpid())"
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            guard
                FileManager.default.createFile(
                    atPath: temporary, contents: Data(header.utf8) + Data(body.bytes),
                    attributes: [.posixPermissions: 0o640])
            else { throw Failure(description: "cannot write \(temporary)") }
        } catch {
            unlink(temporary)
            throw error as? Failure ?? Failure(description: "cannot write \(temporary): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            let problem = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot rename \(temporary) to \(path): \(problem)")
        }
    }

    /// 64-bit FNV-1a of the body.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hex(hash)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// What a compiled branch is valid with: the shared files, this format, and this build
    /// of the program (its version and its executable's stamp), since the readers that
    /// decide what a file gives may change between builds.
    static func sharedKey(sharedStamp: String) -> String {
        ConfigurationStamp.digest(of: "\(magic)\n\(ProductVersion.string)\n\(executableStamp)\n\(sharedStamp)")
    }

    /// The running executable's size, modification time and inode.
    static let executableStamp: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "-" }
        return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
    }()

    /// The digest of a compilation's key and every branch file's name and stamp.
    static func stampsDigest(sharedKey: String, stamps: [(name: String, stamp: String)]) -> String {
        ConfigurationStamp.digest(
            of: ([sharedKey] + stamps.sorted { $0.name < $1.name }.map { "\($0.name)\n\($0.stamp)" })
                .joined(separator: "\n"))
    }

    /// The branches a load read, compiled, for `write(_:)`: those parsed are encoded as
    /// they are read (on every core), those taken from a compiled file keep its bytes.
    public final class Compilation: Sendable {
        struct Branch: Sendable {
            let stamp: String
            let bytes: ArraySlice<UInt8>
        }

        private let state = Mutex<(sharedKey: String, branches: [String: Branch], parsed: Int)>(("", [:], 0))

        public init() {}

        func start(sharedKey: String) {
            state.withLock { $0 = (sharedKey, [:], 0) }
        }

        func add(_ name: String, stamp: String, bytes: ArraySlice<UInt8>, parsed: Bool) {
            state.withLock {
                $0.branches[name] = Branch(stamp: stamp, bytes: bytes)
                if parsed { $0.parsed += 1 }
            }
        }

        var sharedKey: String { state.withLock { $0.sharedKey } }
        var branches: [String: Branch] { state.withLock { $0.branches } }

        /// How many branch files the load parsed rather than took compiled.
        public var parsed: Int { state.withLock { $0.parsed } }
        /// How many it took compiled.
        public var reused: Int { state.withLock { $0.branches.count - $0.parsed } }

        /// Lets go of what was compiled, and of the compiled file it holds bytes of.
        public func clear() {
            state.withLock { $0 = ("", [:], 0) }
        }

        /// The digest a file written from this compilation would carry.
        public var stampsDigest: String {
            let (key, branches, _) = state.withLock { $0 }
            return CompiledBranches.stampsDigest(
                sharedKey: key, stamps: branches.map { (name: $0.key, stamp: $0.value.stamp) })
        }
    }
}
