import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

@testable import GridNotify

/// What an alert says, and to whom at each receiver: routed per person, addressed from the
/// branch file, rendered from the kind's template (the shipped one or notify.yaml's).
@Suite("Composing messages")
struct MessageComposerTests {
    let configuration: Configuration
    let branch: Branch

    init() throws {
        // The example branch, with mail addresses for two of its staff.
        let directory = TemporaryDirectory("composer-tests")
        let schedules = directory.file("schedules")
        try Repository.copySchedules(to: schedules)
        let file = schedules + "/branches/example.yaml"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        for person in ["wang.li", "lin.zhenhua"] {
            text = text.replacingOccurrences(
                of: "  - id: \(person)\n", with: "  - id: \(person)\n    mail: \(person)@branch.example.com\n")
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        configuration = try ConfigLoader(directory: schedules).load()
        branch = try #require(configuration.branch("example"))
    }

    func occurrence(owner: String = "wang.li") throws -> Occurrence {
        let duty = try #require(configuration.catalog.activeDuties.first { $0.cadence != .triggered })
        let day = try #require(LocalDate(year: 2026, month: 11, day: 30))
        let deadline = branch.calendar.instant(day, try #require(TimeOfDay(hour: 17, minute: 0)))
        return Occurrence(
            id: 42, key: OccurrenceKey(branch: "example", duty: duty.id, subject: "example", period: "2026-11"),
            line: duty.line, cadence: duty.cadence, scope: duty.scope, owner: owner, ownerRole: "customer-manager",
            periodStart: deadline.addingTimeInterval(-86_400 * 20), remindAt: deadline.addingTimeInterval(-86_400),
            deadline: deadline, quota: 1, doneCount: 0, state: .open, closedAt: nil, late: false)
    }

    func alert(_ kind: AlertKind, targets: [String], level: Int = 0, days: Int = 1) -> Alert {
        Alert(
            id: 7, occurrenceID: 42, kind: kind, level: level, day: LocalDate(year: 2026, month: 12, day: 1)!,
            dueAt: Date(), raisedAt: Date(),
            targets: targets, businessDaysOverdue: days, catchUpFrom: nil, catchUpTo: nil, acknowledgedBy: nil,
            acknowledgedAt: nil)
    }

    let receivers = [
        Receiver(id: "hook", kind: .webhook(url: "http://127.0.0.1:1/x")),
        Receiver(id: "mail", kind: .mail(sendmail: "/usr/sbin/sendmail", from: "gridduty@branch.example.com")),
    ]

    @Test("an overdue alert says what, by when, whose and what to run, in Chinese")
    func overdueText() throws {
        let composer = MessageComposer(
            notify: NotifyConfiguration(receivers: [receivers[0]], route: nil), catalog: configuration.catalog)
        let messages = composer.messages(
            for: alert(.overdue, targets: ["wang.li"]), occurrence: try occurrence(), branch: branch)
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.title.hasPrefix("【逾期】"))
        #expect(message.body.contains("王丽"))
        #expect(message.body.contains("2026-11-30 17:00"))
        #expect(message.body.contains("gridctl done 42"))
        #expect(message.source == .alert && message.sourceID == 7 && message.receiver == "hook")
    }

    @Test("a mail goes only to the targets with an address, one message per receiver")
    func addresses() throws {
        let composer = MessageComposer(
            notify: NotifyConfiguration(receivers: receivers, route: nil), catalog: configuration.catalog)
        let messages = composer.messages(
            for: alert(.escalation, targets: ["wang.li", "nobody.here"], level: 1, days: 2),
            occurrence: try occurrence(), branch: branch)
        #expect(messages.map(\.receiver) == ["hook", "mail"])
        let mail = try #require(messages.last)
        #expect(mail.recipients == [Recipient(person: "wang.li", name: "王丽", address: "wang.li@branch.example.com")])
        #expect(messages[0].recipients.map(\.person) == ["wang.li", "nobody.here"])
        #expect(mail.title.contains("2 个工作日"))
    }

    @Test("routes pick receivers per person: a branch head's escalation to mail, the rest to the webhook")
    func routedPerPerson() throws {
        let route = NotifyRoute(
            receivers: ["hook"],
            routes: [NotifyRoute(match: RouteMatch(roles: ["branch-head"]), receivers: ["mail"])])
        let composer = MessageComposer(
            notify: NotifyConfiguration(receivers: receivers, route: route), catalog: configuration.catalog)
        let messages = composer.messages(
            for: alert(.escalation, targets: ["wang.li", "lin.zhenhua"], level: 2, days: 3),
            occurrence: try occurrence(), branch: branch)
        #expect(messages.map(\.receiver) == ["hook", "mail"])
        #expect(messages[0].recipients.map(\.person) == ["wang.li"])
        #expect(messages[1].recipients.map(\.address) == ["lin.zhenhua@branch.example.com"])
    }

    @Test("notify.yaml's template replaces the shipped one, and text is never HTML-escaped")
    func override() throws {
        let notify = NotifyConfiguration(
            receivers: [receivers[0]], route: nil,
            templates: ["overdue": MessageTemplate(title: "LATE <{{duty_id}}>", body: "{{owner}} & {{days_overdue}}")])
        let composer = MessageComposer(notify: notify, catalog: configuration.catalog)
        let message = try #require(
            composer.messages(
                for: alert(.overdue, targets: ["wang.li"], days: 4), occurrence: try occurrence(), branch: branch
            )
            .first)
        #expect(message.title == "LATE <\(try occurrence().key.duty)>")
        #expect(message.body == "王丽 & 4")
    }

    @Test("every shipped template compiles")
    func shippedCompile() {
        for kind in NotifyConfiguration.kinds {
            let template = MessageTemplates.shipped[kind]
            #expect(template != nil, "no shipped template for \(kind)")
            #expect(MessageComposer.compile(template?.title ?? "") != nil)
            #expect(MessageComposer.compile(template?.body ?? "") != nil)
        }
    }

    @Test("without receivers an alert has no messages")
    func noReceivers() throws {
        let composer = MessageComposer(notify: .none, catalog: configuration.catalog)
        #expect(
            composer.messages(for: alert(.overdue, targets: ["wang.li"]), occurrence: try occurrence(), branch: branch)
                .isEmpty)
    }
}
