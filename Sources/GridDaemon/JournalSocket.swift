import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// journald's native protocol, without libsystemd: one datagram per entry, sent to
/// `/run/systemd/journal/socket`, made of `FIELD=value` lines (`systemd.journal-fields(7)`;
/// the protocol is documented at systemd.io/JOURNAL_NATIVE_PROTOCOL).
///
/// Each field is its own: journald parses no prefix and cuts no line, so no value can make
/// an entry or a priority, and `journalctl OWNER_ID=zhou.min` matches exactly what a
/// `-g 'owner.id=…'` regex only approximates. A value holding a newline is sent in the
/// protocol's binary form (name, newline, 64-bit little-endian length, bytes, newline).
public final class JournalSocket: Sendable {
    /// Where journald listens for native entries.
    public static let defaultPath = "/run/systemd/journal/socket"

    let path: String
    private let descriptor: Int32

    /// A socket to journald at `path`, or `nil` when nothing is there to receive.
    public init?(path: String = JournalSocket.defaultPath) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK,
            path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        else { return nil }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Sends one entry. - Returns: whether journald took the whole datagram; when not, the
    /// caller writes the entry another way.
    public func send(_ fields: [(name: String, value: String)]) -> Bool {
        var datagram: [UInt8] = []
        if !fields.contains(where: { $0.value.utf8.contains(0x0A) }) {
            // The usual entry, every value on one line: built as text, copied once.
            var text = ""
            text.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
            for (name, value) in fields {
                text += name
                text += "="
                text += value
                text += "\n"
            }
            datagram = Array(text.utf8)
        } else {
            datagram = binary(fields)
        }
        return send(datagram)
    }

    /// The entry with every value in the protocol's binary form that holds a newline.
    private func binary(_ fields: [(name: String, value: String)]) -> [UInt8] {
        var datagram: [UInt8] = []
        for (name, value) in fields {
            datagram += name.utf8
            if value.utf8.contains(0x0A) {
                datagram.append(0x0A)
                var length = UInt64(value.utf8.count).littleEndian
                withUnsafeBytes(of: &length) { datagram += $0 }
                datagram += value.utf8
            } else {
                datagram.append(UInt8(ascii: "="))
                datagram += value.utf8
            }
            datagram.append(0x0A)
        }
        return datagram
    }

    private func send(_ datagram: [UInt8]) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            raw.copyBytes(from: Array(path.utf8))
        }
        let length = (MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2) + path.utf8.count + 1
        while true {
            let sent = datagram.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                        sendto(
                            descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress,
                            socklen_t(length))
                    }
                }
            }
            if sent < 0 && errno == EINTR { continue }
            return sent == datagram.count
        }
    }

    /// A journal field name for a metadata key: upper case, every character other than a
    /// letter or digit as `_`, at most 64 characters, and `GRIDD_` before a name journald
    /// keeps for itself (`MESSAGE`, `PRIORITY`, `CODE_LINE` …) or that could not start one.
    public static func fieldName(_ key: String) -> String {
        // The keys are the same few on every line of a pass of hundreds of thousands.
        if let known = knownNames.withLock({ $0[key] }) { return known }
        let name = makeFieldName(key)
        knownNames.withLock { names in
            if names.count < 1_024 { names[key] = name }
        }
        return name
    }

    private static let knownNames = Mutex<[String: String]>([:])

    private static func makeFieldName(_ key: String) -> String {
        var name = String(
            String.UnicodeScalarView(
                key.unicodeScalars.map { scalar -> Unicode.Scalar in
                    switch scalar.value {
                    case 0x30...0x39, 0x41...0x5A: scalar
                    case 0x61...0x7A: Unicode.Scalar(scalar.value - 0x20)!
                    default: "_"
                    }
                }))
        if name.isEmpty || name.first == "_" || name.first!.isNumber || reserved.contains(name)
            || name.hasPrefix("COREDUMP")
        {
            name = "GRIDD_" + name
        }
        return String(name.prefix(64))
    }

    private static let reserved: Set<String> = [
        "MESSAGE", "MESSAGE_ID", "PRIORITY", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "ERRNO", "INVOCATION_ID",
        "USER_INVOCATION_ID", "SYSLOG_FACILITY", "SYSLOG_IDENTIFIER", "SYSLOG_PID", "SYSLOG_TIMESTAMP", "SYSLOG_RAW",
        "DOCUMENTATION", "TID", "UNIT", "USER_UNIT", "OBJECT_PID",
    ]
}
