import Foundation
import Synchronization

/// The time zones a branch file may name (`TimeZone.knownTimeZoneIdentifiers` and UTC),
/// listed once for a load rather than once per branch, each zone made once.
final class KnownZones: Sendable {
    private let known: Set<String>
    private let made = Mutex<[String: TimeZone]>([:])

    init() {
        known = Set(TimeZone.knownTimeZoneIdentifiers + ["UTC"])
    }

    /// The zone of an identifier a branch file may name, nil for any other.
    func zone(_ identifier: String) -> TimeZone? {
        guard known.contains(identifier) else { return nil }
        if let zone = made.withLock({ $0[identifier] }) { return zone }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        made.withLock { $0[identifier] = zone }
        return zone
    }
}
