import Foundation
import GridStore

/// `gridd --now` runs a simulated clock: only on a simulation database, which a real
/// record never is. The check reads the file without creating or migrating it.
public enum SimulationCheck {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether the database is a simulation one; throws when `--now` is given for a real
    /// database or for one that does not exist yet.
    public static func check(database path: String, now: String?) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else {
            if now != nil {
                throw Refusal(
                    description:
                        "--now: \(path) does not exist; --now runs only on a simulation database, created with `gridctl migrate --simulation --db \(path)`"
                )
            }
            return false
        }
        let simulation = (try? GridDatabase.isSimulation(path: path)) ?? false
        if now != nil && !simulation {
            throw Refusal(
                description:
                    "--now: \(path) is a real database, where gridd runs at the real time; --now runs only on a simulation database (`gridctl migrate --simulation --db NEW-FILE`)"
            )
        }
        return simulation
    }
}
