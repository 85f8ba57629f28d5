import Foundation
import GridCore
import Logging

#if canImport(Glibc)
    import Glibc
    // C's `stdout` is a mutable global to Swift, declared in the clang module under Glibc;
    // @preconcurrency on that module (not on Glibc, whose attribute depends on import
    // order) lets a @Sendable closure read it. glibc sets it before `main` and never
    // reassigns it, and the stream is locked around every use (`flockfile`).
    @preconcurrency import SwiftGlibc
#endif

/// A swift-log handler that writes one line per event to standard output and flushes it
/// at once (under systemd, stdout is a socket to journald and C stdio would otherwise
/// buffer whole blocks).
///
/// Two formats:
/// - ``Format/journal``: `<4>message key=value key="a value"`. journald turns the `<N>`
///   syslog prefix into the entry's `PRIORITY=` and stamps the time itself. Given a
///   ``JournalSocket``, the same entry goes to journald in its native protocol instead, with
///   `PRIORITY=`, `MESSAGE=` (the line without its prefix) and a field per metadata key.
/// - ``Format/terminal``: `2026-11-23 10:00:00 WARNING message key=value`, local time,
///   the level coloured when stdout is a terminal.
///
/// Metadata keys are sorted; a value is put in double quotes (with `"` and `\` escaped)
/// when it is empty or holds a space, a quote, a backslash, `=` or a control character.
/// Control characters are escaped as ``UntrustedText`` does, so newlines never reach the
/// output unescaped and an event is always exactly one line.
///
/// Lengths are capped, far below journald's `LineMax=` (48 KiB), at which it would cut a
/// line and read a `<N>` at the start of the rest as the priority of a second entry: the
/// message and each value at ``maximumValueBytes`` (a longer one is cut and ends with
/// `…[N more bytes]`, N counting the bytes left out), a key at ``maximumKeyBytes``, and
/// the whole line at ``maximumLineBytes`` (fields that would pass it are left out, and the
/// line ends with `…[N more fields]`). No value, however long, makes an entry gridd did
/// not write.
///
///     LoggingSystem.bootstrap { label in JournalLogHandler(label: label, format: .detect()) }
public struct JournalLogHandler: LogHandler {
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case journal, terminal

