import Foundation

/// A fresh directory under the system's temporary folder, removed when the value is
/// released. Tests that touch files get their own, so they can run in parallel.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ prefix: String = "gridduty") {
        let base = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    public func file(_ relative: String) -> String { "\(path)/\(relative)" }

    /// Writes `text` to a file inside, creating folders as needed.
    public func write(_ relative: String, _ text: String) throws {
        let target = file(relative)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: target, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
