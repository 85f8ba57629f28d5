import Foundation
import GridConfig
import GridTestKit
import Testing

/// A corpus of malformed configurations: each case is one small edit to a copy of the shipped
/// `schedules/`, and the first problem the loader reports for it, with file, line (of the text
/// in `at`), field and message. Hostile values (ids that break keys, values that forge log
/// lines, counts that overflow the calendar, tags the readers would drop) are refused here,
/// before any daemon or command could run on them.
@Suite("A corpus of malformed configurations")
struct MalformedCorpusTests {
    struct Malformation: Sendable, CustomTestStringConvertible {
        let name: String
        /// The file edited, relative to `schedules/`.
        let file: String
        let replace: String
        let with: String
        /// Text of the edited file, once only, that starts on the line the first issue names.
        let at: String
        let field: String
        let message: String

        var testDescription: String { name }
    }

    static let longTitle = String(repeating: "委", count: ConfigLimits.shortText + 1)
    static let forgedTitle = String(repeating: "<0>", count: 20_000) + "FORGED"
    static let longNote = String(repeating: "n", count: ConfigLimits.longText + 1)
    static let longID = String(repeating: "a", count: ConfigLimits.idLength + 1)
    static let ladder =
        "  steps:\n    - { after: 0, notify: [owner] }\n    - { after: 1, notify: [owner, grid-leader] }\n    - { after: 3, notify: [owner, grid-leader, line-owner, branch-head] }\n"
    static let laughs =
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    static let step3 = "    - { after: 3, notify: [owner, grid-leader, line-owner, branch-head] }"
    static let committee = "    title: 支委会\n    cadence: monthly\n"
    static let businessDayRange = "from 0 to 520"

