import Foundation
import GridDaemon
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}

@Suite("SystemdNotifier")
struct SystemdNotifierTests {
    @Test("READY=1 with a status arrives as one datagram on a socket file")
    func readyOnPathSocket() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: socket.environment)
        #expect(notifier.isEnabled)
        #expect(notifier.ready(status: "3 overdue"))
        #expect(socket.receive() == "READY=1\nSTATUS=3 overdue")
        #expect(socket.receive(timeout: 50) == nil)
    }

    @Test("A leading @ reaches a socket in the abstract namespace")
    func abstractSocket() throws {
        let socket = try NotifySocket(abstract: true)
        let notifier = SystemdNotifier(environment: socket.environment)
        #expect(notifier.ready())
        #expect(socket.receive() == "READY=1")
        notifier.notify("FDSTORE=0")
        #expect(socket.receive() == "FDSTORE=0")
    }

    @Test("Each convenience sends exactly its assignments")
    func conveniences() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: socket.environment)
        notifier.status("idle")
        #expect(socket.receive() == "STATUS=idle")
        notifier.status("two\nlines")
        #expect(socket.receive() == "STATUS=two lines")
        notifier.stopping()
        #expect(socket.receive() == "STOPPING=1")
        notifier.watchdog()
        #expect(socket.receive() == "WATCHDOG=1")
        notifier.extendTimeout(by: .milliseconds(2_500))
        #expect(socket.receive() == "EXTEND_TIMEOUT_USEC=2500000")
    }

    @Test("A pass's heartbeat feeds the watchdog, extends the start timeout until ready, and is throttled")
    func heartbeat() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: socket.environment)
        let eager = Heartbeat(notifier: notifier, clock: ContinuousClock(), every: .zero)
        eager.beat()
        #expect(socket.receive() == "WATCHDOG=1\nEXTEND_TIMEOUT_USEC=30000000")
        eager.started()
        eager.beat()
        #expect(socket.receive() == "WATCHDOG=1")

        let throttled = Heartbeat(notifier: notifier, clock: ContinuousClock(), every: .seconds(60))
        throttled.beat()
        throttled.beat()
        #expect(socket.receive() != nil)
        #expect(socket.receive(timeout: 200) == nil)
    }

    @Test("RELOADING=1 carries the current CLOCK_MONOTONIC time in microseconds")
    func reloadingCarriesMonotonicTime() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: socket.environment)
        let before = monotonicMicroseconds()
        notifier.reloading()
        let after = monotonicMicroseconds()
        let message = try #require(socket.receive())
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2)
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(
            lines.last.flatMap { line in
                line.hasPrefix("MONOTONIC_USEC=") ? UInt64(line.dropFirst("MONOTONIC_USEC=".count)) : nil
            })
        #expect(stamp >= before && stamp <= after)
    }

    @Test("Without NOTIFY_SOCKET nothing is sent and nothing fails")
    func disabledWithoutSocket() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(!notifier.ready(status: "x"))
        #expect(!notifier.reloading())
        #expect(!notifier.stopping())
        #expect(!notifier.watchdog())
        #expect(notifier.watchdogInterval == nil)
    }

    @Test("An empty or relative NOTIFY_SOCKET is ignored, as libsystemd does")
    func unusableAddresses() {
        for value in ["", "@", "relative/notify", "notify"] {
            #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": value]).isEnabled, "\(value)")
        }
    }

    @Test("A socket that is gone, or a path too long, fails quietly")
    func sendFailuresAreSilent() {
        let missing = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/gridd-\(getpid())/notify"])
        #expect(missing.isEnabled)
        #expect(!missing.ready())
        let long = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)])
        #expect(!long.watchdog())
        let abstract = SystemdNotifier(environment: ["NOTIFY_SOCKET": "@gridd-nobody-listens-\(getpid())"])
        #expect(!abstract.stopping())
    }

    @Test("The notifier is usable from concurrent tasks")
    func concurrentSends() async throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: socket.environment)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { notifier.watchdog() } }
        }
        var received = 0
        while socket.receive(timeout: 200) == "WATCHDOG=1" { received += 1 }
        #expect(received == 8)
    }

    @Test("WATCHDOG_USEC gives the watchdog interval")
    func watchdogInterval() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000"]).watchdogInterval == .seconds(60))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "1500"]).watchdogInterval == .microseconds(1500))
    }

    @Test("WATCHDOG_PID must name this process, and a bad WATCHDOG_USEC means no watchdog")
    func watchdogIntervalRejections() {
        let me = String(getpid())
        let mine = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": me])
        #expect(mine.watchdogInterval == .seconds(30))
        let other = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": String(getpid() + 1)])
        #expect(other.watchdogInterval == nil)
        for bad in ["0", "-5", "soon", ""] {
            #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": bad]).watchdogInterval == nil, "\(bad)")
        }
    }
}
