import Foundation
import GridConfig
import GridCore
import GridNotify
import GridStore
import Logging

/// One pass of the daemon at one instant: bring every branch's occurrences up to date,
/// decide and store the alerts that are due, then log what was stored and not yet logged.
///
/// Writing an alert and logging it are two steps, in that order: the database is the
/// record, the log line a copy. A crash between them logs the alert on the next pass. Lines
/// are marked logged every ``linesPerMark`` lines, so a crash between writing lines and
/// marking them repeats at most that many in the journal, each with the `alert.id` it had.
public struct AlertingPass: Sendable {
    public let database: GridDatabase
    public let logger: Logger
    /// How many alert decisions one write transaction takes: large enough that commits are
    /// rare on a busy morning, small enough that `gridctl done` waits for one only briefly.
    public let decisionsPerCommit: Int
    /// How many log lines are written between two marks of "logged" in the database: at most
    /// this many lines are logged again after a crash. Each mark is a commit.
    public let linesPerMark: Int
    /// Called after each branch and each batch of lines: a pass at bank scale outlasts
    /// systemd's watchdog interval, and the service keeps it fed from here.
    public var progress: @Sendable () -> Void = {}

    /// 32: at a bank's busiest pass this costs about a tenth more CPU than one mark per
    /// 2,000 lines (docs/operations.md); one mark per line took 2.7 times as long.
    public static let defaultLinesPerMark = 32

    public init(
        database: GridDatabase, logger: Logger, decisionsPerCommit: Int = 2_000,
        linesPerMark: Int = AlertingPass.defaultLinesPerMark
    ) {
        self.database = database
        self.logger = logger
        self.decisionsPerCommit = max(1, decisionsPerCommit)
        self.linesPerMark = max(1, linesPerMark)
    }

    public struct Outcome: Sendable {
        /// Integrity points entries scored from the records.
        public var scored = 0
        public var created = 0
        public var raised: [Alert] = []
        public var logged = 0
        /// Seconds spent in each part of the pass.
        public var seconds = Timings()

        public struct Timings: Sendable {
            public var materialize = 0.0
            /// Raising, storing (with their messages) and logging the alerts.
            public var alerts = 0.0
            public var digests = 0.0
            public var points = 0.0
        }
        public var digests: [Digest] = []
    }

    /// Creates the occurrences owed up to `now` for every branch. A stop (the task cancelled)
    /// ends it between branches, each of which is its own transaction: at bank scale a pass
    /// outlasts systemd's stop timeout, and the next pass carries on where this one ended.
    public func materialize(_ configuration: Configuration, now: Date) throws -> Int {
        var created = 0
        for branch in configuration.branches {
            try Task.checkCancellation()
            do {
                created += try database.bringUpToDate(
                    catalog: configuration.catalog, branch: branch, now: now, stamp: configuration.stamp(of: branch.id)
                ).inserted
            } catch {
                // One branch failing must not stop the others.
                logger.error("materialisation failed", metadata: ["branch.id": "\(branch.id)", "error": "\(error)"])
            }
            progress()
        }
        return created
    }

