/// What the database held when the chain began (the first entry's detail): rows written
/// before it are outside the chain, and checking it starts after them.
struct AuditBaseline: Equatable, CustomStringConvertible {
    var events: Int64
    var alerts: Int64
    var completions: Int64
    var acknowledgements: Int64
    var targets: Int64

    static let prefix = "v10-audit-chain began; before it: "

    var description: String {
        Self.prefix
            + "events through \(events), alerts through \(alerts), completions \(completions), acknowledgements \(acknowledgements), alert targets \(targets)"
    }

    /// Reads a first entry's detail; nil for anything else.
    init?(detail: String?) {
        guard let detail, detail.hasPrefix(Self.prefix) else { return nil }
        let numbers = detail.dropFirst(Self.prefix.count).split(separator: ",").compactMap {
            $0.split(separator: " ").last.flatMap { Int64($0) }
        }
        guard numbers.count == 5 else { return nil }
        self.init(
            events: numbers[0], alerts: numbers[1], completions: numbers[2], acknowledgements: numbers[3],
            targets: numbers[4])
    }

    init(events: Int64, alerts: Int64, completions: Int64, acknowledgements: Int64, targets: Int64) {
        self.events = events
        self.alerts = alerts
        self.completions = completions
        self.acknowledgements = acknowledgements
        self.targets = targets
    }
}
