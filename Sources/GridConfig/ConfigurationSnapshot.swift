import Foundation
import GridCore

#if canImport(Glibc)
    import Glibc
#endif

/// The last configuration the daemon accepted, kept as one file in its state directory, so
/// that a restart while the files on disk are invalid (after an upgrade, a reboot, a
/// watchdog restart) alerts from it instead of not at all.
///
/// It holds the bytes of every file exactly as that load parsed them, with two digests in
/// its first line: of the files' stamps (`ConfigLoader.fingerprint()`), which tells without
/// reading anything that the disk still holds what was saved, and of their contents, which
/// tells a touched but unchanged configuration from an edited one. It is rewritten only when
/// an accepted configuration's contents change, and atomically: written beside itself,
/// flushed, then renamed over the old one, so a crash leaves the old or the new, never half.
///
///     gridduty-configuration-snapshot 1 <stamps digest> <contents digest> <files>
///     <bytes> <relative path>
///     <the file's bytes>
///     …
public struct ConfigurationSnapshot: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Next to the database: `gridduty.sqlite` keeps `gridduty.sqlite.accepted-config`.
    public init(database: String) {
        self.init(path: database + ".accepted-config")
    }

    public struct Header: Sendable, Equatable {
        public let stampsDigest: String
        public let contentsDigest: String
        public let files: Int
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    private static let magic = "gridduty-configuration-snapshot 1"

    /// The first line, or nil when there is no snapshot (or not one this version reads).
    public func header() -> Header? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let start = try? handle.read(upToCount: 256),
            let newline = start.firstIndex(of: UInt8(ascii: "\n"))
        else { return nil }
        return Self.header(String(decoding: start[..<newline], as: UTF8.self))
    }

    private static func header(_ line: String) -> Header? {
        let words = line.split(separator: " ").map(String.init)
        guard words.count == 5, "\(words[0]) \(words[1])" == magic, let files = Int(words[4]) else { return nil }
        return Header(stampsDigest: words[2], contentsDigest: words[3], files: files)
    }

    /// The digest of a configuration's contents: every file's path, length and bytes.
    public static func contentsDigest(_ files: [String: Data]) -> String {
        var hash = FNV()
        for (relative, data) in files.sorted(by: { $0.key < $1.key }) {
            hash.add(Data("\(data.count) \(relative)\n".utf8))
            hash.add(data)
        }
        return hash.hex
    }

    /// The digest of one file's bytes.
    static func digest(_ data: Data) -> String {
        var hash = FNV()
        hash.add(data)
        return hash.hex
    }

    /// 64-bit FNV-1a, as `ConfigurationStamp.digest(of:)`.
    private struct FNV {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ data: Data) {
            data.withUnsafeBytes { bytes in
                for byte in bytes {
                    hash ^= UInt64(byte)
                    hash = hash &* 0x0000_0100_0000_01b3
                }
            }
        }

        var hex: String {
            let text = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
    }

    /// Replaces the snapshot with `files`, read with the given stamps; the old one stays
    /// whole until the new one is complete on disk.
    public func write(_ files: [String: Data], stamps: String) throws(Failure) {
        let temporary = "\(path).tmp-\(getpid())"
        let header =
            "\(Self.magic) \(ConfigurationStamp.digest(of: stamps)) \(Self.contentsDigest(files)) \(files.count)\n"
        do {
            // On a first start the snapshot is saved before the database creates the
            // directory they share.
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            guard
                FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o640])
            else { throw Failure(description: "cannot create \(temporary)") }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(header.utf8))
            for (relative, data) in files.sorted(by: { $0.key < $1.key }) {
                try handle.write(contentsOf: Data("\(data.count) \(relative)\n".utf8))
                try handle.write(contentsOf: data)
                try handle.write(contentsOf: Data("\n".utf8))
            }
            try handle.synchronize()
        } catch {
            unlink(temporary)
            throw error as? Failure ?? Failure(description: "cannot write \(temporary): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            let problem = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot rename \(temporary) to \(path): \(problem)")
        }
        // The rename itself must reach the disk for the new snapshot to survive a power cut.
        let parent = (path as NSString).deletingLastPathComponent
        let directory = open(parent.isEmpty ? "." : parent, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// The snapshot's files, by path relative to the configuration directory, for
    /// `ConfigLoader(snapshotFiles:label:)`; checked against the digests of its first line.
    public func files() throws(Failure) -> [String: Data] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "no snapshot at \(path)")
        }
        return try Self.files(in: data)
    }

    /// The files of a snapshot, checked against its header.
    static func files(in data: Data) throws(Failure) -> [String: Data] {
        let bytes = [UInt8](data)
        var position = 0
        func line() throws(Failure) -> String {
            guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else {
                throw Failure(description: "the snapshot is cut short")
            }
            defer { position = end + 1 }
            return String(decoding: bytes[position..<end], as: UTF8.self)
        }
        guard let header = header(try line()) else { throw Failure(description: "not a configuration snapshot") }
        var files: [String: Data] = [:]
        while position < bytes.count {
            let entry = try line()
            guard let space = entry.firstIndex(of: " "), let length = Int(entry[..<space]), length >= 0,
                length <= bytes.count - position - 1, bytes[position + length] == UInt8(ascii: "\n")
            else { throw Failure(description: "the snapshot is damaged") }
            let relative = String(entry[entry.index(after: space)...])
            guard isConfigurationFile(relative) else {
                throw Failure(description: "the snapshot names an unexpected file")
            }
            files[relative] = Data(bytes[position..<position + length])
            position += length + 1
        }
        guard files.count == header.files, contentsDigest(files) == header.contentsDigest else {
            throw Failure(description: "the snapshot is damaged")
        }
        return files
    }

    /// Only the files a configuration directory holds: nothing outside it.
    private static func isConfigurationFile(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return ["roles.yaml", "policy.yaml", "integrity.yaml", "notify.yaml"].contains(parts[0])
        case 2:
            return ["catalog", "calendars", "branches"].contains(parts[0]) && !parts[1].isEmpty
                && !parts[1].hasPrefix(".")
        default: return false
        }
    }
}
