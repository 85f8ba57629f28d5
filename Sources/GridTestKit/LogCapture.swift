import Foundation
import Logging

/// Collects log events in memory, for tests of what the daemon logs. Never bootstraps the
/// global logging system: a test builds a `Logger` from `capture.logger(label:)`.
public final class LogCapture: @unchecked Sendable {
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: [String: String]
    }

    private let lock = NSLock()
    private var _entries: [Entry] = []

    public init() {}

    public var entries: [Entry] { lock.withLock { _entries } }

    public func logger(label: String = "test") -> Logger {
        Logger(label: label) { _ in Handler(capture: self) }
    }

    func append(_ entry: Entry) {
        lock.withLock { _entries.append(entry) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let extra = event.metadata { merged.merge(extra) { _, new in new } }
            capture.append(
                Entry(
                    level: event.level, message: event.message.description,
                    metadata: merged.mapValues { "\($0)" }))
        }
    }
}
