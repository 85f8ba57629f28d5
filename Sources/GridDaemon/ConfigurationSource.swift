import Foundation
import GridConfig
import GridCore
import Logging

/// The configuration the daemon runs on, and the reload rule: a new configuration replaces
/// the current one only if it loads without a single error. Otherwise every problem is
/// logged with its file and line, and the daemon keeps the last good one.
public final class ConfigurationSource: @unchecked Sendable {
    public enum ReloadResult: Sendable {
        case unchanged
        case reloaded(Configuration)
        case rejected(ConfigError)
    }

    private let loader: ConfigLoader
    private let logger: Logger
    private let lock = NSLock()
    private var _current: Configuration
    private var fingerprint: String

    /// Loads the initial configuration; throws if it is invalid (there is no last good one).
    public convenience init(directory: String, logger: Logger) throws(ConfigError) {
        try self.init(Self.read(directory: directory), logger: logger)
    }

    /// Starts from a configuration read before logging was set up: the daemon needs the
    /// first branch's zone to set up logging, and reading a bank's files twice costs seconds.
    /// Throws the read's error if it failed (there is no last good one).
    public init(_ initial: InitialRead, logger: Logger) throws(ConfigError) {
        self.loader = initial.loader
        self.logger = logger
        self.fingerprint = initial.fingerprint
        self._current = try initial.result.get()
        if _current.branches.isEmpty {
            logger.warning(
                "no branch is configured: nothing will be raised",
                metadata: [
                    "config.directory": "\(loader.directory)",
                    "hint":
                        "copy a branch file into \(loader.directory)/branches/ (an example is in /usr/share/doc/gridduty/examples/), edit it, then systemctl reload gridd",
                ])
        }
    }

    /// A first read of the files, with the fingerprint taken before it: an edit made while
    /// they were being read shows as a change on the next look.
    public struct InitialRead: Sendable {
        public let loader: ConfigLoader
        public let fingerprint: String
        public let result: Result<Configuration, ConfigError>
    }

    /// With no branch file at all (a package just installed, before its operator adds the
    /// first branch) the read succeeds with no branch: the daemon starts idle and says so,
    /// rather than failing and being restarted in a loop. A reload then needs a branch.
    public static func read(directory: String) -> InitialRead {
        let loader = ConfigLoader(directory: directory)
        let fingerprint = loader.fingerprint()
        let branchFiles: [String]? = loader.branchFileNames().isEmpty ? [] : nil
        return InitialRead(
            loader: loader, fingerprint: fingerprint,
            result: Result { () throws(ConfigError) in try loader.load(branchFiles: branchFiles) })
    }

    public var current: Configuration {
        lock.withLock { _current }
    }

    /// Re-reads the files when forced (SIGHUP) or when they changed on disk.
    public func reload(force: Bool) -> ReloadResult {
        let fresh = loader.fingerprint()
        let changed = lock.withLock { fresh != fingerprint }
        guard force || changed else { return .unchanged }
        lock.withLock { fingerprint = fresh }
        do {
            let configuration = try loader.load()
            lock.withLock { _current = configuration }
            logger.notice(
                "configuration reloaded",
                metadata: [
                    "config.directory": "\(loader.directory)", "duties": "\(configuration.catalog.activeDuties.count)",
                    "branches": "\(configuration.branches.count)",
                ])
            return .reloaded(configuration)
        } catch {
            for issue in error.issues {
                logger.error(
                    "configuration rejected",
                    metadata: [
                        "file": "\(issue.file)", "line": "\(issue.line)", "field": "\(issue.field)",
                        "problem": "\(issue.message)",
                    ])
            }
            logger.error(
                "configuration rejected; running on the last good one",
                metadata: ["config.directory": "\(loader.directory)", "errors": "\(error.issues.count)"])
            return .rejected(error)
        }
    }
}
