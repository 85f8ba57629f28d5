import Foundation
import GridConfig
import GridCore

/// The rendering step of `gridctl due`, for tools of this package that time it in-process
/// (`gridduty-dev bench-query`): the views of the listed occurrences, sorted by deadline,
/// as a table. Returns how many rows it rendered.
package enum ListingRendering {
    package static func renderTable(_ occurrences: [Occurrence], configuration: Configuration, now: Date) throws
        -> Int
    {
        let views = occurrences.map { OccurrenceView($0, configuration: configuration, now: now) }
            .sorted { $0.deadline < $1.deadline }
        _ = try OccurrenceList.render(views, format: .table)
        return views.count
    }
}
