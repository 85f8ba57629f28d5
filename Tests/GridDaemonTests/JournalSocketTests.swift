import Foundation
import GridDaemon
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Entries in journald's native protocol, received on a socket standing in for journald's.
@Suite("Logging through journald's native protocol")
struct JournalSocketTests {
    /// Collects the lines written when the socket does not take an entry.
    final class Lines: Sendable {
        private let storage = Mutex<[String]>([])
        var all: [String] { storage.withLock { $0 } }
        var sink: @Sendable (String) -> Void { { line in self.storage.withLock { $0.append(line) } } }
    }

    static func logger(_ socket: JournalSocket?, _ lines: Lines) -> Logger {
        Logger(label: "gridd") { label in
            JournalLogHandler(label: label, format: .journal, sink: lines.sink, journal: socket)
        }
    }

    /// The next datagram, parsed into its fields (in the simple `NAME=value` form).
    static func receive(_ receiver: NotifySocket) -> [String: String]? {
        var poller = pollfd(fd: receiver.fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 2_000) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(receiver.fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        var fields: [String: String] = [:]
        for line in buffer[..<count].split(separator: 0x0A) {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            fields[String(decoding: line[..<equals], as: UTF8.self)] = String(
                decoding: line[(equals + 1)...], as: UTF8.self)
        }
        return fields
    }

    @Test("An alert is one entry with its priority, the line as MESSAGE, and a field per value")
    func alertEntry() throws {
        // Given journald's socket
        let receiver = try NotifySocket()
        let socket = try #require(JournalSocket(path: receiver.address))
        let lines = Lines()

        // When an alert is logged
        Self.logger(socket, lines).warning(
            "duty overdue",
            metadata: ["alert.id": "191", "owner.id": "zhou.min", "owner.name": "周敏 owner.id=lin.zhenhua"])

        // Then journald gets one entry whose fields match exactly, and nothing is printed
        let fields = try #require(Self.receive(receiver))
        #expect(fields["PRIORITY"] == "4")
        #expect(fields["SYSLOG_IDENTIFIER"] == "gridd")
        #expect(
            fields["MESSAGE"] == #"duty overdue alert.id=191 owner.id=zhou.min owner.name="周敏 owner.id=lin.zhenhua""#)
        #expect(fields["ALERT_ID"] == "191")
        #expect(fields["OWNER_ID"] == "zhou.min")
        #expect(fields["OWNER_NAME"] == "周敏 owner.id=lin.zhenhua")
        #expect(lines.all.isEmpty)
    }

    @Test("Hostile values stay in their field: escaped, cut, and no newline that could start another")
    func hostileValues() throws {
        let receiver = try NotifySocket()
        let socket = try #require(JournalSocket(path: receiver.address))
        let hostile = String(repeating: "<0>", count: 20_000) + "FORGED"

        Self.logger(socket, Lines()).error(
            "duty overdue", metadata: ["duty.title": "\(hostile)", "owner.name": "x\nPRIORITY=0\n\u{1B}[2J"])

        let fields = try #require(Self.receive(receiver))
        #expect(fields["PRIORITY"] == "3")
        #expect(fields["OWNER_NAME"] == #"x\nPRIORITY=0\n\x1b[2J"#)
        let title = try #require(fields["DUTY_TITLE"])
        #expect(title.utf8.count <= JournalLogHandler.maximumValueBytes && title.hasSuffix(" more bytes]"))
        #expect(fields.values.allSatisfy { !$0.contains("FORGED") })
    }

    @Test("Metadata keys become field names journald accepts, never one of its own")
    func fieldNames() {
        #expect(JournalSocket.fieldName("alert.id") == "ALERT_ID")
        #expect(JournalSocket.fieldName("catch_up.from") == "CATCH_UP_FROM")
        #expect(JournalSocket.fieldName("message") == "GRIDD_MESSAGE")
        #expect(JournalSocket.fieldName("priority") == "GRIDD_PRIORITY")
        #expect(JournalSocket.fieldName("_pid") == "GRIDD__PID")
        #expect(JournalSocket.fieldName("9lives") == "GRIDD_9LIVES")
        #expect(JournalSocket.fieldName("林") == "GRIDD__")
        #expect(JournalSocket.fieldName(String(repeating: "a", count: 100)).count == 64)
    }

    @Test("When journald does not take an entry, it is written as a line with its priority prefix")
    func fallback() throws {
        // Given a socket whose receiver has gone
        var receiver: NotifySocket? = try NotifySocket()
        let socket = try #require(JournalSocket(path: receiver!.address))
        receiver = nil
        let lines = Lines()

        // When an alert is logged
        Self.logger(socket, lines).warning("duty overdue", metadata: ["owner.id": "zhou.min"])

        // Then it is the stdout line
        #expect(lines.all == ["<4>duty overdue owner.id=zhou.min"])
    }

    @Test("There is no socket to send to where nothing listens")
    func noSocket() {
        #expect(JournalSocket(path: "/nonexistent/journal/socket") == nil)
        #expect(JournalSocket(path: NSTemporaryDirectory()) == nil)
    }
}
