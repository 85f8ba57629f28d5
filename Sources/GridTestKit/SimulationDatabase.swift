import Foundation
import GridStore

/// A new simulation database at a path, as `gridctl migrate --simulation` makes one: the
/// only kind on which `gridd --now` and `gridctl --now` run, so the kind every test that
/// plays a fixed instant starts from.
public enum SimulationDatabase {
    /// Creates it at `path`, which must not exist yet; returns `path`.
    @discardableResult
    public static func create(at path: String) throws -> String {
        _ = try GridDatabase(path: path, mode: .command, simulation: true)
        return path
    }
}
