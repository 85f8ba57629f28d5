import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's side of systemd's notification protocol (`sd_notify(3)`), without libsystemd.
///
/// Each message is one datagram of newline-separated `KEY=VALUE` assignments sent to the
/// `AF_UNIX` socket named by `$NOTIFY_SOCKET`: a filesystem path, or, with a leading `@`,
/// a name in the abstract namespace. When the daemon does not run under systemd (no
/// `$NOTIFY_SOCKET`) every call does nothing, and a failure to send is ignored: a lost
/// notification must never take the daemon down.
///
/// With `NotifyAccess=main` systemd accepts messages only from the main process; every
/// thread of this process qualifies, so call it from anywhere.
public struct SystemdNotifier: Sendable {
    /// The raw socket address: a path, or `@name` for the abstract namespace. `nil` when
    /// `$NOTIFY_SOCKET` is unset, empty, or neither absolute nor abstract.
    public let socketAddress: String?

    /// How often systemd expects `WATCHDOG=1` (`WatchdogSec=` of the unit), or `nil` when
    /// the watchdog is off or meant for another process (`$WATCHDOG_PID`).
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let raw = environment["NOTIFY_SOCKET"], raw.count > 1, raw.hasPrefix("/") || raw.hasPrefix("@") {
            socketAddress = raw
        } else {
            socketAddress = nil
        }
        watchdogInterval = Self.parseWatchdog(environment)
    }

    /// Whether notifications go anywhere.
    public var isEnabled: Bool { socketAddress != nil }

    /// Sends `state` (for example `"READY=1\nSTATUS=running"`) as one datagram.
    /// - Returns: whether the whole datagram was sent; callers may ignore it.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard let address = socketAddress, !state.isEmpty else { return false }
        return Self.send(Array(state.utf8), to: address)
    }

    /// Start-up is complete (`READY=1`), optionally with a status line; also ends a reload.
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        notify(Self.join("READY=1", status.map(Self.statusAssignment)))
    }

    /// A free-form status line shown by `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Bool {
        notify(Self.statusAssignment(text))
    }

    /// A reload has begun. systemd ≥ 253 (`Type=notify-reload`) wants the monotonic time
    /// of the request alongside; older versions ignore it. Send ``ready(status:)`` when done.
    @discardableResult
    public func reloading() -> Bool {
        notify("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())")
    }

    /// The daemon is shutting down.
    @discardableResult
    public func stopping() -> Bool {
        notify("STOPPING=1")
    }

    /// Still starting and making progress: systemd waits `duration` more before the start
    /// timeout applies. A bank's first pass can outlast `TimeoutStartSec=`.
    @discardableResult
    public func extendTimeout(by duration: Duration) -> Bool {
        let (seconds, attoseconds) = duration.components
        return notify("EXTEND_TIMEOUT_USEC=\(max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000))")
    }

    /// Keep-alive for `WatchdogSec=`; send at least every half ``watchdogInterval``.
    @discardableResult
    public func watchdog() -> Bool {
        notify("WATCHDOG=1")
    }

    // MARK: - Internals

    /// `STATUS=` takes one line: newlines would start a new assignment.
    static func statusAssignment(_ text: String) -> String {
        "STATUS=" + text.map { $0.isNewline ? " " : String($0) }.joined()
    }

    private static func join(_ first: String, _ second: String?) -> String {
        guard let second else { return first }
        return first + "\n" + second
    }

    static func parseWatchdog(_ environment: [String: String]) -> Duration? {
        guard let raw = environment["WATCHDOG_USEC"], let usec = Int64(raw), usec > 0 else { return nil }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = Int32(pidText), pid == getpid() else { return nil }
        }
        return .microseconds(usec)
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        guard clock_gettime(CLOCK_MONOTONIC, &now) == 0 else { return 0 }
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// One `sendto` on a fresh close-on-exec datagram socket, as libsystemd does.
    private static func send(_ payload: [UInt8], to address: String) -> Bool {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        var name = Array(address.utf8)
        let length: Int
        if name.first == UInt8(ascii: "@") {
            // Abstract namespace: a leading NUL and no terminator; the length says where it ends.
            name[0] = 0
            guard name.count <= capacity else { return false }
            length = pathOffset + name.count
        } else {
            guard name.count < capacity, !name.contains(0) else { return false }
            length = pathOffset + name.count + 1
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            raw.copyBytes(from: name)
        }

        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        while true {
            let sent = payload.withUnsafeBytes { bytes in
                withUnsafePointer(to: &addr) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                        sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), sa, socklen_t(length))
                    }
                }
            }
            if sent < 0 && errno == EINTR { continue }
            return sent == payload.count
        }
    }
}
