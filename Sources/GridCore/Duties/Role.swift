/// A post in a branch (网点负责人, 内勤副行长 …). Duties are owned by roles, not people, so
/// a change of holder moves the open duties and a vacant role is visible as unassigned.
public struct Role: Hashable, Sendable, Identifiable {
    public let id: String
    public let title: String
    public let english: String

    public init(id: String, title: String, english: String = "") {
        self.id = id
        self.title = title
        self.english = english
    }
}
