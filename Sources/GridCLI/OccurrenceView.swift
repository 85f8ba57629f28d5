import Foundation
import GridConfig
import GridCore
import GridStore

/// An occurrence as the CLI shows it: names instead of ids, local times, a status. The
/// JSON field names are a stable interface (documented in the README).
struct OccurrenceView: Encodable {
    let id: Int64
    let branch: String
    let duty: String
    let title: String
    let line: String
    let cadence: String
    let period: String
    let subject: String
    let subjectName: String
    let owner: String?
    let ownerName: String
    let ownerRole: String
    let unassigned: Bool
    let status: String
    let periodStart: String
    let remindAt: String
    let deadline: String
    let quota: Int
    let doneCount: Int
    /// "1/2" for a quota, empty for a single completion (not encoded: `done_count` and `quota` are).
    let progress: String
    /// Set on another person's item listed for whoever holds their work by a delegation:
    /// the owner it is done for (JSON `for`, present only then).
    var heldFor: String?

    enum CodingKeys: String, CodingKey {
        case id, branch, duty, title, line, cadence, period, subject
        case subjectName = "subject_name"
        case owner
        case ownerName = "owner_name"
        case ownerRole = "owner_role"
        case unassigned, status
        case periodStart = "period_start"
        case remindAt = "remind_at"
        case deadline, quota
        case doneCount = "done_count"
        case heldFor = "for"
    }

    /// Local-time deadline for tables (`2026-11-23 17:00`).
    let deadlineLocal: String
    let statusValue: OccurrenceStatus

    init(_ occurrence: Occurrence, configuration: Configuration, now: Date) {
        let branch = configuration.branch(occurrence.key.branch)
        self.init(
            occurrence, title: configuration.catalog.duty(occurrence.key.duty)?.title,
            subjectName: branch?.subjectName(occurrence.key.subject),
            ownerName: occurrence.owner.map { branch?.displayName($0) ?? $0 },
            calendar: branch?.calendar ?? BusinessCalendar(national: .plainWeekdays, timeZone: .gmt), now: now)
    }

    /// From the names the database holds: the path that reads no configuration.
    init(_ listed: ListedOccurrence, calendar: BusinessCalendar, now: Date) {
        self.init(
            listed.occurrence, title: listed.title, subjectName: listed.subjectName, ownerName: listed.ownerName,
            calendar: calendar, now: now)
    }

    private init(
        _ occurrence: Occurrence, title: String?, subjectName: String?, ownerName: String?, calendar: BusinessCalendar,
        now: Date
    ) {
        id = occurrence.id
        self.branch = occurrence.key.branch
        duty = occurrence.key.duty
        self.title = title ?? occurrence.key.duty
        line = occurrence.line
        cadence = occurrence.cadence.rawValue
        period = occurrence.key.period
        subject = occurrence.key.subject
        self.subjectName = subjectName ?? occurrence.key.subject
        owner = occurrence.owner
        self.ownerName = occurrence.owner.map { ownerName ?? $0 } ?? "(未指派 \(occurrence.ownerRole))"
        ownerRole = occurrence.ownerRole
        unassigned = occurrence.owner == nil
        statusValue = occurrence.status(at: now)
        status = statusValue.rawValue
        periodStart = InstantText.rfc3339(occurrence.periodStart, in: calendar)
        remindAt = InstantText.rfc3339(occurrence.remindAt, in: calendar)
        deadline = InstantText.rfc3339(occurrence.deadline, in: calendar)
        deadlineLocal = InstantText.format(occurrence.deadline, in: calendar)
        quota = occurrence.quota
        doneCount = occurrence.doneCount
        progress = occurrence.progress
    }

    /// Written out so that a vacant owner is `"owner": null`, not a missing key: the field set
    /// is the same for every item.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(branch, forKey: .branch)
        try c.encode(duty, forKey: .duty)
        try c.encode(title, forKey: .title)
        try c.encode(line, forKey: .line)
        try c.encode(cadence, forKey: .cadence)
        try c.encode(period, forKey: .period)
        try c.encode(subject, forKey: .subject)
        try c.encode(subjectName, forKey: .subjectName)
        try c.encode(owner, forKey: .owner)
        try c.encode(ownerName, forKey: .ownerName)
        try c.encode(ownerRole, forKey: .ownerRole)
        try c.encode(unassigned, forKey: .unassigned)
        try c.encode(status, forKey: .status)
        try c.encode(periodStart, forKey: .periodStart)
        try c.encode(remindAt, forKey: .remindAt)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(quota, forKey: .quota)
        try c.encode(doneCount, forKey: .doneCount)
        try c.encodeIfPresent(heldFor, forKey: .heldFor)
    }
}
