import ArgumentParser

/// `gridctl points`: integrity points (清廉积分), a ledger of explained entries.
struct PointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points",
        abstract: "Integrity points (清廉积分): scores explained entry by entry, records, appeals, the year's close.",
        discussion: """
            gridd scores GridDuty's own records under schedules/integrity.yaml (duties done on time, late, missed or \
            waived; measures done late; recurring findings); people with the authority an item names record \
            violations, awards and assessments. Entries are never changed: a correction or an upheld appeal is a \
            reversing entry approved by a second person.
            """,
        subcommands: [
            PointsShow.self, PointsRecord.self, PointsAppeal.self, PointsDecide.self, PointsCloseYear.self,
            PointsRebuild.self, PointsBlacklist.self, PointsPortrait.self,
        ])
}
