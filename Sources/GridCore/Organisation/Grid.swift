/// A staff grid (网格): a leader (格长) and members (格员). Grids nest through people: a
/// member of one grid may lead another, which gives "谁管我、我管谁".
public struct Grid: Hashable, Sendable, Identifiable {
    public let id: String
    public let name: String
    public let leader: String?
    public let members: [String]

    public init(id: String, name: String, leader: String?, members: [String]) {
        self.id = id
        self.name = name
        self.leader = leader
        self.members = members
    }
}
