import Foundation
import GridCore

extension Completion {
    /// The completion a closed item implies when none is stored for it.
    ///
    /// Almost every check is a single one, done by its owner and recorded as it is done:
    /// such a completion repeats what the item already holds (owner, closing time,
    /// lateness), and storing it as a row cost a bank more than the item itself (35 of
    /// 137 bytes per occurrence at 20,000 branches). So that one is not stored, and is read
    /// back from the item. Any completion that says more — someone else did it, a note,
    /// a record entered later than the performance, the first of a quota of two — is
    /// stored in full.
    ///
    /// Sound because a closed item never changes: materialisation, waivers and departures
    /// only touch open ones.
    static func implied(by item: Occurrence) -> Completion? {
        guard item.state == .done, item.quota == 1, item.doneCount == 1, let owner = item.owner,
            let closedAt = item.closedAt
        else { return nil }
        return Completion(by: owner, performedAt: closedAt, recordedAt: closedAt, note: nil, late: item.late)
    }
}