    /// Raises the alerts due at `now`, and logs each once its row is committed. `catchUp`
    /// marks them as raised late, after the daemon was down or the clock stepped forward
    /// over that span.
    public func raiseAlerts(_ configuration: Configuration, now: Date, catchUp: (from: Date, to: Date)?) throws
        -> [Alert]
    {
        var raised: [Alert] = []
        // One look at the index of next alerts picks the branches with something due: most
        // minutes, in most branches, nothing is.
        let due = try database.branchesNeedingAlerts(now: now)
        // Decisions of many branches are written together: a commit per branch carried the
        // same pages of the alert table through the WAL again and again.
        var decisions: [AlertDecision] = []
        var occurrences: [Int64: Occurrence] = [:]
        // What each new alert says to notify.yaml's receivers, written with it (the outbox).
        let composer = MessageComposer(notify: configuration.notify, catalog: configuration.catalog)
        func commit() throws {
            let written = try database.recordAlerts(
                decisions, raisedAt: now, catchUp: catchUp,
                messages: { alert in
                    guard !composer.isEmpty, let occurrence = occurrences[alert.occurrenceID],
                        let branch = configuration.branch(occurrence.key.branch)
                    else { return [] }
                    return composer.messages(for: alert, occurrence: occurrence, branch: branch)
                })
            // Logged from the occurrences in hand: the row is committed, so a crash from
            // here on leaves it to `logPendingAlerts` on the next pass.
            try logAndMark(written, occurrences, configuration, now: now)
            raised += written
            decisions.removeAll(keepingCapacity: true)
            occurrences.removeAll(keepingCapacity: true)
            progress()
        }
        let decider = AlertDecider(catalog: configuration.catalog)
        // Those in force today or later, in one read: a day back covers every branch's zone.
        let delegations = Dictionary(
            grouping: try database.delegations(
                endingOnOrAfter: LocalDate(dayNumber: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)) - 1)),
            by: \.branch)
        for branch in configuration.branches where due.contains(branch.id) {
            // A stop between branches: what is decided is committed and logged, the rest is
            // raised by the next pass.
            if Task.isCancelled {
                if !decisions.isEmpty { try commit() }
                throw CancellationError()
            }
            for (occurrence, lastAlertDueAt) in try database.occurrencesNeedingAlerts(branch: branch.id, now: now) {
                decisions.append(
                    decider.decide(
                        occurrence, lastAlertDueAt: lastAlertDueAt, branch: branch, now: now,
                        delegations: delegations[branch.id] ?? []))
                occurrences[occurrence.id] = occurrence
            }
            if decisions.count >= decisionsPerCommit { try commit() }
            progress()
        }
        if !decisions.isEmpty { try commit() }
        return raised
    }

    /// Logs every stored alert not yet logged, then marks them: what a crash between writing
    /// alerts and logging them left behind.
    @discardableResult
    public func logPendingAlerts(_ configuration: Configuration, now: Date) throws -> Int {
        var logged = 0
        while true {
            try Task.checkCancellation()
            let batch = try database.unloggedAlerts(limit: 1_000)
            guard !batch.isEmpty else { return logged }
            // The batch's occurrences in one read, not one read transaction per line.
            let occurrences = try database.occurrences(ids: batch.map(\.occurrenceID))
            try logAndMark(batch, occurrences, configuration, now: now)
            logged += batch.count
            progress()
        }
    }

    /// A whole pass: what `gridd --once` does, and what the service does when woken.
    /// `materialize` is false when nothing can have opened since the last pass (same day,
    /// same configuration): then only the alerts due are looked at.
    public func run(
        _ configuration: Configuration, now: Date, catchUp: (from: Date, to: Date)?, materialize: Bool = true
    ) throws -> Outcome {
        var outcome = Outcome()
        let lastPass = try database.lastPassAt()
        // How long each part took, for the pass's log line: where a bank's morning goes.
        let clock = ContinuousClock()
        var mark = clock.now
        func lap() -> Double {
            let end = clock.now
            defer { mark = end }
            let elapsed = mark.duration(to: end).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        if materialize {
            outcome.created = try self.materialize(configuration, now: now)
            // A policy that stops folding the repeat brings back the items past their last step.
            try database.noteDigestFolding(configuration.catalog.digest.foldsNags, now: now)
        }
        outcome.seconds.materialize = lap()
        // What a crash left written but not logged goes first: it is older.
        outcome.logged = try logPendingAlerts(configuration, now: now)
        outcome.logged += try logPendingDigests(configuration, now: now)
        outcome.raised = try raiseAlerts(configuration, now: now, catchUp: catchUp)
        outcome.logged += outcome.raised.count
        outcome.seconds.alerts = lap()
        // The day's digests after the day's state changes, so they list the latest levels.
        outcome.digests = try raiseDigests(configuration, now: now, lastPass: lastPass)
        outcome.logged += outcome.digests.count
        outcome.seconds.digests = lap()
        // Points come after the alerts: a late scoring pass never delays an alert.
        outcome.scored = try scorePoints(configuration, now: now)
        try database.setLastPassAt(now)
        outcome.seconds.points = lap()
        return outcome
    }

    /// The first pass of a run (`gridd` starting, or `gridd --once`): if the last pass was
    /// longer ago than `gapThreshold`, what came due meanwhile is raised once per
    /// occurrence, marked with the span, and one "scheduler gap" line is logged.
    public func startPass(_ configuration: Configuration, now: Date, gapThreshold: TimeInterval) throws -> Outcome {
        var catchUp: (from: Date, to: Date)?
        if let last = try database.lastPassAt(), now.timeIntervalSince(last) > gapThreshold {
            catchUp = (last, now)
            logGap(from: last, to: now, reason: "downtime")
        }
        return try run(configuration, now: now, catchUp: catchUp)
    }

    func logGap(from: Date, to: Date, reason: String) {
        logger.warning(
            "scheduler gap",
            metadata: [
                "gap.from": "\(from.ISO8601Format())", "gap.to": "\(to.ISO8601Format())",
                "gap.seconds": "\(Int(to.timeIntervalSince(from)))",
                "reason": "\(reason)",
            ])
    }

    // MARK: - Digests

    /// Raises the digests due at `now`, branches in configuration order, and logs each once
    /// its row is committed. A branch is looked at on the first pass at or after its digest
    /// time (`lastPass` is the previous pass's instant): later passes that day find every
    /// digest raised, and a day that passed without a pass gets no late digest.
    public func raiseDigests(_ configuration: Configuration, now: Date, lastPass: Date?) throws -> [Digest] {
        let policy = configuration.catalog.digest
        guard policy.foldsNags else { return [] }
        let planner = DigestPlanner(policy: policy)
        var raised: [Digest] = []
        var pending: [Digest] = []
        // What each digest says to notify.yaml's receivers, written with it (the outbox).
        let composer = MessageComposer(notify: configuration.notify, catalog: configuration.catalog)
        func commit() throws {
            let written = try database.recordDigests(
                pending, raisedAt: now,
                messages: { digest in
                    guard !composer.isEmpty, let branch = configuration.branch(digest.branch) else { return [] }
                    return composer.messages(for: digest, branch: branch)
                })
            try logAndMark(written, configuration, now: now)
            raised += written
            pending.removeAll(keepingCapacity: true)
            progress()
        }
        for branch in configuration.branches {
            if Task.isCancelled {
                if !pending.isEmpty { try commit() }
                throw CancellationError()
            }
            guard let day = policy.day(at: now, calendar: branch.calendar) else { continue }
            if let lastPass, lastPass >= policy.instant(on: day, calendar: branch.calendar), lastPass <= now {
                continue
            }
            do {
                let (items, lastDays) = try database.digestInputs(branch: branch.id, now: now)
                pending += planner.due(branch: branch, now: now, items: items, lastDigestDays: lastDays)
            } catch {
                // One branch failing must not stop the others.
                logger.error("digest failed", metadata: ["branch.id": "\(branch.id)", "error": "\(error)"])
            }
            if pending.count >= decisionsPerCommit { try commit() }
        }
        if !pending.isEmpty { try commit() }
        return raised
    }

    /// Logs every stored digest not yet logged, then marks them: what a crash between
    /// writing digests and logging them left behind.
    @discardableResult
    public func logPendingDigests(_ configuration: Configuration, now: Date) throws -> Int {
        var logged = 0
        while true {
            try Task.checkCancellation()
            let batch = try database.unloggedDigests(limit: 1_000)
            guard !batch.isEmpty else { return logged }
            try logAndMark(batch, configuration, now: now)
            logged += batch.count
            progress()
        }
    }

    /// The first digest instant of any branch after `now`: when the service must wake.
    public static func nextDigestAt(_ configuration: Configuration, after now: Date) -> Date? {
        configuration.branches.compactMap {
            configuration.catalog.digest.nextInstant(after: now, calendar: $0.calendar)
        }.min()
    }

    /// Logs `digests` and marks them logged, ``linesPerMark`` at a time.
    func logAndMark(_ digests: [Digest], _ configuration: Configuration, now: Date) throws {
        var start = digests.startIndex
        while start < digests.endIndex {
            let end = min(start + linesPerMark, digests.endIndex)
            for digest in digests[start..<end] { log(digest, configuration) }
            try database.markDigestsLogged(digests[start..<end].compactMap(\.id), at: now)
            start = end
        }
    }

    func log(_ digest: Digest, _ configuration: Configuration) {
        let branch = configuration.branch(digest.branch)
        let calendar = branch?.calendar ?? BusinessCalendar(national: .plainWeekdays, timeZone: .gmt)
        var metadata: Logger.Metadata = [
            "digest.id": "\(digest.id ?? 0)",
            "digest.day": "\(digest.day)",
            "branch.id": "\(digest.branch)",
            "person": "\(digest.person)",
            "person.name": "\(branch?.displayName(digest.person) ?? digest.person)",
            "count": "\(digest.count)",
            "escalated": "\(digest.escalatedCount)",
            "most_overdue": "\(digest.mostOverdue.map { String($0.occurrenceID) }.joined(separator: ","))",
        ]
        if let oldest = digest.oldestDeadline {
            metadata["oldest_deadline"] = "\(InstantText.rfc3339(oldest, in: calendar))"
        }
        logger.warning("overdue digest", metadata: metadata)
    }

    // MARK: - Logging

    /// Logs `alerts` and marks them logged, ``linesPerMark`` at a time.
    func logAndMark(
        _ alerts: [Alert], _ occurrences: [Int64: Occurrence], _ configuration: Configuration, now: Date
    ) throws {
        var start = alerts.startIndex
        while start < alerts.endIndex {
            let end = min(start + linesPerMark, alerts.endIndex)
            for alert in alerts[start..<end] {
                if let occurrence = occurrences[alert.occurrenceID] { log(alert, occurrence, configuration) }
            }
            try database.markLogged(alerts[start..<end].map(\.id), at: now)
            start = end
        }
    }

    func log(_ alert: Alert, _ occurrence: Occurrence, _ configuration: Configuration) {
        let branch = configuration.branch(occurrence.key.branch)
        let calendar = branch?.calendar ?? BusinessCalendar(national: .plainWeekdays, timeZone: .gmt)
        let duty = configuration.catalog.duty(occurrence.key.duty)
        let name = { (id: String) in branch?.displayName(id) ?? id }
        var metadata: Logger.Metadata = [
            "alert.id": "\(alert.id)",
            "alert.kind": "\(alert.kind.rawValue)",
            "alert.level": "\(alert.level)",
            "alert.day": "\(alert.day)",
            "occurrence.id": "\(occurrence.id)",
            "duty.id": "\(occurrence.key.duty)",
            "duty.title": "\(duty?.title ?? occurrence.key.duty)",
            "period": "\(occurrence.key.period)",
            "subject": "\(occurrence.key.subject)",
            "branch.id": "\(occurrence.key.branch)",
            "line": "\(occurrence.line)",
            "owner.id": "\(occurrence.owner ?? "unassigned")",
            "owner.name": "\(occurrence.owner.map(name) ?? "未指派 \(occurrence.ownerRole)")",
            "deadline": "\(InstantText.rfc3339(occurrence.deadline, in: calendar))",
            "days_overdue": "\(alert.businessDaysOverdue)",
            "targets": "\(alert.targets.joined(separator: ","))",
            "targets.names": "\(alert.targets.map(name).joined(separator: ","))",
        ]
        if occurrence.quota > 1 {
            metadata["progress"] = "\(occurrence.doneCount) of \(occurrence.quota) done"
        }
        if alert.kind != .reminder, let owner = occurrence.owner, let branch {
            // 倒查: who was at fault, who manages them, who shared the supervision duty.
            let (leader, co) = branch.supervision.accountability(for: owner)
            metadata["fault"] = "\(owner)"
            if let leader { metadata["supervisor"] = "\(leader)" }
            if !co.isEmpty { metadata["co_supervisors"] = "\(co.joined(separator: ","))" }
        }
        if let from = alert.catchUpFrom, let to = alert.catchUpTo {
            metadata["catch_up.from"] = "\(InstantText.rfc3339(from, in: calendar))"
            metadata["catch_up.to"] = "\(InstantText.rfc3339(to, in: calendar))"
        }
        logger.log(
            level: JournalLogHandler.level(syslogPriority: alert.kind.syslogPriority),
            "\(alert.kind.journalMessage)", metadata: metadata)
    }
}

extension AlertingPass {
    /// Writes the record's head to the journal, at notice priority: a later `gridctl audit
    /// verify --expect SEQ:HASH` shows whether the chain up to it was rewritten since.
    public func logAuditHead() {
        do {
            guard let head = try database.auditHead() else { return }
            logger.notice(
                "audit head: seq \(head.seq) hash \(head.hash.hex)",
                metadata: ["audit.seq": "\(head.seq)", "audit.hash": "\(head.hash.hex)"])
        } catch {
            logger.error("cannot read the audit head", metadata: ["error": "\(error)"])
        }
    }

    /// Records that a configuration was accepted, by its digest: on every reload, and at
    /// start when it is not the one last recorded. A failure is logged, never fatal.
    public func recordAcceptedConfiguration(_ digest: String?, at instant: Date, atStart: Bool = false) {
        guard let digest else { return }
        do {
            try database.recordConfiguration(
                digest: digest, attribution: AuditLogin.daemon(at: instant), ifChanged: atStart)
        } catch {
            logger.error("cannot record the accepted configuration", metadata: ["error": "\(error)"])
        }
    }
}
