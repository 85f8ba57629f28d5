import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl points blacklist`: the people a red-line entry put on the blacklist (黑名单).
struct PointsBlacklist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blacklist", abstract: "Who is on the blacklist (黑名单): red-line entries not reversed.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The branch (default: the only one).") var branch: String?

    func run() throws {
        let points = try PointsContext.load(global, branch: branch)
        let entries = try points.database.pointsEntries(branch: points.branch.id, person: nil, year: nil)
        let listed = IntegrityScore.redLines(in: entries, table: points.table).filter { $0.person != nil }
        guard !listed.isEmpty else { return Output.line("nobody is on the blacklist of branch '\(points.branch.id)'") }
        var table = TextTable(headers: ["#", "日期", "员工", "红线", "案件", "说明"])
        for entry in listed {
            var reference = ""
            if case .recorded(let ref) = entry.source { reference = ref ?? "" }
            table.append([
                String(entry.id), entry.day.description, points.name(entry.person), entry.rule, reference, entry.text,
            ])
        }
        print(table.render())
    }
}
