import Foundation
import GridCore

/// One branch file as it read without a problem, in the compact form `CompiledBranches`
/// keeps: the branch, and the lines a check across files names (its id's, each `unix-user`'s).
struct CompiledBranch: Sendable {
    let branch: Branch
    let idLine: Int
    let unixUserLines: [String: Int]

    /// The national calendar enters by id: the shared files' stamp, part of the key of every
    /// compiled branch, says it is the same calendar as when the branch was read.
    func encoded() -> [UInt8] {
        var out = ByteWriter()
        let calendar = branch.calendar
        out.text(branch.id)
        out.text(branch.name)
        out.text(calendar.national.id)
        out.unsigned(UInt64(calendar.openWeekdays.reduce(0) { $0 | 1 << $1.index }))
        out.int(calendar.opening.hour)
        out.int(calendar.opening.minute)
        out.int(calendar.closing.hour)
        out.int(calendar.closing.minute)
        out.text(calendar.timeZone.identifier)
        dates(calendar.closedDates, into: &out)
        dates(calendar.openDates, into: &out)
        out.bool(branch.since != nil)
        if let since = branch.since { out.int(since.dayNumber) }
        out.unsigned(UInt64(branch.staff.count))
        for person in branch.staff {
            out.text(person.id)
            out.text(person.name)
            out.texts(person.roles)
            out.bool(person.partyMember)
            out.bool(person.joined != nil)
            if let joined = person.joined { out.int(joined.dayNumber) }
            out.bool(person.left != nil)
            if let left = person.left { out.int(left.dayNumber) }
            out.optionalText(person.unixUser)
            // Addresses, by kind, in a fixed order.
            let contacts = person.contacts.sorted { $0.key < $1.key }
            out.texts(contacts.map(\.key))
            out.texts(contacts.map(\.value))
        }
        out.unsigned(UInt64(branch.grids.count))
        for grid in branch.grids {
            out.text(grid.id)
            out.text(grid.name)
            out.optionalText(grid.leader)
            out.texts(grid.members)
        }
        out.unsigned(UInt64(branch.pairings.count))
        for pairing in branch.pairings {
            out.text(pairing.id)
            out.text(pairing.kind)
            out.texts(pairing.members)
            out.optionalText(pairing.partner)
        }
        out.int(idLine)
        out.unsigned(UInt64(unixUserLines.count))
        for (person, line) in unixUserLines.sorted(by: { $0.key < $1.key }) {
            out.text(person)
            out.int(line)
        }
        return out.bytes
    }

    private func dates(_ dates: Set<LocalDate>, into out: inout ByteWriter) {
        out.unsigned(UInt64(dates.count))
        for date in dates.sorted() { out.int(date.dayNumber) }
    }

    /// Nil when the bytes do not hold a branch as `encoded()` writes one, or name what the
    /// files no longer give: a calendar or a time zone that is gone, a login removed from
    /// the machine. Reading the file then says what is wrong.
    init?(
        _ bytes: [UInt8], range: Range<Int>, calendars: [String: NationalCalendar], zones: KnownZones,
        logins: any LoginDirectory
    ) {
        var input = ByteReader(bytes, range: range)
        guard let decoded = try? Self.decode(&input, calendars: calendars, zones: zones), input.isAtEnd,
            decoded.branch.staff.allSatisfy({ person in person.unixUser.map { logins.exists($0) } ?? true })
        else { return nil }
        self = decoded
    }

    init(branch: Branch, idLine: Int, unixUserLines: [String: Int]) {
        self.branch = branch
        self.idLine = idLine
        self.unixUserLines = unixUserLines
    }

    private struct Unusable: Error {}

    private static func decode(_ input: inout ByteReader, calendars: [String: NationalCalendar], zones: KnownZones)
        throws -> CompiledBranch
    {
        let id = try input.text()
        let name = try input.text()
        guard let national = calendars[try input.text()] else { throw Unusable() }
        let weekdayBits = try input.unsigned()
        guard weekdayBits < 1 << Weekday.allCases.count else { throw Unusable() }
        let openWeekdays = Set(Weekday.allCases.filter { weekdayBits & 1 << $0.index != 0 })
        guard let opening = TimeOfDay(hour: try input.int(), minute: try input.int()),
            let closing = TimeOfDay(hour: try input.int(), minute: try input.int()),
            let timeZone = zones.zone(try input.text())
        else { throw Unusable() }
        let closedDates = try dates(&input)
        let openDates = try dates(&input)
        let since = try input.bool() ? try date(&input) : nil
        var staff: [StaffMember] = []
        let staffCount = try input.count()
        staff.reserveCapacity(staffCount)
        for _ in 0..<staffCount {
            let personID = try input.text()
            let personName = try input.text()
            let roles = try input.texts()
            let partyMember = try input.bool()
            let joined = try input.bool() ? try date(&input) : nil
            let left = try input.bool() ? try date(&input) : nil
            let unixUser = try input.optionalText()
            let contactKinds = try input.texts()
            let contactValues = try input.texts()
            guard contactKinds.count == contactValues.count, Set(contactKinds).count == contactKinds.count else {
                throw ByteReader.Damaged()
            }
            staff.append(
                StaffMember(
                    id: personID, name: personName, roles: roles, partyMember: partyMember, joined: joined, left: left,
                    unixUser: unixUser, contacts: Dictionary(uniqueKeysWithValues: zip(contactKinds, contactValues))))
        }
        var grids: [Grid] = []
        for _ in 0..<(try input.count()) {
            grids.append(
                Grid(
                    id: try input.text(), name: try input.text(), leader: try input.optionalText(),
                    members: try input.texts()))
        }
        var pairings: [Pairing] = []
        for _ in 0..<(try input.count()) {
            pairings.append(
                Pairing(
                    id: try input.text(), kind: try input.text(), members: try input.texts(),
                    partner: try input.optionalText()))
        }
        let idLine = try input.int()
        var unixUserLines: [String: Int] = [:]
        for _ in 0..<(try input.count()) {
            unixUserLines[try input.text()] = try input.int()
        }
        let calendar = BusinessCalendar(
            national: national, openWeekdays: openWeekdays, opening: opening, closing: closing, timeZone: timeZone,
            closedDates: closedDates, openDates: openDates)
        return CompiledBranch(
            branch: Branch(
                id: id, name: name, calendar: calendar, since: since, staff: staff, grids: grids, pairings: pairings),
            idLine: idLine, unixUserLines: unixUserLines)
    }

    private static func date(_ input: inout ByteReader) throws -> LocalDate {
        let day = try input.int()
        guard LocalDate.supportedDayNumbers.contains(day) else { throw Unusable() }
        return LocalDate(dayNumber: day)
    }

    private static func dates(_ input: inout ByteReader) throws -> Set<LocalDate> {
        var result: Set<LocalDate> = []
        for _ in 0..<(try input.count()) { result.insert(try date(&input)) }
        return result
    }
}