    static let cases: [Malformation] = [
        // Counts that overflowed the calendar arithmetic.
        .init(
            name: "escalation after 1e16", file: "policy.yaml", replace: step3,
            with: "    - { after: 10000000000000000, notify: [owner] }", at: "after: 10000000000000000",
            field: "escalation step: after", message: "'10000000000000000' is not a whole number \(businessDayRange)"),
        .init(
            name: "escalation after past Int.max", file: "policy.yaml", replace: step3,
            with: "    - { after: 99999999999999999999, notify: [owner] }", at: "after: 99999999999999999999",
            field: "escalation step: after", message: "is not a whole number \(businessDayRange)"),
        .init(
            name: "escalation after one past the limit", file: "policy.yaml", replace: step3,
            with: "    - { after: 521, notify: [owner] }", at: "after: 521", field: "escalation step: after",
            message: "'521' is not a whole number \(businessDayRange)"),
        .init(
            name: "escalation after negative", file: "policy.yaml", replace: step3,
            with: "    - { after: -1, notify: [owner] }", at: "after: -1", field: "escalation step: after",
            message: "-1 is too small; expected 0 or more"),
        .init(
            name: "nag-every 1e15", file: "policy.yaml", replace: "  nag-every: 1",
            with: "  nag-every: 1000000000000000", at: "nag-every: 1000000000000000", field: "escalation: nag-every",
            message: "'1000000000000000' is not a whole number \(businessDayRange)"),
        .init(
            name: "remind near Int.max", file: "catalog/10-party.yaml", replace: committee,
            with: committee + "    remind: 9223372036854775807\n", at: "remind: 9223372036854775807",
            field: "duty party.committee-meeting: remind",
            message: "'9223372036854775807' is not a whole number \(businessDayRange)"),
        .init(
            name: "remind one past the limit", file: "catalog/10-party.yaml", replace: committee,
            with: committee + "    remind: 521\n", at: "remind: 521", field: "duty party.committee-meeting: remind",
            message: "'521' is not a whole number \(businessDayRange)"),
        .init(
            name: "triggered deadline after 1e18 business days", file: "catalog/20-discipline.yaml",
            replace: "    deadline: after 3 business-days\n",
            with: "    deadline: after 1000000000000000000 business-days\n",
            at: "deadline: after 1000000000000000000", field: "duty discipline.warning-talk: deadline",
            message: "1000000000000000000 business days is out of range; expected 0 to 520"),
        .init(
            name: "count past the limit", file: "catalog/10-party.yaml", replace: committee,
            with: committee + "    count: 1001\n", at: "count: 1001", field: "duty party.committee-meeting: count",
            message: "'1001' is not a valid count; expected a whole number from 1 to 1000"),
        .init(
            name: "calendar year of eleven digits", file: "calendars/cn.yaml", replace: "  - year: 2024\n",
            with: "  - year: 99999999999\n", at: "year: 99999999999", field: "years: year",
            message: "'99999999999' is not a whole number from 1900 to 2999"),
        // Silent acceptance.
        .init(
            name: "an empty escalation ladder", file: "policy.yaml", replace: ladder, with: "  steps: []\n",
            at: "steps: []", field: "escalation: steps", message: "an escalation needs at least one step"),
        .init(
            name: "a !!binary tag", file: "roles.yaml", replace: "{ id: lobby-manager, title: 大堂经理,",
            with: "{ id: lobby-manager, title: !!binary 5aSn5aCC,", at: "title: !!binary",
            field: "", message: "unsupported YAML tag 'tag:yaml.org,2002:binary'"),
        .init(
            name: "a custom tag", file: "policy.yaml", replace: "  nag-every: 1", with: "  nag-every: !custom 1",
            at: "nag-every: !custom", field: "", message: "unsupported YAML tag '!custom'"),
        .init(
            name: "an !!int tag the readers would drop", file: "policy.yaml", replace: step3,
            with: "    - { after: !!int 3, notify: [owner] }", at: "after: !!int 3", field: "",
            message: "unsupported YAML tag 'tag:yaml.org,2002:int'"),
        .init(
            name: "a tagged mapping", file: "catalog/10-party.yaml", replace: "line:\n", with: "line: !!omap\n",
            at: "line: !!omap", field: "", message: "unsupported YAML tag 'tag:yaml.org,2002:omap'"),
        .init(
            name: "aliases that expand a small file a millionfold", file: "policy.yaml", replace: "  nag-every: 1\n",
            with: "  nag-every: 1\n" + laughs, at: "head-role: branch-head", field: "",
            message: "expands to far more values than the file holds"),
        // Ids.
        .init(
            name: "a duty id with a slash", file: "catalog/10-party.yaml", replace: "  - id: party.committee-meeting\n",
            with: "  - id: party/committee-meeting\n", at: "id: party/committee-meeting", field: "duty: id",
            message: "'party/committee-meeting' is not a valid id"),
        .init(
            name: "a duty id with a newline", file: "catalog/10-party.yaml",
            replace: "  - id: party.committee-meeting\n", with: "  - id: \"party.committee\\nmeeting\"\n",
            at: "id: \"party.committee", field: "duty: id", message: "'party.committee\\nmeeting' is not a valid id"),
        .init(
            name: "a duty id with a space", file: "catalog/10-party.yaml",
            replace: "  - id: party.committee-meeting\n", with: "  - id: party committee\n", at: "id: party committee",
            field: "duty: id", message: "'party committee' is not a valid id"),
        .init(
            name: "a duty id too long", file: "catalog/10-party.yaml", replace: "  - id: party.committee-meeting\n",
            with: "  - id: \(longID)\n", at: "id: aaaa", field: "duty: id",
            message: "expected at most \(ConfigLimits.idLength) letters, digits, '.', '_' or '-'"),
        .init(
            name: "a line id with a slash", file: "catalog/10-party.yaml", replace: "  id: party\n",
            with: "  id: par/ty\n", at: "id: par/ty", field: "line: id", message: "'par/ty' is not a valid id"),
        .init(
            name: "a role id with a slash", file: "roles.yaml", replace: "{ id: lobby-manager,",
            with: "{ id: lobby/manager,", at: "id: lobby/manager", field: "role: id",
            message: "'lobby/manager' is not a valid id"),
        .init(
            name: "a calendar id with a slash", file: "calendars/cn.yaml", replace: "\nid: cn\n", with: "\nid: c/n\n",
            at: "id: c/n", field: "id", message: "'c/n' is not a valid id"),
        .init(
            name: "a branch id with a slash", file: "branches/example.yaml", replace: "  id: example\n",
            with: "  id: ex/ample\n", at: "id: ex/ample", field: "branch: id", message: "'ex/ample' is not a valid id"),
        .init(
            name: "a staff id with a newline", file: "branches/example.yaml", replace: "  - id: he.jing\n",
            with: "  - id: \"he.jing\\nowner.id=lin.zhenhua\"\n", at: "id: \"he.jing", field: "staff: id",
            message: "'he.jing\\nowner.id=lin.zhenhua' is not a valid id"),
        .init(
            name: "a grid id with a slash", file: "branches/example.yaml", replace: "  - id: branch-grid\n",
            with: "  - id: branch/grid\n", at: "id: branch/grid", field: "grid: id",
            message: "'branch/grid' is not a valid id"),
        .init(
            name: "a pairing id with a space", file: "branches/example.yaml", replace: "{ id: pair.peer,",
            with: "{ id: pair peer,", at: "id: pair peer", field: "pairing: id",
            message: "'pair peer' is not a valid id"),
        // Long and hostile text.
        .init(
            name: "a title one character too long", file: "catalog/10-party.yaml", replace: committee,
            with: "    title: \(longTitle)\n    cadence: monthly\n", at: "title: 委委",
            field: "duty party.committee-meeting: title",
            message: "is 201 characters long; at most 200 are allowed"),
        .init(
            name: "a title of 20,000 journald priority prefixes", file: "catalog/10-party.yaml", replace: committee,
            with: "    title: \"\(forgedTitle)\"\n    cadence: monthly\n", at: "title: \"<0>",
            field: "duty party.committee-meeting: title",
            message: "is 60006 characters long; at most 4000 are allowed"),
        .init(
            name: "a title with an escape sequence", file: "catalog/10-party.yaml", replace: committee,
            with: "    title: \"支委会\\e[2J\"\n    cadence: monthly\n", at: "title: \"支委会",
            field: "duty party.committee-meeting: title", message: "holds the control character \\u{1B}"),
        .init(
            name: "a title over two lines", file: "catalog/10-party.yaml", replace: committee,
            with: "    title: \"支委会\\n2026-11-28 10:00 waived\"\n    cadence: monthly\n", at: "title: \"支委会",
            field: "duty party.committee-meeting: title", message: "holds the control character \\n"),
        .init(
            name: "a note too long", file: "catalog/10-party.yaml", replace: committee,
            with: committee + "    note: \(longNote)\n", at: "note: nnnn", field: "duty party.committee-meeting: note",
            message: "is 4001 characters long; at most 4000 are allowed"),
        .init(
            name: "a clause with a bell", file: "catalog/10-party.yaml", replace: "    clause: 每月召开支委会\n",
            with: "    clause: \"每月召开支委会\\a\"\n", at: "clause: \"每月", field: "duty party.committee-meeting: clause",
            message: "holds the control character \\u{07}"),
        .init(
            name: "a role title too long", file: "roles.yaml", replace: "title: 大堂经理,", with: "title: \(longTitle),",
            at: "title: 委委", field: "role lobby-manager: title", message: "is 201 characters long"),
        .init(
            name: "a staff name too long", file: "branches/example.yaml", replace: "    name: 何静\n",
            with: "    name: \(longTitle)\n", at: "name: 委委", field: "staff he.jing: name",
            message: "is 201 characters long"),
        .init(
            name: "a branch name with a right-to-left override", file: "branches/example.yaml",
            replace: "  name: 示例支行营业部\n", with: "  name: \"示例\\u202E支行\"\n", at: "name: \"示例",
            field: "branch: name", message: "holds the control character \\u{202E}"),
        .init(
            name: "a holiday name too long", file: "calendars/cn.yaml",
            replace: "{ name: 元旦, from: 2024-01-01, to: 2024-01-01 }",
            with: "{ name: \(longTitle), from: 2024-01-01, to: 2024-01-01 }", at: "name: 委委",
            field: "year 2024 holidays: name", message: "is 201 characters long"),
        // Dates outside the years a file may name.
        .init(
            name: "a since date before 1900", file: "branches/example.yaml", replace: "  since: 2026-11-01\n",
            with: "  since: 0001-01-01\n", at: "since: 0001", field: "branch: since",
            message: "'0001-01-01' is not a valid date; expected YYYY-MM-DD from 1900 to 2999"),
        .init(
            name: "a closed date in the year 9999", file: "branches/example.yaml", replace: "  closed-dates: []\n",
            with: "  closed-dates: [9999-12-31]\n", at: "closed-dates: [9999", field: "branch: closed-dates",
            message: "'9999-12-31' is not a valid date"),
    ]

    @Test(
        "each malformed configuration is refused with its first problem at the right file, line and field",
        arguments: cases)
    func refused(_ malformation: Malformation) throws {
        // Given a copy of the shipped schedules with one edit
        let schedules = try EditableSchedules()
        let text = try schedules.replace(malformation.replace, with: malformation.with, in: malformation.file)

        // When it is loaded
        let issues = try schedules.issues()

        // Then the first problem names the edited file, the line and field of the edit
        let first = try #require(issues.first)
        #expect(first.file == schedules.file(malformation.file), "\(ConfigError(issues: issues))")
        #expect(first.line == (try lineNumber(of: malformation.at, in: text)), "\(first)")
        #expect(first.field == malformation.field, "\(first)")
        #expect(first.message.contains(malformation.message), "\(first)")
        // and no message carries a raw control character that could forge a line of the report
        for issue in issues {
            #expect(!issue.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
        }
    }

    @Test("the shipped schedules still load without a problem")
    func shippedLoads() throws {
        let schedules = try EditableSchedules()
        #expect(throws: Never.self) { try schedules.load().get() }
    }
}
