import Foundation
import Synchronization

/// A simulation database is marked in everything a command prints about it: one line on
/// stderr per command, and `"simulation": true` in a JSON document's top-level object.
enum Simulation {
    private static let announced = Mutex<Set<String>>([])

    /// Says once per command and file that the file is a simulation.
    static func announce(_ path: String) {
        let first = announced.withLock { $0.insert(path).inserted }
        guard first else { return }
        Output.standardError("gridctl: \(path) is a simulation database; nothing in it is a record of real work")
    }

    /// Whether this command opened a simulation database.
    static var opened: Bool { announced.withLock { !$0.isEmpty } }
}
