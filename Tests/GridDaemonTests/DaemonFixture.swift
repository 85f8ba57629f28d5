import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging

/// The shipped example branch on an in-memory database, with captured logs: the daemon's
/// pass at any instant, with no process and no sleeping.
struct DaemonFixture {
    let configuration: Configuration
    let database: GridDatabase
    let logs = LogCapture()
    let pass: AlertingPass

    init(configuration: Configuration? = nil) throws {
        self.configuration = try configuration ?? ConfigLoader(directory: Repository.schedules).load()
        database = try GridDatabase.simulation()
        pass = AlertingPass(database: database, logger: logs.logger(label: "gridd"))
    }

    var branch: Branch { configuration.branches[0] }

    /// The shipped schedules with `policy.yaml`'s digest edited: `kinds: []` gives the
    /// repeat as one alert per item, as before digests.
    static func schedules(digest: String = "kinds: []") throws -> (TemporaryDirectory, Configuration) {
        let directory = TemporaryDirectory("digest")
        try Repository.copySchedules(to: directory.path)
        let policy = directory.file("policy.yaml")
        let text = try String(contentsOfFile: policy, encoding: .utf8)
        guard let start = text.range(of: "\ndigest:\n") else { throw FixtureError("no digest in policy.yaml") }
        let end = text.range(of: "\n\n", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        let edited = text.replacingCharacters(in: start.lowerBound..<end, with: "\ndigest:\n  " + digest)
        try edited.write(toFile: policy, atomically: true, encoding: .utf8)
        return (directory, try ConfigLoader(directory: directory.path).load())
    }

    /// An instant in the branch's local time: `at("2026-11-30T17:00")`.
    func at(_ text: String) -> Date {
        InstantText.parse(text)!.instant(in: branch.calendar)
    }

    @discardableResult
    func run(_ text: String) throws -> AlertingPass.Outcome {
        try pass.run(configuration, now: at(text), catchUp: nil)
    }

    @discardableResult
    func start(_ text: String, gapThreshold: TimeInterval = 180) throws -> AlertingPass.Outcome {
        try pass.startPass(configuration, now: at(text), gapThreshold: gapThreshold)
    }

    func occurrence(_ duty: String, _ period: String, subject: String? = nil) throws -> Occurrence {
        let key = OccurrenceKey(branch: branch.id, duty: duty, subject: subject ?? branch.id, period: period)
        guard let found = try database.occurrence(key: key) else { throw FixtureError("no occurrence \(key)") }
        return found
    }

    /// Alerts about one occurrence, oldest first.
    func alerts(_ duty: String, _ period: String, subject: String? = nil) throws -> [Alert] {
        let item = try occurrence(duty, period, subject: subject)
        return try database.alerts(occurrence: item.id, unacknowledgedOnly: false).reversed()
    }

    func allAlerts() throws -> [Alert] {
        try database.alerts(unacknowledgedOnly: false, limit: 1_000_000).reversed()
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
