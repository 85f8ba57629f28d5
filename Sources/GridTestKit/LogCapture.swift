import InMemoryLogging
import Logging

/// Collects log events in memory, for tests of what the daemon logs: swift-log's own
/// `InMemoryLogHandler`, read back as plain strings. Never bootstraps the global logging
/// system: a test builds a `Logger` from `capture.logger(label:)`.
public final class LogCapture: Sendable {
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: [String: String]
    }

    /// Copies of the handler share one store, so every logger made here writes to it.
    private let handler: InMemoryLogHandler

    public init() {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        self.handler = handler
    }

    public var entries: [Entry] {
        handler.entries.map {
            Entry(level: $0.level, message: $0.message.description, metadata: $0.metadata.mapValues { "\($0)" })
        }
    }

    public func logger(label: String = "test") -> Logger {
        Logger(label: label) { [handler] _ in handler }
    }
}
