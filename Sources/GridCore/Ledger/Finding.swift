/// A problem an inspection found (问题), as the problem list (问题清单) states it. Its
/// number identifies it in the branch's ledger for ever: findings are never deleted, so a
/// number once used is never used again.
public struct Finding: Hashable, Sendable, Codable {
    public var number: String
    /// The inspection's name.
    public var inspection: String
    public var text: String
    public var category: String?
    /// The responsible leader (责任领导), a staff id: requests the close-out.
    public var leader: String
    /// The responsible department (责任部门), as the branch writes it.
    public var department: String?
    public var found: LocalDate
    /// The earlier, closed finding this one repeats (屡查屡犯), by number.
    public var repeats: String?
    /// Columns of the workbook GridDuty does not read, kept to be written back on export.
    public var extra: [String: String]

    public init(
        number: String, inspection: String, text: String, category: String? = nil, leader: String,
        department: String? = nil, found: LocalDate, repeats: String? = nil, extra: [String: String] = [:]
    ) {
        self.number = number
        self.inspection = inspection
        self.text = text
        self.category = category
        self.leader = leader
        self.department = department
        self.found = found
        self.repeats = repeats
        self.extra = extra
    }
}
