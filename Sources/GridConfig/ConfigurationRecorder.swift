import Foundation
import Synchronization

/// The bytes of every file a `ConfigLoader` parsed, by path relative to the configuration
/// directory. Branch files are read on every core, hence the lock.
public final class ConfigurationRecorder: Sendable {
    private let recorded = Mutex<[String: Data]>([:])

    public init() {}

    func record(_ relative: String, _ data: Data) {
        recorded.withLock { $0[relative] = data }
    }

    /// What was recorded so far.
    public var files: [String: Data] { recorded.withLock { $0 } }
}