        /// `.journal` when systemd connected stdout to journald: `$JOURNAL_STREAM` is set
        /// and, as `systemd.exec(5)` advises, names the device and inode of the descriptor
        /// actually open as stdout (the variable is inherited by children whose stdout may
        /// have been redirected). `.terminal` otherwise.
        public static func detect(
            environment: [String: String] = ProcessInfo.processInfo.environment,
            standardOutput descriptor: Int32 = STDOUT_FILENO
        ) -> Format {
            guard let stream = environment["JOURNAL_STREAM"], !stream.isEmpty else { return .terminal }
            let parts = stream.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
                return .terminal
            }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { return .terminal }
            return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode ? .journal : .terminal
        }
    }

    public let label: String
    public let format: Format
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata
    public var metadataProvider: Logger.MetadataProvider?

    private let clock: @Sendable () -> Date
    private let timeZone: TimeZone?
    private let colors: Bool
    private let sink: @Sendable (String) -> Void
    private let journal: JournalSocket?

    /// - Parameters:
    ///   - format: the line format; ``Format/detect(environment:standardOutput:)`` by default.
    ///   - clock: the time stamped on terminal lines.
    ///   - timeZone: the zone of terminal time stamps; `nil` is the process's local time
    ///     (`localtime_r`, honouring `$TZ`).
    ///   - colors: colour the level on terminal lines; by default when stdout is a
    ///     terminal (`isatty(1)`) and `$NO_COLOR` is unset. Journal lines are never coloured.
    ///   - sink: receives each line without its newline; by default it is written to
    ///     stdout and flushed (``standardOutput``).
    ///   - journal: with the journal format, entries go to journald through this socket in
    ///     its native protocol, with a field per metadata key; to `sink` as a line when it
    ///     does not take one.
    public init(
        label: String,
        format: Format = .detect(),
        logLevel: Logger.Level = .info,
        metadata: Logger.Metadata = [:],
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        clock: @escaping @Sendable () -> Date = { Date() },
        timeZone: TimeZone? = nil,
        colors: Bool? = nil,
        sink: @escaping @Sendable (String) -> Void = JournalLogHandler.standardOutput,
        journal: JournalSocket? = nil
    ) {
        self.label = label
        self.format = format
        self.logLevel = logLevel
        self.metadata = metadata
        self.metadataProvider = metadataProvider
        self.clock = clock
        self.timeZone = timeZone
        self.colors =
            format == .terminal
            && (colors ?? (isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil))
        self.sink = sink
        self.journal = journal
    }

    /// Writes `line` and a newline to stdout under the stream's lock, then flushes.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        let out = stdout
        flockfile(out)
        fputs(line, out)
        fputc(0x0A, out)
        fflush(out)
        funlockfile(out)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let provided = metadataProvider?.get() ?? [:]
        var merged: Logger.Metadata
        if metadata.isEmpty, provided.isEmpty, let explicit = event.metadata {
            // The daemon's alert lines: nothing to merge, and copying twenty entries into a
            // new dictionary per line showed at hundreds of thousands of lines a pass.
            merged = explicit
        } else {
            merged = metadata
            if !provided.isEmpty { merged.merge(provided) { _, new in new } }
            if let explicit = event.metadata, !explicit.isEmpty { merged.merge(explicit) { _, new in new } }
        }
        if let error = event.error, merged["error"] == nil {
            merged["error"] = .string(String(describing: error))
        }
        if format == .journal, let journal {
            let fields = nativeFields(level: event.level, message: event.message.description, metadata: merged)
            if journal.send(fields) { return }
        }
        sink(render(level: event.level, message: event.message.description, metadata: merged))
    }

    /// The line for one event, without the newline.
    func render(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line: String
        switch format {
        case .journal:
            line = "<\(Self.syslogPriority(level))>"
        case .terminal:
            line = timestamp(clock()) + " "
            line += colors ? Self.colored(level) : Self.name(level)
            line += " "
        }
        appendBody(to: &line, message: message, metadata: metadata)
        return line
    }

    /// The message and the fields, after whatever `line` holds, within the line's cap.
    private func appendBody(to line: inout String, message: String, metadata: Logger.Metadata) {
        line += Self.escapeControls(message)
        let sorted = metadata.sorted(by: { $0.key < $1.key })
        for (index, (key, value)) in sorted.enumerated() {
            let field = " " + Self.sanitizedKey(key) + "=" + Self.formatValue(value.description)
            // Room is kept for the marker, so a line never passes the cap.
            if line.utf8.count + field.utf8.count > Self.maximumLineBytes - Self.fieldsMarkerRoom {
                line += " …[\(sorted.count - index) more fields]"
                break
            }
            line += field
        }
    }

    /// The fields of an entry in journald's native protocol: the priority, the identifier,
    /// `MESSAGE=` as a journal line reads without its `<N>`, and each metadata value, escaped
    /// and cut as in the line, as a field of its own (`owner.id` as `OWNER_ID`), as long as
    /// they fit in another line's length.
    func nativeFields(level: Logger.Level, message: String, metadata: Logger.Metadata) -> [(
        name: String, value: String
    )] {
        var text = ""
        appendBody(to: &text, message: message, metadata: metadata)
        var fields: [(name: String, value: String)] = [
            ("PRIORITY", String(Self.syslogPriority(level))), ("SYSLOG_IDENTIFIER", Self.escapeControls(label)),
            ("MESSAGE", text),
        ]
        var room = Self.maximumLineBytes
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            let field = (name: JournalSocket.fieldName(key), value: Self.escapeControls(value.description))
            room -= field.name.utf8.count + field.value.utf8.count + 2
            if room < 0 { break }
            fields.append(field)
        }
        return fields
    }

    /// The longest message or value written, in UTF-8 bytes after escaping.
    public static let maximumValueBytes = 1_024
    /// The longest key written, in UTF-8 bytes.
    public static let maximumKeyBytes = 128
    /// The longest line written, in UTF-8 bytes without the newline: a sixth of journald's
    /// default `LineMax=`.
    public static let maximumLineBytes = 8_192
    private static let fieldsMarkerRoom = 32

    // MARK: - Pieces

    /// The syslog priority journald reads from a `<N>` prefix.
    public static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The level whose lines journald files at `priority`: an alert's kind sets its syslog
    /// priority (`AlertKind.syslogPriority`), and the log line is written at this level.
    public static func level(syslogPriority priority: Int) -> Logger.Level {
        Logger.Level.allCases.first { syslogPriority($0) == priority && $0 != .trace } ?? .notice
    }

    static func name(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    static func colored(_ level: Logger.Level) -> String {
        let code =
            switch level {
            case .trace, .debug: "2"  // dim
            case .info: "32"  // green
            case .notice: "36"  // cyan
            case .warning: "33"  // yellow
            case .error: "31"  // red
            case .critical: "1;31"  // bold red
            }
        return "\u{1B}[\(code)m\(name(level))\u{1B}[0m"
    }

    /// A value as-is when it is a plain token, else double-quoted with `"` and `\` escaped;
    /// cut at ``maximumValueBytes``.
    static func formatValue(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty || value.utf8.count > maximumValueBytes
            || value.unicodeScalars.contains { $0 == "\\" || breaksToken($0) }
        guard needsQuotes else { return value }
        return "\"" + capped(value, quoting: true) + "\""
    }

    /// Newlines and other control characters as `\n`, `\r`, `\t`, `\x1b`: one event, one line,
    /// and no terminal escape sequences smuggled in through a message. Cut at
    /// ``maximumValueBytes``.
    static func escapeControls(_ text: String) -> String {
        guard text.utf8.count > maximumValueBytes || text.unicodeScalars.contains(where: UntrustedText.isControl)
        else { return text }
        return capped(text, quoting: false)
    }

    /// `text` escaped (and with `"` and `\` escaped too when `quoting`), at most
    /// ``maximumValueBytes`` long, and when cut ending with `…[N more bytes]`.
    private static func capped(_ text: String, quoting: Bool) -> String {
        func piece(_ scalar: Unicode.Scalar) -> String? {
            if quoting && scalar == "\"" { return "\\\"" }
            if quoting && scalar == "\\" { return "\\\\" }
            return UntrustedText.isControl(scalar) ? UntrustedText.escape(scalar) : nil
        }
        let escapedWidth = text.unicodeScalars.reduce(0) { $0 + (piece($1)?.utf8.count ?? UTF8.width($1)) }
        // A cut value keeps room for its marker, so that it is never longer than the cap.
        let room = escapedWidth <= maximumValueBytes ? maximumValueBytes : maximumValueBytes - cutMarkerRoom
        var result = ""
        var written = 0
        var consumed = 0
        for scalar in text.unicodeScalars {
            let escaped = piece(scalar)
            let width = escaped?.utf8.count ?? UTF8.width(scalar)
            if written + width > room { return result + "…[\(text.utf8.count - consumed) more bytes]" }
            if let escaped { result += escaped } else { result.unicodeScalars.append(scalar) }
            written += width
            consumed += UTF8.width(scalar)
        }
        return result
    }

    /// Room kept for `…[N more bytes]` in a value that is cut.
    private static let cutMarkerRoom = 40

    static func sanitizedKey(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        var key = key
        if key.utf8.count > maximumKeyBytes {
            var cut = ""
            for scalar in key.unicodeScalars {
                if cut.utf8.count + UTF8.width(scalar) > maximumKeyBytes { break }
                cut.unicodeScalars.append(scalar)
            }
            key = cut
        }
        guard key.unicodeScalars.contains(where: breaksToken) else { return key }
        return String(String.UnicodeScalarView(key.unicodeScalars.map { breaksToken($0) ? "_" : $0 }))
    }

    /// Whether a character cannot stand in a bare token: a quote, `=`, white space or a
    /// control character. ASCII is decided from the code point: the Unicode property lookup
    /// for every character of every key and value was the largest single cost of a morning's
    /// alert lines.
    private static func breaksToken(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v <= 0x20 || v == 0x7F || scalar == "\"" || scalar == "=" }
        return scalar.properties.isWhitespace || UntrustedText.isControl(scalar)
    }

    /// `YYYY-MM-DD HH:MM:SS` in `timeZone`, or in the process's local time.
    func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let year: Int
        let month: Int
        let day: Int
        let hour: Int
        let minute: Int
        let second: Int
        if let timeZone {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
            (year, month, day) = (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            (hour, minute, second) = (parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        } else {
            var time = time_t(seconds)
            var parts = tm()
            guard localtime_r(&time, &parts) != nil else { return "????-??-?? ??:??:??" }
            (year, month, day) = (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
            (hour, minute, second) = (Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
