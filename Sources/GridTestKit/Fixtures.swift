import Foundation
import GridCore

/// Reusable, in-code test fixtures: the official Chinese holiday calendar for 2024–2026, a
/// small branch of nine staff in two nested grids, and a catalog with duties of every
/// cadence. Nothing here touches the file system or the clock.
public enum Fixtures {
    // MARK: - Dates and time

    /// A date from its ISO text; traps on a typo, which is a bug in the test itself.
    public static func date(_ iso: String) -> LocalDate {
        guard let date = LocalDate(iso: iso) else { preconditionFailure("not a valid fixture date: \(iso)") }
        return date
    }

    /// An inclusive range of dates from ISO texts.
    public static func days(_ from: String, _ through: String) -> ClosedRange<LocalDate> {
        date(from)...date(through)
    }

    /// A wall-clock time from `HH:MM`.
    public static func time(_ text: String) -> TimeOfDay {
        guard let time = TimeOfDay(text) else { preconditionFailure("not a valid fixture time: \(text)") }
        return time
    }

    /// An instant from an ISO 8601 text with an offset (`2026-11-30T17:00:00+08:00`, `…Z`).
    /// Parsed here, independently of Foundation's formatters and of `BusinessCalendar`, so
    /// that tests of the calendar's instants compare against an independent computation.
    public static func instant(_ text: String) -> Date {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count >= 9, let day = LocalDate(iso: parts[0]) else {
            preconditionFailure("not a valid fixture instant: \(text)")
        }
        let clock = parts[1].prefix(8).split(separator: ":")
        let zone = parts[1].dropFirst(8)
        guard clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]), let s = Int(clock[2]) else {
            preconditionFailure("not a valid fixture instant: \(text)")
        }
        var offset = 0
        if zone != "Z" {
            let sign = zone.first == "-" ? -1 : 1
            let hm = zone.dropFirst().split(separator: ":")
            guard zone.first == "+" || zone.first == "-", hm.count == 2, let oh = Int(hm[0]), let om = Int(hm[1]) else {
                preconditionFailure("not a valid fixture instant: \(text)")
            }
            offset = sign * (oh * 3600 + om * 60)
        }
        let seconds = day.dayNumber * 86_400 + h * 3600 + m * 60 + s - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    public static let shanghai: TimeZone = {
        guard let zone = TimeZone(identifier: "Asia/Shanghai") else { preconditionFailure("no Asia/Shanghai zone") }
        return zone
    }()

    public static let opening = time("08:30")
    public static let closing = time("17:00")

    // MARK: - National calendar

    /// The holidays of the State Council notices for 2024, 2025 and 2026, as published
    /// (the weekend days inside each span included).
    public static let chinaHolidays: [NationalCalendar.Holiday] = [
        // 2024
        holiday("元旦", "2024-01-01", "2024-01-01"),
        holiday("春节", "2024-02-10", "2024-02-17"),
        holiday("清明节", "2024-04-04", "2024-04-06"),
        holiday("劳动节", "2024-05-01", "2024-05-05"),
        holiday("端午节", "2024-06-10", "2024-06-10"),
        holiday("中秋节", "2024-09-15", "2024-09-17"),
        holiday("国庆节", "2024-10-01", "2024-10-07"),
        // 2025
        holiday("元旦", "2025-01-01", "2025-01-01"),
        holiday("春节", "2025-01-28", "2025-02-04"),
        holiday("清明节", "2025-04-04", "2025-04-06"),
        holiday("劳动节", "2025-05-01", "2025-05-05"),
        holiday("端午节", "2025-05-31", "2025-06-02"),
        holiday("国庆节、中秋节", "2025-10-01", "2025-10-08"),
        // 2026
        holiday("元旦", "2026-01-01", "2026-01-03"),
        holiday("春节", "2026-02-15", "2026-02-23"),
        holiday("清明节", "2026-04-04", "2026-04-06"),
        holiday("劳动节", "2026-05-01", "2026-05-05"),
        holiday("端午节", "2026-06-19", "2026-06-21"),
        holiday("中秋节", "2026-09-25", "2026-09-27"),
        holiday("国庆节", "2026-10-01", "2026-10-07"),
    ]

    /// The weekend days that became working days (调休上班), 2024–2026.
    public static let chinaSwappedWorkdays: [LocalDate] = [
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ].map(date)

    /// China's national calendar, 2024–2026, built in code from the official notices.
    public static let chinaCalendar = NationalCalendar(
        id: "cn", name: "中华人民共和国法定节假日", holidays: chinaHolidays,
        swappedWorkdays: Set(chinaSwappedWorkdays), coveredYears: [2024, 2025, 2026])

    private static func holiday(_ name: String, _ from: String, _ through: String) -> NationalCalendar.Holiday {
        NationalCalendar.Holiday(name: name, days: days(from, through))
    }

    /// A branch calendar on the Chinese national calendar, Asia/Shanghai, 08:30–17:00.
    public static func businessCalendar(
        openWeekdays: Set<Weekday> = Weekday.workweek, national: NationalCalendar = chinaCalendar,
        closedDates: Set<LocalDate> = [], openDates: Set<LocalDate> = []
    ) -> BusinessCalendar {
        BusinessCalendar(
            national: national, openWeekdays: openWeekdays, opening: opening, closing: closing, timeZone: shanghai,
            closedDates: closedDates, openDates: openDates)
    }

    /// Every day of the week: a branch open at weekends too.
    public static let everyDay: Set<Weekday> = Set(Weekday.allCases)

    // MARK: - Roles and people

    public enum RoleID {
        public static let branchHead = "branch-head"
        public static let partySecretary = "party-secretary"
        public static let disciplineInspector = "discipline-inspector"
        public static let operationsDeputy = "operations-deputy"
        public static let customerManager = "customer-manager"
        public static let modelPost = "model-post"
        public static let deputySupervisor = "deputy-supervisor"
        public static let lobbyManager = "lobby-manager"
        public static let counterManager = "counter-manager"
    }

    public static let roles: [Role] = [
        Role(id: RoleID.branchHead, title: "网点负责人", english: "branch head"),
        Role(id: RoleID.partySecretary, title: "支部书记", english: "party branch secretary"),
        Role(id: RoleID.disciplineInspector, title: "支部纪检员", english: "discipline inspector"),
        Role(id: RoleID.operationsDeputy, title: "内勤副行长", english: "deputy head, back office"),
        Role(id: RoleID.customerManager, title: "客户经理", english: "customer manager"),
        Role(id: RoleID.modelPost, title: "党员示范岗", english: "party-member model post"),
        Role(id: RoleID.deputySupervisor, title: "副督导员", english: "deputy supervisor"),
        Role(id: RoleID.lobbyManager, title: "大堂经理", english: "lobby manager"),
        Role(id: RoleID.counterManager, title: "柜面经理", english: "counter manager"),
    ]

    /// The nine people of the fixture branch, by id. A leads the branch grid (members B–E);
    /// B leads the counter grid below it (members F–I).
    public static let a = "A"
    public static let b = "B"
    public static let c = "C"
    public static let d = "D"
    public static let e = "E"
    public static let f = "F"
    public static let g = "G"
    public static let h = "H"
    public static let i = "I"

    /// A holds branch-head and party-secretary; B operations-deputy and discipline-inspector.
    /// Party members: A, B, C, D, E, G (six).
    public static let staff: [StaffMember] = [
        StaffMember(id: a, name: "林振华", roles: [RoleID.branchHead, RoleID.partySecretary], partyMember: true),
        StaffMember(
            id: b, name: "周敏", roles: [RoleID.operationsDeputy, RoleID.disciplineInspector], partyMember: true),
        StaffMember(id: c, name: "陈晓东", roles: [RoleID.customerManager], partyMember: true),
        StaffMember(id: d, name: "王丽", roles: [RoleID.customerManager, RoleID.modelPost], partyMember: true),
        StaffMember(id: e, name: "赵刚", roles: [RoleID.deputySupervisor], partyMember: true),
        StaffMember(id: f, name: "孙悦", roles: [RoleID.lobbyManager]),
        StaffMember(id: g, name: "吴婷", roles: [RoleID.counterManager], partyMember: true),
        StaffMember(id: h, name: "郑凯", roles: [RoleID.counterManager]),
        StaffMember(id: i, name: "何静", roles: [RoleID.counterManager]),
    ]

    public static let branchGrid = Grid(id: "branch-grid", name: "网点网格", leader: a, members: [b, c, d, e])
    public static let counterGrid = Grid(id: "counter-grid", name: "柜面网格", leader: b, members: [f, g, h, i])
    public static let grids: [Grid] = [branchGrid, counterGrid]

    public static let pairings: [Pairing] = [
        Pairing(id: "pair.a-c", kind: "党群结对", members: [a, c]),
        Pairing(id: "pair.b-f", kind: "党群结对", members: [b, f]),
        Pairing(id: "pair.office", kind: "机关支部结对", members: [a], partner: "分行机关第二党支部"),
    ]

    public static let branchID = "test-branch"

    /// The fixture branch: nine staff, two nested grids, three pairings, Asia/Shanghai,
    /// 08:30–17:00, on the Chinese national calendar.
    public static func branch(
        openWeekdays: Set<Weekday> = Weekday.workweek, staff: [StaffMember] = staff, grids: [Grid] = grids,
        pairings: [Pairing] = pairings, closedDates: Set<LocalDate> = [], openDates: Set<LocalDate> = [],
        since: LocalDate? = nil
    ) -> Branch {
        Branch(
            id: branchID, name: "测试支行营业部",
            calendar: businessCalendar(openWeekdays: openWeekdays, closedDates: closedDates, openDates: openDates),
            since: since, staff: staff, grids: grids, pairings: pairings)
    }

    /// The fixture staff with one person replaced (to make them join or leave, say).
    public static func staff(replacing id: String, with member: (StaffMember) -> StaffMember) -> [StaffMember] {
        staff.map { $0.id == id ? member($0) : $0 }
    }

    /// A copy of a staff member with other joined / left dates.
    public static func member(_ m: StaffMember, joined: LocalDate? = nil, left: LocalDate? = nil) -> StaffMember {
        StaffMember(id: m.id, name: m.name, roles: m.roles, partyMember: m.partyMember, joined: joined, left: left)
    }

    // MARK: - Catalog

    public enum LineID {
        public static let party = "party"
        public static let discipline = "discipline"
        public static let operations = "operations"
        public static let grid = "grid"
        public static let retired = "retired-campaign"
    }

    public static let lines: [Line] = [
        Line(id: LineID.party, title: "党建线", ownerRole: RoleID.partySecretary),
        Line(id: LineID.discipline, title: "纪检线", ownerRole: RoleID.disciplineInspector),
        Line(id: LineID.operations, title: "运营线", ownerRole: RoleID.operationsDeputy),
        Line(id: LineID.grid, title: "网格化管理", ownerRole: RoleID.branchHead),
        Line(id: LineID.retired, title: "已结束的专项活动", ownerRole: RoleID.branchHead, enabled: false),
    ]

    public enum DutyID {
        public static let dailyCashCheck = "ops.daily-cash-check"
        public static let dailyOwnCheck = "ops.daily-own-check"
        public static let weeklyRiskReview = "ops.weekly-risk-review"
        public static let monthlyAccountReview = "ops.monthly-account-review"
        public static let monthlyGridTalk = "grid.monthly-member-talk"
        public static let monthlyGridMeeting = "grid.monthly-meeting"
        public static let monthlySelfCheck = "discipline.monthly-self-check"
        public static let monthlyLeaderCheck = "discipline.monthly-leader-check"
        public static let quarterlyPartyReport = "party.quarterly-member-report"
        public static let quarterlyPairingVisit = "party.quarterly-pairing-visit"
        public static let quarterlyWarningTalk = "discipline.quarterly-warning-talk"
        public static let halfYearlyReview = "party.half-yearly-review"
        public static let yearlyDemocraticLife = "party.yearly-democratic-life"
        public static let yearlyFirstQuarterTraining = "discipline.yearly-q1-training"
        public static let biennialSecurityAssessment = "ops.biennial-security-assessment"
        public static let triggeredFindingRectify = "discipline.finding-rectify"
        public static let triggeredNewHire = "grid.new-hire-talk"
        public static let triggeredCaseReport = "ops.case-report"
        public static let retiredCampaign = "retired.monthly-campaign"
    }

    public static let duties: [Duty] = [
        Duty(
            id: DutyID.dailyCashCheck, title: "每日现金碰库", line: LineID.operations,
            owner: .role(RoleID.operationsDeputy), cadence: .daily),
        Duty(
            id: DutyID.dailyOwnCheck, title: "每日岗前自查", line: LineID.operations, owner: .subject, cadence: .daily,
            scope: .staff),
        Duty(
            id: DutyID.weeklyRiskReview, title: "每周风险排查", line: LineID.operations,
            owner: .role(RoleID.operationsDeputy), cadence: .weekly),
        Duty(
            id: DutyID.monthlyAccountReview, title: "每月账户检查", line: LineID.operations,
            owner: .role(RoleID.operationsDeputy), cadence: .monthly, deadline: .businessDay(5)),
        Duty(
            id: DutyID.monthlyGridTalk, title: "网格长每月谈心", line: LineID.grid, owner: .gridLeader,
            cadence: .monthly, scope: .gridMember),
        Duty(
            id: DutyID.monthlyGridMeeting, title: "网格月度例会", line: LineID.grid, owner: .gridLeader,
            cadence: .monthly, scope: .grid),
        Duty(
            id: DutyID.monthlySelfCheck, title: "员工月度自查", line: LineID.discipline, owner: .subject,
            cadence: .monthly, scope: .staff),
        Duty(
            id: DutyID.monthlyLeaderCheck, title: "格长月度排查员工行为", line: LineID.discipline, owner: .gridLeader,
            cadence: .monthly, scope: .staff),
        Duty(
            id: DutyID.quarterlyPartyReport, title: "党员季度思想汇报", line: LineID.party, owner: .subject,
            cadence: .quarterly, scope: .partyMember),
        Duty(
            id: DutyID.quarterlyPairingVisit, title: "结对季度走访", line: LineID.party,
            owner: .role(RoleID.partySecretary), cadence: .quarterly, scope: .pairing),
        Duty(
            id: DutyID.quarterlyWarningTalk, title: "季度警示教育", line: LineID.discipline,
            owner: .role(RoleID.disciplineInspector), cadence: .quarterly, quota: 2),
        Duty(
            id: DutyID.halfYearlyReview, title: "半年党建工作总结", line: LineID.party,
            owner: .role(RoleID.partySecretary), cadence: .halfYearly),
        Duty(
            id: DutyID.yearlyDemocraticLife, title: "年度组织生活会", line: LineID.party,
            owner: .role(RoleID.partySecretary), cadence: .yearly),
        Duty(
            id: DutyID.yearlyFirstQuarterTraining, title: "每年一季度纪律教育", line: LineID.discipline,
            owner: .role(RoleID.disciplineInspector), cadence: .yearly, deadline: .monthEnd(3)),
        Duty(
            id: DutyID.biennialSecurityAssessment, title: "两年一次安全评估", line: LineID.operations,
            owner: .role(RoleID.branchHead), cadence: .biennial),
        Duty(
            id: DutyID.triggeredFindingRectify, title: "检查发现问题整改", line: LineID.discipline, owner: .subject,
            cadence: .triggered, scope: .person, deadline: .afterBusinessDays(3)),
        Duty(
            id: DutyID.triggeredNewHire, title: "新员工入职谈话", line: LineID.grid, owner: .gridLeader,
            cadence: .triggered, scope: .person, deadline: .afterBusinessDays(5)),
        Duty(
            id: DutyID.triggeredCaseReport, title: "案件风险当日报告", line: LineID.operations,
            owner: .role(RoleID.branchHead), cadence: .triggered, scope: .case, deadline: .afterBusinessDays(0)),
        Duty(
            id: DutyID.retiredCampaign, title: "已结束的专项活动", line: LineID.retired,
            owner: .role(RoleID.branchHead), cadence: .monthly),
    ]

    /// Duties of every cadence and scope over four enabled lines, plus one duty of a
    /// disabled line.
    public static let catalog = Catalog(roles: roles, lines: lines, duties: duties)

    /// A catalog holding only the given duties (over the fixture's roles and lines).
    public static func catalog(only ids: String...) -> Catalog {
        Catalog(roles: roles, lines: lines, duties: ids.map { id in duties.first { $0.id == id }! })
    }

    /// A catalog holding the given duties (over the fixture's roles and lines).
    public static func catalog(_ duties: [Duty]) -> Catalog {
        Catalog(roles: roles, lines: lines, duties: duties)
    }

    public static func duty(_ id: String) -> Duty {
        guard let duty = duties.first(where: { $0.id == id }) else { preconditionFailure("no fixture duty \(id)") }
        return duty
    }

    /// A stored occurrence built around the given instants, for status and permission tests.
    public static func occurrence(
        owner: String?, remindAt: Date = instant("2026-11-25T08:30:00+08:00"),
        deadline: Date = instant("2026-11-30T17:00:00+08:00"), state: OccurrenceState = .open, late: Bool = false,
        closedAt: Date? = nil, line: String = LineID.operations, quota: Int = 1, doneCount: Int = 0
    ) -> Occurrence {
        Occurrence(
            id: 1,
            key: OccurrenceKey(
                branch: branchID, duty: DutyID.monthlySelfCheck, subject: owner ?? "-", period: "2026-11"),
            line: line, cadence: .monthly, scope: .staff, owner: owner, ownerRole: "self",
            periodStart: instant("2026-11-01T00:00:00+08:00"), remindAt: remindAt, deadline: deadline, quota: quota,
            doneCount: doneCount, state: state, closedAt: closedAt, late: late)
    }
}
