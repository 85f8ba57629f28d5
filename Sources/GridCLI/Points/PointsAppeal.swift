import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl points appeal`: the person scored (or whoever recorded an entry, to correct it)
/// asks for an entry to be reversed; a second person decides (`points decide`).
struct PointsAppeal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appeal",
        abstract: "Appeal an entry, or ask to correct one you recorded; a second person decides.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entry's number (points show).") var entry: Int64
    @Option(help: "Why it should be reversed.") var reason: String
    @Option(help: "The branch (default: the only one).") var branch: String?
    @Option(help: "Who appeals, on a simulation database.") var by: String?

    func run() throws {
        try LedgerText.check(reason, option: "--reason")
        let points = try PointsContext.load(global, branch: branch)
        guard let original = try points.database.pointsEntry(id: entry), original.branch == points.branch.id else {
            throw CLIError("branch '\(points.branch.id)' has no points entry #\(entry)")
        }
        let action = "appeal entry #\(entry)"
        let acting = try points.acting(by: by, action: action)
        guard original.reverses == nil else { throw points.refuse(acting, action, "it is itself a reversal") }
        let headRole = points.context.configuration.catalog.headRole
        let mayAppeal =
            original.person == acting.actor || original.recordedBy == acting.actor
            || (original.person == nil && points.branch.person(acting.actor)?.roles.contains(headRole) == true)
        guard mayAppeal else {
            throw points.refuse(
                acting, action, "only the person it scores, whoever recorded it, or for the branch its head may")
        }
        let id = try points.database.fileAppeal(
            entry: entry, by: acting.actor, reason: reason, at: points.now, attribution: acting.attribution)
        Output.line("appeal #\(id) against entry #\(entry) filed; a second person decides: gridctl points decide \(id)")
    }
}

/// `gridctl points decide`: a second person upholds an appeal (a reversing entry) or
/// dismisses it.
struct PointsDecide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Uphold an appeal (the entry is reversed) or dismiss it: a second person only.",
        discussion: """
            The decider is neither the appellant, nor the person the entry scores, nor whoever recorded it, and \
            holds a role the item's authority names (for an item GridDuty scores, the branch head's, a line \
            owner's or a reviewer's of policy.yaml's ledger). An upheld appeal of a closed year counts in the next.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The appeal's number.") var appeal: Int64
    @Flag(help: "Reverse the entry.") var uphold = false
    @Flag(help: "Keep the entry.") var dismiss = false
    @Option(help: "Why.") var reason: String
    @Option(help: "The branch (default: the only one).") var branch: String?
    @Option(help: "Who decides, on a simulation database.") var by: String?

    func validate() throws {
        guard uphold != dismiss else { throw ValidationError("give exactly one of --uphold and --dismiss") }
    }

    func run() throws {
        try LedgerText.check(reason, option: "--reason")
        let points = try PointsContext.load(global, branch: branch)
        guard let filed = try points.database.appeal(appeal),
            let original = try points.database.pointsEntry(id: filed.entry), original.branch == points.branch.id
        else { throw CLIError("branch '\(points.branch.id)' has no appeal #\(appeal)") }
        let action = "decide appeal #\(appeal)"
        let acting = try points.acting(by: by, action: action)
        if let decision = filed.decision {
            throw points.refuse(acting, action, "it was already \(decision) by \(filed.decidedBy ?? "someone")")
        }
        for (who, what) in [
            (filed.by, "filed it"), (original.person, "is the person the entry scores"),
            (original.recordedBy, "recorded the entry"),
        ] where who == acting.actor {
            throw points.refuse(acting, action, "they \(what); a second person must decide")
        }
        let catalog = points.context.configuration.catalog
        let rule = points.table.version(named: original.version)?.rule(original.rule)
        let authority =
            rule.map { $0.authority.isEmpty ? [] : $0.authority }?.isEmpty == false
            ? rule!.authority
            : [catalog.headRole] + catalog.lineOwnerRoles.sorted()
                + catalog.ledger.reviewers.filter { $0 != "line-owner" }
        let roles = points.branch.person(acting.actor)?.roles ?? []
        guard roles.contains(where: authority.contains) else {
            throw points.refuse(acting, action, "only a holder of \(authority.joined(separator: " or ")) may")
        }
        var reversal: PointsEntry?
        if uphold {
            var entry = original
            entry.id = 0
            entry.points = -original.points
            entry.reverses = original.id
            entry.reason = reason
            entry.recordedBy = filed.by
            entry.approvedBy = acting.actor
            entry.day = points.today
            entry.text = "reverses #\(original.id): \(original.text)"
            reversal = entry
        }
        let stored = try points.database.decideAppeal(
            appeal, upheld: reversal, by: acting.actor, reason: reason, at: points.now,
            attribution: acting.attribution)
        Output.line(
            stored.map {
                "appeal #\(appeal) upheld by \(points.name(acting.actor)): entry #\($0.id) reverses #\(original.id) (\($0.points > 0 ? "+" : "")\($0.points))"
                    + ($0.concernsYear.map { ", counted in \(stored!.year) for the closed \($0)" } ?? "")
            } ?? "appeal #\(appeal) dismissed by \(points.name(acting.actor)): entry #\(original.id) stands")
    }
}
