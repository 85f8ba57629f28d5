/// A staged target of a long measure (阶段目标): its own date and text, chased like the
/// measure's deadline.
public struct Milestone: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var text: String

    public init(date: LocalDate, text: String) {
        self.date = date
        self.text = text
    }
}
