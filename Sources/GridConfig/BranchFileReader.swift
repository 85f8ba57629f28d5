import Foundation
import GridCore
import Synchronization
import Yams

/// Reads one branch file (`branches/*.yaml`): its calendar settings, roster, grids and
/// pairings, checking every person and role it names.
struct BranchFileReader {
    let file: String
    let log: IssueLog
    let calendars: [String: NationalCalendar]
    let roles: Set<String>
    let logins: any LoginDirectory
    /// The line of each person's `unix-user`, for checks across branch files.
    let unixUserLines = LineBook()

    func read(_ root: Node) -> Branch? {
        let top = MappingReader(file: file, node: root, context: "", log: log)
        top.rejectUnknownKeys(["branch", "staff", "grids", "pairings"])
        guard let branchNode = top.node("branch") else {
            top.fail("branch", "missing; a branch file starts with the branch's settings")
            return nil
        }
        let b = MappingReader(file: file, node: branchNode, context: "branch", log: log)
        b.rejectUnknownKeys([
            "id", "name", "timezone", "calendar", "open-weekdays", "opening", "closing", "since", "closed-dates",
            "open-dates",
        ])
        let id = b.id("id", required: true)
        let name = b.text("name") ?? id ?? ""
        var timeZone = TimeZone(identifier: "Asia/Shanghai")!
        if let text = b.string("timezone", required: true) {
            // IANA names only: "CST" would silently mean US Central time, not China.
            if TimeZone.knownTimeZoneIdentifiers.contains(text) || text == "UTC", let zone = TimeZone(identifier: text)
            {
                timeZone = zone
            } else {
                b.fail("timezone", "unknown time zone '\(text)'; expected an IANA name such as Asia/Shanghai")
            }
        }
        var national = NationalCalendar.plainWeekdays
        if let text = b.string("calendar", required: true) {
            if let found = calendars[text] {
                national = found
            } else {
                b.fail(
                    "calendar",
                    "unknown calendar '\(text)'; expected one of: \(calendars.keys.sorted().joined(separator: ", "))")
            }
        }
        var openWeekdays = Weekday.workweek
        if let list = b.strings("open-weekdays") {
            openWeekdays = []
            for (text, line) in list {
                guard let day = Weekday(rawValue: text.lowercased()) else {
                    log.add(
                        file, line, b.field("open-weekdays"),
                        "unknown weekday '\(text)'; expected mon, tue, wed, thu, fri, sat or sun")
                    continue
                }
                openWeekdays.insert(day)
            }
        }
        let opening = b.time("opening") ?? TimeOfDay(hour: 9, minute: 0)!
        let closing = b.time("closing") ?? TimeOfDay(hour: 17, minute: 0)!
        if closing <= opening { b.fail("closing", "\(closing) is not after the opening time \(opening)") }
        let calendar = BusinessCalendar(
            national: national, openWeekdays: openWeekdays, opening: opening, closing: closing, timeZone: timeZone,
            closedDates: dates(b, "closed-dates"), openDates: dates(b, "open-dates"))

        let staff = readStaff(top)
        let staffIDs = Set(staff.map(\.id))
        let grids = readGrids(top, staffIDs: staffIDs)
        let pairings = readPairings(top, staffIDs: staffIDs)
        guard let id else { return nil }
        let branch = Branch(
            id: id, name: name, calendar: calendar, since: b.date("since"), staff: staff, grids: grids,
            pairings: pairings)
        if let person = branch.supervision.personOnCycle(among: staff.map(\.id)) {
            top.fail(
                "grids",
                "'\(person)' is on a supervision cycle (\(([person] + branch.supervision.chain(above: person)).joined(separator: " → ")) → \(person)); a grid's leader must not be supervised by its own members"
            )
        }
        return branch
    }

    private func dates(_ reader: MappingReader, _ key: String) -> Set<LocalDate> {
        var result: Set<LocalDate> = []
        for (text, line) in reader.strings(key) ?? [] {
            if let date = MappingReader.date(text) {
                result.insert(date)
            } else {
                log.add(file, line, reader.field(key), MappingReader.dateProblem(text))
            }
        }
        return result
    }

