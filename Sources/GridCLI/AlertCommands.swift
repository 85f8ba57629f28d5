import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Alerts gridd raised: to a person, about an occurrence; unacknowledged ones unless --all.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only alerts naming this person.") var person: String?
    @Option(help: "Only alerts about this occurrence number.") var occurrence: Int64?
    @Flag(help: "Include acknowledged alerts.") var all = false
    @Option(help: "At most this many, newest first.") var limit = 200
    @Option(help: "table, json, csv, or excel-csv (CSV with a UTF-8 byte-order mark and CRLF, for Excel).")
    var format: OutputFormat = .table

    func run() throws {
        let context = try CommandContext.load(global, personID: person, materialize: .none)
        let alerts = try context.database.alerts(
            targeting: person, occurrence: occurrence, unacknowledgedOnly: !all, limit: limit)
        struct Row: Encodable {
            let id: Int64
            let occurrence: Int64
            let kind: String
            let level: Int
            let day: String
            let duty: String
            let title: String
            let period: String
            let targets: [String]
            let days_overdue: Int
            let raised_at: String
            let acked_by: String?
        }
        var rows: [Row] = []
        for alert in alerts {
            guard let item = try context.database.occurrence(id: alert.occurrenceID) else { continue }
            let branch = context.branch(of: item)
            rows.append(
                Row(
                    id: alert.id, occurrence: item.id, kind: alert.kind.rawValue, level: alert.level,
                    day: alert.day.description, duty: item.key.duty,
                    title: context.configuration.catalog.duty(item.key.duty)?.title ?? item.key.duty,
                    period: item.key.period, targets: alert.targets, days_overdue: alert.businessDaysOverdue,
                    raised_at: InstantText.rfc3339(alert.raisedAt, in: branch.calendar), acked_by: alert.acknowledgedBy)
            )
        }
        switch format {
        case .json:
            try Output.json(rows)
        case .csv, .excelCSV:
            print(
                CSV.document(
                    header: [
                        "id", "occurrence", "kind", "level", "day", "duty", "period", "targets", "days_overdue",
                        "acked_by",
                    ],
                    rows: rows.map { r in
                        [
                            String(r.id), String(r.occurrence), r.kind, String(r.level), r.day, r.duty, r.period,
                            r.targets.joined(separator: " "), String(r.days_overdue), r.acked_by ?? "",
                        ]
                    }, excel: format == .excelCSV), terminator: format == .csv ? "\n" : "")
        case .table:
            var table = TextTable(headers: ["ID", "事项#", "类型", "事项", "周期", "逾期天数", "通知", "确认"])
            for r in rows {
                table.append([
                    String(r.id), String(r.occurrence), r.kind + (r.level > 0 ? " \(r.level)" : ""), r.title, r.period,
                    String(r.days_overdue), r.targets.map { context.branch.displayName($0) }.joined(separator: "、"),
                    r.acked_by.map { context.branch.displayName($0) } ?? "",
                ])
            }
            print(table.render())
        }
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
        for id in alerts {
            guard let alert = try context.database.alert(id: id) else { throw CLIError("no alert #\(id)") }
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
        let acknowledged = try context.database.acknowledge(
            ids, by: by, at: context.now,
            attribution: acting.attribution)
        print(
            "acknowledged \(acknowledged.count) alert(s)"
                + (acknowledged.count < ids.count ? "; the others were already acknowledged" : ""))
    }
}
