import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bound `AF_UNIX` datagram socket standing in for systemd's notification socket.
final class NotifySocket {
    let fd: Int32
    /// What goes into `$NOTIFY_SOCKET`: the path, or `@name` for the abstract namespace.
    let address: String
    private let directory: String?

    /// Binds a socket file in a fresh temporary directory, or a unique name in the
    /// abstract namespace.
    init(abstract: Bool = false) throws {
        if abstract {
            let name = "gridd-test-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            directory = nil
            address = "@" + name
            fd = try Self.bind([0] + Array(name.utf8))
        } else {
            let template = FileManager.default.temporaryDirectory.appendingPathComponent("gridd-notify-XXXXXX").path
            var buffer = Array(template.utf8CString)
            guard mkdtemp(&buffer) != nil else { throw POSIXError(.EIO) }
            let dir = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            directory = dir
            address = dir + "/notify"
            fd = try Self.bind(Array(address.utf8))
        }
    }

    deinit {
        close(fd)
        if let directory {
            unlink(directory + "/notify")
            rmdir(directory)
        }
    }

    var environment: [String: String] { ["NOTIFY_SOCKET": address] }

    /// The next datagram, or `nil` when none arrives within `timeout` milliseconds.
    func receive(timeout: Int32 = 2_000) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeout) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    private static func bind(_ name: [UInt8]) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: name) }
        let isAbstract = name.first == 0
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (isAbstract ? 0 : 1)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(length)) }
        }
        guard rc == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return fd
    }
}

extension NotifySocket {
    /// Every datagram that arrives until none has for `quiet` milliseconds.
    func drain(quiet: Int32 = 200) -> [String] {
        var received: [String] = []
        while let message = receive(timeout: quiet) { received.append(message) }
        return received
    }
}
