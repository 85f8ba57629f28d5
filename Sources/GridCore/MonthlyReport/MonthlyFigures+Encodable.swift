/// The report's JSON: snake_case keys written out here (not derived by an encoder's key
/// strategy, which would also rewrite ids used as keys), sections keyed by id so that a
/// figure's path (`lines/ops/on_time`) names it, and every key present every month (a rate
/// with nothing counted is null, an absent ledger or integrity table null).
extension MonthlyFigures: Encodable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(branch, forKey: Key("branch"))
        try c.encode(branchName, forKey: Key("branch_name"))
        try c.encode(month, forKey: Key("month"))
        try c.encode(asOfText, forKey: Key("as_of"))
        try c.encode(totals, forKey: Key("totals"))
        try Self.encode(rows: lines, into: &c, key: "lines")
        try Self.encode(rows: grids, into: &c, key: "grids")
        try Self.encode(rows: people, into: &c, key: "people")
        try c.encode(overdueByAge, forKey: Key("overdue_by_age"))
        var escalation = c.nestedContainer(keyedBy: Key.self, forKey: Key("escalations"))
        try escalation.encode(escalations.total, forKey: Key("total"))
        var levels = escalation.nestedContainer(keyedBy: Key.self, forKey: Key("by_level"))
        for (level, count) in escalations.byLevel { try levels.encode(count, forKey: Key(String(level))) }
        var dayContainer = c.nestedContainer(keyedBy: Key.self, forKey: Key("days"))
        for day in days {
            var d = dayContainer.nestedContainer(keyedBy: Key.self, forKey: Key(day.date.description))
            try d.encode(day.business, forKey: Key("business"))
            try d.encode(day.tally.owed, forKey: Key("owed"))
            try d.encode(day.tally.onTime, forKey: Key("on_time"))
            try d.encode(day.tally.waived, forKey: Key("waived"))
            try d.encode(day.tally.onTimeRate, forKey: Key("on_time_rate"))
        }
        if let ledger {
            var l = c.nestedContainer(keyedBy: Key.self, forKey: Key("ledger"))
            try l.encode(ledger.asOf, forKey: Key("as_of"))
            try l.encode(ledger.sentence, forKey: Key("sentence"))
            var t = l.nestedContainer(keyedBy: Key.self, forKey: Key("totals"))
            for (name, value) in Self.ledgerTotals(ledger.totals) { try t.encode(value, forKey: Key(name)) }
        } else {
            try c.encodeNil(forKey: Key("ledger"))
        }
        if let integrity {
            var i = c.nestedContainer(keyedBy: Key.self, forKey: Key("integrity"))
            if let own = integrity.branch {
                try Self.encode(standing: own, name: branchName, into: &i, key: "branch")
            } else {
                try i.encodeNil(forKey: Key("branch"))
            }
            var p = i.nestedContainer(keyedBy: Key.self, forKey: Key("people"))
            for person in integrity.people {
                try Self.encode(standing: person.standing, name: person.name, into: &p, key: person.id)
            }
            var b = i.nestedContainer(keyedBy: Key.self, forKey: Key("bands"))
            for band in IntegrityBand.allCases { try b.encode(integrity.bands[band] ?? 0, forKey: Key(band.rawValue)) }
        } else {
            try c.encodeNil(forKey: Key("integrity"))
        }
    }

    /// The ledger's totals under their JSON names, in the order a report states them.
    public static func ledgerTotals(_ t: LedgerTotals) -> [(String, Int)] {
        [
            ("findings", t.findings), ("open", t.open), ("rectifying", t.rectifying),
            ("awaiting_close_out", t.awaitingCloseOut), ("closed", t.closed), ("measures", t.measures),
            ("done", t.done), ("done_late", t.doneLate), ("overdue", t.overdue), ("running", t.running),
            ("rules_created", t.rulesCreated), ("rules_revised", t.rulesRevised), ("recurrences", t.recurrences),
        ]
    }

    private static func encode(rows: [Row], into c: inout KeyedEncodingContainer<Key>, key: String) throws {
        var section = c.nestedContainer(keyedBy: Key.self, forKey: Key(key))
        for row in rows {
            var r = section.nestedContainer(keyedBy: Key.self, forKey: Key(row.key))
            try r.encode(row.name, forKey: Key("name"))
            try encode(tally: row.tally, into: &r)
        }
    }

    static func encode(tally: DutyTally, into c: inout KeyedEncodingContainer<Key>) throws {
        try c.encode(tally.owed, forKey: Key("owed"))
        try c.encode(tally.onTime, forKey: Key("on_time"))
        try c.encode(tally.late, forKey: Key("late"))
        try c.encode(tally.missed, forKey: Key("missed"))
        try c.encode(tally.waived, forKey: Key("waived"))
        try c.encode(tally.pending, forKey: Key("pending"))
        try c.encode(tally.onTimeRate, forKey: Key("on_time_rate"))
    }

    private static func encode(
        standing: IntegrityStanding, name: String, into c: inout KeyedEncodingContainer<Key>, key: String
    ) throws {
        var s = c.nestedContainer(keyedBy: Key.self, forKey: Key(key))
        try s.encode(name, forKey: Key("name"))
        try s.encode(standing.total, forKey: Key("total"))
        try s.encode(standing.band.rawValue, forKey: Key("band"))
        try s.encode(standing.redLine, forKey: Key("red_line"))
    }
}
