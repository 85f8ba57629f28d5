import Foundation
import GridCore

/// One stored change of a ledger, with who made it and when.
public struct LedgerEventRecord: Sendable, Equatable {
    public var id: Int64
    public var day: LocalDate
    public var at: Date
    public var actor: String?
    public var change: LedgerChange
}
