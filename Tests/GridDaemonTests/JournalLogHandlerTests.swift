import Foundation
import GridCore
import GridDaemon
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Collects the lines a handler emits.
private final class Lines: Sendable {
    private let storage = Mutex<[String]>([])
    var all: [String] { storage.withLock { $0 } }
    var sink: @Sendable (String) -> Void { { line in self.storage.withLock { $0.append(line) } } }
}

/// 2026-11-23 02:00:00 UTC, which is 10:00:00 in Shanghai.
private let fixedInstant = Date(timeIntervalSince1970: 1_795_399_200)

private func logger(
    _ format: JournalLogHandler.Format, _ lines: Lines, level: Logger.Level = .trace, colors: Bool? = false
) -> Logger {
    var logger = Logger(label: "test") { label in
        JournalLogHandler(
            label: label, format: format, clock: { fixedInstant }, timeZone: TimeZone(identifier: "Asia/Shanghai"),
            colors: colors, sink: lines.sink)
    }
    logger.logLevel = level
    return logger
}

private struct Failure: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

@Suite("JournalLogHandler")
struct JournalLogHandlerTests {
    @Test(
        "Journal lines start with the syslog priority of their level",
        arguments: [
            (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
        ])
    func journalPriorities(level: Logger.Level, priority: Int) {
        let lines = Lines()
        logger(.journal, lines).log(level: level, "overdue item")
        #expect(lines.all == ["<\(priority)>overdue item"])
        #expect(JournalLogHandler.syslogPriority(level) == priority)
    }

    @Test(
        "Each alert kind is logged at the level whose journal priority is the kind's",
        arguments: AlertKind.allCases)
    func alertKindLevels(kind: AlertKind) {
        let level = JournalLogHandler.level(syslogPriority: kind.syslogPriority)
        #expect(JournalLogHandler.syslogPriority(level) == kind.syslogPriority)
    }

    @Test("Metadata keys are sorted and values with spaces, quotes or backslashes are quoted")
    func journalMetadataQuoting() {
        let lines = Lines()
        logger(.journal, lines).warning(
            "overdue",
            metadata: [
                "zeta": "1",
                "branch": "示例支行 营业部",
                "note": #"say "hi""#,
                "path": #"C:\tmp"#,
                "empty": "",
                "plain": "monthly-review",
            ])
        #expect(
            lines.all == [
                #"<4>overdue branch="示例支行 营业部" empty="" note="say \"hi\"" path="C:\\tmp" plain=monthly-review zeta=1"#
            ])
    }

