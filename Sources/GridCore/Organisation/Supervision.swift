/// "谁管我、我管谁": who supervises whom, derived from the grids.
///
/// A person's supervisor is the leader of the grid they are a member of; the chain goes up
/// through the leaders' own grids. The same structure answers accountability (倒查): for a
/// failed duty, the owner is at fault, their grid leader carries management responsibility
/// and the other members of that grid carry supervision responsibility.
public struct Supervision: Sendable {
    /// Member → the grid they belong to (each person is a member of at most one grid).
    private let memberGrid: [String: Grid]
    /// Leader → the grids they lead.
    private let ledGrids: [String: [Grid]]

    public init(grids: [Grid]) {
        var memberGrid: [String: Grid] = [:]
        var ledGrids: [String: [Grid]] = [:]
        for grid in grids {
            for member in grid.members where memberGrid[member] == nil { memberGrid[member] = grid }
            if let leader = grid.leader { ledGrids[leader, default: []].append(grid) }
        }
        self.memberGrid = memberGrid
        self.ledGrids = ledGrids
    }

    /// The grid a person is a member of.
    public func grid(of person: String) -> Grid? { memberGrid[person] }

    /// The person's grid leader (谁管我), nil at the top.
    public func supervisor(of person: String) -> String? {
        guard let leader = memberGrid[person]?.leader, leader != person else { return nil }
        return leader
    }

    /// Supervisors from the nearest up to the top. Stops on a cycle, which validation
    /// rejects anyway.
    public func chain(above person: String) -> [String] {
        var result: [String] = []
        var current = person
        while let next = supervisor(of: current), next != person, !result.contains(next) {
            result.append(next)
            current = next
        }
        return result
    }

    /// Everyone a person supervises directly or through the grids below (我管谁).
    public func everyone(below person: String) -> [String] {
        var result: [String] = []
        var queue = [person]
        while !queue.isEmpty {
            let leader = queue.removeFirst()
            for grid in ledGrids[leader] ?? [] {
                for member in grid.members where member != person && !result.contains(member) {
                    result.append(member)
                    queue.append(member)
                }
            }
        }
        return result
    }

    public func gridsLed(by person: String) -> [Grid] { ledGrids[person] ?? [] }

    /// The person at the top of the grids above `person` (the branch grid leader).
    public func top(above person: String) -> String { chain(above: person).last ?? person }

    /// The first person found on a supervision cycle, for validation.
    public func personOnCycle(among people: [String]) -> String? {
        for person in people {
            var seen: Set<String> = [person]
            var current = person
            while let next = supervisor(of: current) {
                // The first person met twice is on the cycle; `person` may only lead into it.
                if seen.contains(next) { return next }
                seen.insert(next)
                current = next
            }
        }
        return nil
    }

    /// Accountability for a failed duty of `owner`: their grid leader and the other members
    /// of their grid.
    public func accountability(for owner: String) -> (leader: String?, coSupervisors: [String]) {
        guard let grid = memberGrid[owner] else { return (nil, []) }
        return (grid.leader, grid.members.filter { $0 != owner })
    }
}