    private func readStaff(_ top: MappingReader) -> [StaffMember] {
        var staff: [StaffMember] = []
        var seen: [String: Int] = [:]
        for node in top.mappings("staff", required: true) {
            let entry = MappingReader(file: file, node: node, context: "staff", log: log)
            let id = entry.id("id", required: true)
            let reader = entry.with(context: id.map { "staff \($0)" } ?? "staff")
            reader.rejectUnknownKeys(
                Set(["id", "name", "roles", "party-member", "joined", "left", "unix-user"] + StaffContact.fields))
            guard let id else { continue }
            checkUnique(id, kind: "staff", seen: &seen, reader: reader)
            var personRoles: [String] = []
            for (role, line) in reader.strings("roles") ?? [] {
                if roles.contains(role) {
                    personRoles.append(role)
                } else {
                    log.add(
                        file, line, reader.field("roles"),
                        "unknown role '\(role)'; expected one of: \(roles.sorted().joined(separator: ", "))")
                }
            }
            let joined = reader.date("joined")
            let left = reader.date("left")
            if let joined, let left, left <= joined { reader.fail("left", "\(left) is not after 'joined' \(joined)") }
            var unixUser = reader.id("unix-user")
            if let login = unixUser {
                unixUserLines.note(id, line: reader.line(of: "unix-user"))
                if !logins.exists(login) {
                    reader.fail("unix-user", "no login '\(login)' on this machine; create the user or correct the name")
                    unixUser = nil
                }
            }
            staff.append(
                StaffMember(
                    id: id, name: reader.text("name", required: true) ?? id, roles: personRoles,
                    partyMember: reader.bool("party-member") ?? false, joined: joined, left: left,
                    unixUser: unixUser, contacts: StaffContact.read(reader)))
        }
        return staff
    }

    private func readGrids(_ top: MappingReader, staffIDs: Set<String>) -> [Grid] {
        var grids: [Grid] = []
        var seen: [String: Int] = [:]
        var memberOf: [String: String] = [:]
        for node in top.mappings("grids") {
            let entry = MappingReader(file: file, node: node, context: "grid", log: log)
            let id = entry.id("id", required: true)
            let reader = entry.with(context: id.map { "grid \($0)" } ?? "grid")
            reader.rejectUnknownKeys(["id", "name", "leader", "members"])
            guard let id else { continue }
            checkUnique(id, kind: "grid", seen: &seen, reader: reader)
            var leader = reader.string("leader")
            if let l = leader, !staffIDs.contains(l) {
                reader.fail("leader", "unknown person '\(l)'; a grid leader must be on the staff list")
                leader = nil
            }
            var members: [String] = []
            for (member, line) in reader.strings("members") ?? [] {
                guard staffIDs.contains(member) else {
                    log.add(file, line, reader.field("members"), "unknown person '\(member)'; not on the staff list")
                    continue
                }
                if member == leader {
                    log.add(
                        file, line, reader.field("members"),
                        "'\(member)' leads this grid and cannot also be a member of it")
                    continue
                }
                if let other = memberOf[member] {
                    log.add(
                        file, line, reader.field("members"),
                        "'\(member)' is already a member of grid '\(other)'; a person belongs to one grid")
                    continue
                }
                memberOf[member] = id
                members.append(member)
            }
            grids.append(Grid(id: id, name: reader.text("name") ?? id, leader: leader, members: members))
        }
        return grids
    }

    private func readPairings(_ top: MappingReader, staffIDs: Set<String>) -> [Pairing] {
        var pairings: [Pairing] = []
        var seen: [String: Int] = [:]
        for node in top.mappings("pairings") {
            let entry = MappingReader(file: file, node: node, context: "pairing", log: log)
            let id = entry.id("id", required: true)
            let reader = entry.with(context: id.map { "pairing \($0)" } ?? "pairing")
            reader.rejectUnknownKeys(["id", "kind", "members", "partner"])
            guard let id else { continue }
            checkUnique(id, kind: "pairing", seen: &seen, reader: reader)
            var members: [String] = []
            for (member, line) in reader.strings("members") ?? [] {
                if staffIDs.contains(member) {
                    members.append(member)
                } else {
                    log.add(file, line, reader.field("members"), "unknown person '\(member)'; not on the staff list")
                }
            }
            pairings.append(
                Pairing(id: id, kind: reader.text("kind") ?? "", members: members, partner: reader.text("partner")))
        }
        return pairings
    }

    /// Reports a repeated id with where it first appeared.
    private func checkUnique(_ id: String, kind: String, seen: inout [String: Int], reader: MappingReader) {
        if let first = seen[id] {
            reader.fail("id", "duplicate \(kind) id '\(id)' (first on line \(first))")
        } else {
            seen[id] = reader.line(of: "id")
        }
    }
}

/// Lines noted while reading one file, read back once it is read.
final class LineBook: Sendable {
    private let lines = Mutex<[String: Int]>([:])

    func note(_ key: String, line: Int) { lines.withLock { $0[key] = line } }

    var all: [String: Int] { lines.withLock { $0 } }
}
