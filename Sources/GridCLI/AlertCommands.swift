import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract:
            "Alerts gridd raised: to a person, about an occurrence; unacknowledged ones unless --all. The day's digests of overdue items are among them (kind digest), each followed by its items.",
        discussion: "`--digest ID` shows one digest's items alone.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only alerts naming this person, and this person's digests.") var person: String?
    @Option(help: "Only alerts about this occurrence number.") var occurrence: Int64?
    @Option(help: "Only this digest: its items, most overdue first.") var digest: Int64?
    @Flag(help: "Include acknowledged alerts.") var all = false
    @Option(help: "At most this many, newest first.") var limit = 200
    @Option(help: "table, json, csv, or excel-csv (CSV with a UTF-8 byte-order mark and CRLF, for Excel).")
    var format: OutputFormat = .table

    struct Item: Encodable {
        let occurrence: Int64
        let duty: String
        let title: String
        let period: String
        let owner: String?
        let deadline: String
        let days_overdue: Int
        let level: Int
        let escalated: Bool
    }

    struct Row: Encodable {
        let id: Int64
        let occurrence: Int64?
        let kind: String
        let level: Int
        let day: String
        let duty: String?
        let title: String?
        let period: String?
        let targets: [String]
        let days_overdue: Int
        let raised_at: String
        let acked_by: String?
        /// A digest's person, item count, oldest deadline and items.
        let person: String?
        let count: Int?
        let oldest_deadline: String?
        let items: [Item]?
        /// For the order only: not shown.
        let raised: Date

        enum CodingKeys: String, CodingKey {
            case id, occurrence, kind, level, day, duty, title, period, targets, days_overdue, raised_at, acked_by
            case person, count, oldest_deadline, items
        }
    }

    func run() throws {
        let context = try CommandContext.load(global, personID: person, materialize: .none)
        var rows: [Row] = []
        if let digest {
            guard let found = try context.database.digest(id: digest) else { throw CLIError("no digest #\(digest)") }
            rows = [row(found, context)]
        } else {
            let alerts = try context.database.alerts(
                targeting: person, occurrence: occurrence, unacknowledgedOnly: !all, limit: limit)
            for alert in alerts {
                guard let item = try context.database.occurrence(id: alert.occurrenceID) else { continue }
                let branch = context.branch(of: item)
                rows.append(
                    Row(
                        id: alert.id, occurrence: item.id, kind: alert.kind.rawValue, level: alert.level,
                        day: alert.day.description, duty: item.key.duty,
                        title: context.configuration.catalog.duty(item.key.duty)?.title ?? item.key.duty,
                        period: item.key.period, targets: alert.targets, days_overdue: alert.businessDaysOverdue,
                        raised_at: InstantText.rfc3339(alert.raisedAt, in: branch.calendar),
                        acked_by: alert.acknowledgedBy, person: nil, count: nil, oldest_deadline: nil, items: nil,
                        raised: alert.raisedAt))
            }
            // A digest is about no single occurrence.
            if occurrence == nil {
                rows += try context.database.digests(person: person, limit: limit).map { row($0, context) }
                // Newest first; at one instant the alerts, then the digests that follow them.
                rows = Array(
                    rows.enumerated().sorted {
                        $0.element.raised != $1.element.raised
                            ? $0.element.raised > $1.element.raised : $0.offset < $1.offset
                    }.map(\.element).prefix(limit))
            }
        }
        switch format {
        case .json:
            try Output.json(rows)
        case .csv, .excelCSV:
            print(
                CSV.document(
                    header: [
                        "id", "occurrence", "kind", "level", "day", "duty", "period", "targets", "days_overdue",
                        "acked_by", "count", "oldest_deadline", "items",
                    ],
                    rows: rows.map { r in
                        [
                            String(r.id), r.occurrence.map(String.init) ?? "", r.kind, String(r.level), r.day,
                            r.duty ?? "", r.period ?? "", r.targets.joined(separator: " "), String(r.days_overdue),
                            r.acked_by ?? "", r.count.map(String.init) ?? "", r.oldest_deadline ?? "",
                            (r.items ?? []).map { "\($0.occurrence):\($0.days_overdue)\($0.escalated ? "*" : "")" }
                                .joined(separator: " "),
                        ]
                    }, excel: format == .excelCSV), terminator: format == .csv ? "\n" : "")
        case .table:
            var table = TextTable(headers: ["ID", "事项#", "类型", "事项", "周期", "逾期天数", "通知", "确认"])
            for r in rows {
                guard let items = r.items else {
                    table.append([
                        String(r.id), r.occurrence.map(String.init) ?? "", r.kind + (r.level > 0 ? " \(r.level)" : ""),
                        r.title ?? "", r.period ?? "", String(r.days_overdue),
                        r.targets.map { context.branch.displayName($0) }.joined(separator: "、"),
                        r.acked_by.map { context.branch.displayName($0) } ?? "",
                    ])
                    continue
                }
                table.append([
                    String(r.id), "", r.kind, "\(r.count ?? items.count) 项逾期，最早截止 \(r.oldest_deadline ?? "")",
                    r.day, String(r.days_overdue),
                    r.targets.map { context.branch.displayName($0) }.joined(separator: "、"),
                    "",
                ])
                for item in items {
                    table.append([
                        "", String(item.occurrence), "  逾期" + (item.level > 0 ? " \(item.level)" : ""),
                        "  " + item.title,
                        item.period, String(item.days_overdue),
                        item.escalated ? "上报：\(context.branch.displayName(item.owner))" : "本人", "",
                    ])
                }
            }
            print(table.render())
        }
    }

    private func row(_ digest: Digest, _ context: CommandContext) -> Row {
        let calendar = context.configuration.branch(digest.branch)?.calendar ?? context.branch.calendar
        let items = digest.items.map { item in
            Item(
                occurrence: item.occurrenceID, duty: item.duty,
                title: context.configuration.catalog.duty(item.duty)?.title ?? item.duty, period: item.period,
                owner: item.owner, deadline: InstantText.rfc3339(item.deadline, in: calendar),
                days_overdue: item.businessDaysOverdue, level: item.level, escalated: item.escalated)
        }
        return Row(
            id: digest.id ?? 0, occurrence: nil, kind: "digest", level: 0, day: digest.day.description, duty: nil,
            title: nil, period: nil, targets: [digest.person], days_overdue: items.map(\.days_overdue).max() ?? 0,
            raised_at: InstantText.rfc3339(digest.raisedAt, in: calendar), acked_by: nil, person: digest.person,
            count: digest.count, oldest_deadline: digest.oldestDeadline.map { InstantText.rfc3339($0, in: calendar) },
            items: items, raised: digest.raisedAt)
    }
}

struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge alerts: say you have seen them (handling one's warnings is part of the daily duty).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Alert numbers.") var alerts: [Int64] = []
    @Option(help: "Who acknowledges, on a simulation database (otherwise the person your login is mapped to).")
    var by: String?
    @Flag(help: "Acknowledge every unacknowledged alert naming you.") var allMine = false

    func validate() throws {
        if alerts.isEmpty && !allMine { throw ValidationError("give alert numbers, or --all-mine") }
    }

    func run() throws {
        let context = try CommandContext.load(global, personID: by, materialize: .none)
        let acting = try context.acting(
            named: by, action: "acknowledge alerts", branch: context.branch,
            mayActFor: Acting.nobodyElse("an acknowledgement"))
        let by = acting.actor
        let branch = context.configuration.branches(withPerson: by).first ?? context.branch
        var ids = alerts
        if allMine {
            ids += try context.database.alerts(targeting: by, unacknowledgedOnly: true, limit: 100_000).map(\.id)
        }
        // For whom each alert is acknowledged: nobody else, or the colleague whose work `by` holds.
        var behalf: [Int64: String] = [:]
        let holdsWork = try context.holdsWork(by, branch: branch)
        for id in ids {
            guard let alert = try context.database.alert(id: id) else { throw CLIError("no alert #\(id)") }
            let mayAck = { (person: String) in
                alert.targets.contains(person)
                    || alert.targets.contains(where: branch.supervision.everyone(below: person).contains)
            }
            if holdsWork, let item = try context.database.occurrence(id: alert.occurrenceID),
                let delegator = try context.delegator(
                    for: by, item: item, branch: context.branch(of: item), permits: mayAck)
            {
                behalf[id] = delegator
                continue
            }
            guard alerts.contains(id) else { continue }
            let below = branch.supervision.everyone(below: by)
            guard alert.targets.contains(by) || alert.targets.contains(where: below.contains) else {
                throw CLIError(
                    Acting.Refusal(
                        login: acting.attribution.login, actor: by, action: "acknowledge alert #\(id)",
                        reason:
                            "it is addressed to \(alert.targets.map { branch.displayName($0) }.joined(separator: ", ")); '\(by)' is not one of them nor their supervisor"
                    ).description)
            }
        }
        // One entry per person acknowledged for, so each says for whom.
        var acknowledged: [Alert] = []
        for group in Dictionary(grouping: ids, by: { behalf[$0] }).sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
            var attribution = acting.attribution
            attribution.onBehalfOf = group.key
            acknowledged += try context.database.acknowledge(
                group.value, by: by, at: context.now, attribution: attribution)
        }
        print(
            "acknowledged \(acknowledged.count) alert(s)"
                + (acknowledged.count < ids.count ? "; the others were already acknowledged" : ""))
    }
}
