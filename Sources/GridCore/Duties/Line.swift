/// A management line (党建线, 纪检线, 运营线 …) and the role that answers for it.
public struct Line: Hashable, Sendable, Identifiable {
    public let id: String
    public let title: String
    public let ownerRole: String
    public let enabled: Bool

    public init(id: String, title: String, ownerRole: String, enabled: Bool = true) {
        self.id = id
        self.title = title
        self.ownerRole = ownerRole
        self.enabled = enabled
    }
}
