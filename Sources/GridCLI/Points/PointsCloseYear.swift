import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl points close-year`: the year-end close (年度封账).
struct PointsCloseYear: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-year",
        abstract: "Close a year (年度封账): its scores are frozen; later corrections count in the next year.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The year, once it has ended.") var year: Int
    @Option(help: "Who closes it, on a simulation database.") var by: String?

    func run() throws {
        let points = try PointsContext.load(global, branch: nil)
        let action = "close \(year)"
        let acting = try points.acting(by: by, action: action)
        let catalog = points.context.configuration.catalog
        let allowed = Set([catalog.headRole, "discipline-inspector"]).union(catalog.ledger.reviewers)
        guard points.branch.person(acting.actor)?.roles.contains(where: allowed.contains) == true else {
            throw points.refuse(acting, action, "only a holder of \(allowed.sorted().joined(separator: " or ")) may")
        }
        guard year < points.today.year else {
            throw points.refuse(acting, action, "\(year) has not ended (today is \(points.today))")
        }
        guard try !points.database.closedPointsYears().contains(year) else {
            throw CLIError("\(year) is already closed")
        }
        try points.database.closePointsYear(year, by: acting.actor, at: points.now, attribution: acting.attribution)
        Output.line(
            "\(year) closed (年度封账) by \(points.name(acting.actor)): later entries about it count in \(year + 1)")
    }
}
