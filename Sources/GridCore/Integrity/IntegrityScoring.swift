/// Which entries a fact earns: under the table's version in force on the fact's day, the
/// most specific automatic item that matches it at each level (a duty's own item before its
/// line's, a line's before any duty's), for the person it concerns or for the branch.
public enum IntegrityScoring {
    public static func entries(for fact: ScoredFact, branch: String, table: IntegrityTable) -> [PointsEntry] {
        guard let version = table.version(on: fact.day) else { return [] }
        var entries: [PointsEntry] = []
        for level in IntegrityLevel.allCases {
            let subject: String? = level == .person ? fact.person : nil
            if level == .person, subject == nil { continue }
            let rule: IntegrityRule? =
                switch fact {
                case .duty(_, let duty, let line, _, let outcome, _):
                    version.rule(scoring: outcome, line: line, duty: duty, for: level)
                case .measureLate: version.rules.first { $0.appliesTo == level && $0.source == .measureLate }
                case .recurrence: version.rules.first { $0.appliesTo == level && $0.source == .recurrence }
                }
            guard let rule else { continue }
            entries.append(
                PointsEntry(
                    branch: branch, person: subject, rule: rule.id, version: version.version, points: rule.points,
                    day: fact.day, year: fact.day.year, source: fact.source, text: rule.text))
        }
        return entries
    }
}

extension IntegrityScoring {
    /// How a duty item counts, on `today`: done on time or late, waived (on the day it
    /// closed), missed once its period has ended with the item still open (on the period's
    /// last day, or its deadline's if later); nil while it may still be done in its period,
    /// and for an item closed because its person left.
    public static func fact(for item: Occurrence, calendar: BusinessCalendar, today: LocalDate) -> ScoredFact? {
        func fact(_ outcome: DutyOutcome, _ day: LocalDate) -> ScoredFact {
            .duty(
                occurrence: item.id, duty: item.key.duty, line: item.line, owner: item.owner, outcome: outcome,
                day: day)
        }
        switch item.state {
        case .done:
            guard let closed = item.closedAt else { return nil }
            return fact(item.late ? .late : .onTime, calendar.localDate(of: closed))
        case .waived:
            guard let closed = item.closedAt else { return nil }
            return fact(.waived, calendar.localDate(of: closed))
        case .left:
            return nil
        case .open:
            let deadlineDay = calendar.localDate(of: item.deadline)
            let periodEnd = item.cadence.period(key: item.key.period)?.days.upperBound ?? deadlineDay
            let end = max(periodEnd, deadlineDay)
            guard today > end else { return nil }
            return fact(.missed, end)
        }
    }

    /// The ledger's facts: measures done after their deadline, findings that repeat a closed one.
    public static func facts(of ledger: Ledger) -> [ScoredFact] {
        var facts: [ScoredFact] = []
        for measure in ledger.measures {
            if let done = measure.done, done.date > measure.deadline {
                facts.append(.measureLate(measure.id, owner: measure.owner, day: done.date))
            }
        }
        for record in ledger.findings {
            if let earlier = record.finding.repeats {
                facts.append(
                    .recurrence(
                        finding: record.finding.number, leader: record.finding.leader, repeats: earlier,
                        day: record.finding.found))
            }
        }
        return facts
    }
}
