import Foundation
import GridConfig
import GridCore
import GridStore
import Testing

/// A suite about the store on the shipped example branch: its instants in branch local time
/// and its branch-wide items by duty and period.
protocol ExampleBranchSuite {
    var configuration: GridConfig.Configuration { get }
}

extension ExampleBranchSuite {
    var branch: Branch { configuration.branches[0] }

    func at(_ text: String) -> Date { InstantText.parse(text)!.instant(in: branch.calendar) }

    func item(_ db: GridDatabase, _ duty: String, _ period: String) throws -> Occurrence {
        try #require(
            try db.occurrence(key: OccurrenceKey(branch: branch.id, duty: duty, subject: branch.id, period: period)))
    }
}