    @Test("Keys that would break a field become underscores; full-width and no-break spaces still quote a value")
    func keysAndUnicodeSpaces() {
        let lines = Lines()
        logger(.journal, lines).notice(
            "x",
            metadata: [
                "a=b": "1", "c d": "2", "e\u{7F}f": "3", "grid\u{3000}leader": "4",
                "ideographic": "支行\u{3000}营业部", "nbsp": "a\u{A0}b", "tab": "a\tb", "cjk": "营业部",
            ])
        #expect(
            lines.all == [
                #"<5>x a_b=1 c_d=2 cjk=营业部 e_f=3 grid_leader=4 ideographic="支行\#u{3000}营业部" nbsp="a\#u{A0}b" tab="a\tb""#
            ])
    }

    @Test("Handler metadata and per-call metadata merge, and the call wins")
    func metadataMerging() {
        let lines = Lines()
        var log = logger(.journal, lines)
        log[metadataKey: "branch"] = "example"
        log[metadataKey: "duty"] = "from-handler"
        log.info("pass done", metadata: ["duty": "from-call", "items": "3"])
        log.info("second")
        #expect(
            lines.all == [
                "<6>pass done branch=example duty=from-call items=3", "<6>second branch=example duty=from-handler",
            ])
    }

    @Test("A metadata provider sits between handler and call metadata")
    func metadataProvider() {
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["pass": "7", "duty": "provided"] }
        var log = Logger(label: "t") { label in
            JournalLogHandler(label: label, format: .journal, metadataProvider: provider, sink: lines.sink)
        }
        log[metadataKey: "pass"] = "handler"
        log.notice("x", metadata: ["duty": "call"])
        #expect(lines.all == ["<5>x duty=call pass=7"])
    }

    @Test("Newlines and escape characters never break an event into several lines")
    func oneLinePerEvent() {
        let lines = Lines()
        logger(.journal, lines).error("line one\nline two\u{1B}[31m", metadata: ["detail": "a\nb"])
        #expect(lines.all == [#"<3>line one\nline two\x1b[31m detail="a\nb""#])
    }

    @Test("Bidirectional overrides and C1 controls are escaped like the other control characters")
    func bidiAndC1() {
        let lines = Lines()
        logger(.journal, lines).warning(
            "x", metadata: ["name": "林\u{202E}华", "c1": "a\u{85}b", "isolate": "\u{2066}x"])
        #expect(lines.all == [#"<4>x c1="a\x85b" isolate="\u{2066}x" name="林\u{202e}华""#])
    }

    @Test("A value of journald's line length is cut, so the event stays one entry at the priority it was logged at")
    func longValueIsCut() {
        // Given a title that journald, cutting at LineMax=48K, would turn into entries at
        // PRIORITY=0 (emergency) beginning "FORGED"
        let hostile = String(repeating: "<0>", count: 20_000) + "FORGED"
        let lines = Lines()
        // When it is logged as a value and as the message
        logger(.journal, lines).warning("duty overdue", metadata: ["duty.title": "\(hostile)", "owner.id": "zhou.min"])
        logger(.journal, lines).notice("\(hostile)")
        // Then each is one line well under the limit, starting with the priority chosen,
        // its other fields intact and the cut marked with what was left out
        #expect(lines.all.count == 2)
        for line in lines.all {
            #expect(line.utf8.count <= JournalLogHandler.maximumLineBytes)
            #expect(!line.contains("\n") && !line.contains("FORGED"))
        }
        #expect(lines.all[0].hasPrefix(#"<4>duty overdue duty.title="<0><0>"#))
        #expect(lines.all[0].hasSuffix(#"<0>…[59022 more bytes]" owner.id=zhou.min"#))
        let value = lines.all[0].split(separator: " ")[2]
        #expect(value.utf8.count <= JournalLogHandler.maximumValueBytes + "duty.title=\"\"".utf8.count)
        #expect(lines.all[1].hasPrefix("<5><0><0>"))
        #expect(lines.all[1].utf8.count <= JournalLogHandler.maximumValueBytes + 3)
    }

    @Test("A value at the cap is kept whole, one byte more is cut at a character boundary")
    func capBoundary() {
        let lines = Lines()
        let exact = String(repeating: "a", count: JournalLogHandler.maximumValueBytes)
        let chinese = String(repeating: "格", count: 400)  // 1,200 bytes
        logger(.journal, lines).info("x", metadata: ["v": "\(exact)"])
        logger(.journal, lines).info("x", metadata: ["v": "\(exact)b"])
        logger(.journal, lines).info("x", metadata: ["v": "\(chinese)"])
        #expect(lines.all[0] == "<6>x v=\(exact)")
        #expect(lines.all[1].hasSuffix(#"a…[41 more bytes]""#))
        #expect(lines.all[2].hasSuffix(#"格…[\#(1_200 - 328 * 3) more bytes]""#))
        #expect(lines.all.allSatisfy { $0.utf8.count <= JournalLogHandler.maximumValueBytes + 10 })
    }

    @Test("Fields that would make a line longer than its cap are left out, and the line says how many")
    func lineCap() {
        let lines = Lines()
        var metadata: Logger.Metadata = [:]
        for i in 0..<20 { metadata["k\(i < 10 ? "0" : "")\(i)"] = "\(String(repeating: "x", count: 1_000))" }
        logger(.journal, lines).error("many", metadata: metadata)
        let line = lines.all[0]
        #expect(line.utf8.count <= JournalLogHandler.maximumLineBytes)
        #expect(line.hasPrefix("<3>many k00=x"))
        #expect(line.hasSuffix(" …[12 more fields]"))
    }

    @Test("An error passed to the logger appears as error=")
    func errorField() {
        let lines = Lines()
        logger(.journal, lines).error("reload failed", error: Failure())
        #expect(lines.all == [#"<3>reload failed error="disk on fire""#])
    }

    @Test("The logger's level filters events before the handler")
    func levelFiltering() {
        let lines = Lines()
        let log = logger(.journal, lines, level: .info)
        log.debug("hidden")
        log.info("shown")
        #expect(lines.all == ["<6>shown"])
    }

    @Test("Terminal lines carry the local time, the level name and no escape codes when colours are off")
    func terminalFormat() {
        let lines = Lines()
        let log = logger(.terminal, lines, colors: false)
        log.warning("overdue", metadata: ["duty": "weekly check", "days": "2"])
        log.critical("stop")
        #expect(
            lines.all == [
                #"2026-11-23 10:00:00 WARNING overdue days=2 duty="weekly check""#, "2026-11-23 10:00:00 CRITICAL stop",
            ])
        #expect(!lines.all.joined().contains("\u{1B}"))
    }

    @Test("Terminal lines colour the level when colours are on; journal lines never")
    func colours() {
        let lines = Lines()
        logger(.terminal, lines, colors: true).error("bad")
        logger(.journal, lines, colors: true).error("bad")
        #expect(lines.all == ["2026-11-23 10:00:00 \u{1B}[31mERROR\u{1B}[0m bad", "<3>bad"])
    }

    @Test("When stdout is not a terminal the default is no colour", .enabled(if: isatty(STDOUT_FILENO) == 0))
    func noColourWithoutTTY() {
        let lines = Lines()
        logger(.terminal, lines, colors: nil).warning("plain")
        #expect(lines.all == ["2026-11-23 10:00:00 WARNING plain"])
    }

    @Test("Without a time zone the stamp is the process's local time")
    func localTime() throws {
        let lines = Lines()
        let log = Logger(label: "t") { label in
            JournalLogHandler(label: label, format: .terminal, clock: { fixedInstant }, colors: false, sink: lines.sink)
        }
        log.info("now")
        var time = time_t(1_795_399_200)
        var parts = tm()
        _ = localtime_r(&time, &parts)
        let expected = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d INFO now", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
        #expect(lines.all == [expected])
    }

    @Test("The format is journal only when JOURNAL_STREAM names the descriptor used as stdout")
    func detection() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gridd-journal-\(getpid())").path
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer {
            close(fd)
            unlink(path)
        }
        var info = stat()
        try #require(fstat(fd, &info) == 0)
        let stream = "\(info.st_dev):\(info.st_ino)"
        #expect(
            JournalLogHandler.Format.detect(environment: ["JOURNAL_STREAM": stream], standardOutput: fd) == .journal)
        #expect(JournalLogHandler.Format.detect(environment: [:], standardOutput: fd) == .terminal)
        #expect(
            JournalLogHandler.Format.detect(
                environment: ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino + 1)"], standardOutput: fd)
                == .terminal)
        #expect(
            JournalLogHandler.Format.detect(environment: ["JOURNAL_STREAM": "garbage"], standardOutput: fd) == .terminal
        )
    }
}
