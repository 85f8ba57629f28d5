import Foundation
import GridCore
import Mustache

/// Decides what is said to whom about an alert, when it is raised: which receivers each
/// person it reaches is routed to (`notify.yaml`'s route tree), their addresses there, and
/// the text, rendered from the kind's template. Pure: the daemon writes what it returns in
/// the alert's own transaction.
public struct MessageComposer: Sendable {
    public let notify: NotifyConfiguration
    public let catalog: Catalog
    private let templates: [String: (title: MustacheTemplate, body: MustacheTemplate)]

    public init(notify: NotifyConfiguration, catalog: Catalog) {
        self.notify = notify
        self.catalog = catalog
        var compiled: [String: (MustacheTemplate, MustacheTemplate)] = [:]
        for kind in NotifyConfiguration.kinds {
            let source = notify.templates[kind] ?? MessageTemplates.shipped[kind] ?? MessageTemplates.fallback
            // Checked when notify.yaml was read; the shipped ones by a test.
            let fallback = MessageTemplates.fallback
            compiled[kind] = (
                Self.compile(source.title) ?? Self.compile(fallback.title)!,
                Self.compile(source.body) ?? Self.compile(fallback.body)!
            )
        }
        self.templates = compiled
    }

    /// Messages are plain text: nothing is escaped for HTML, and each transport escapes
    /// for its own format (JSON, mail headers).
    static func compile(_ text: String) -> MustacheTemplate? {
        try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
    }

    public var isEmpty: Bool { notify.isEmpty }

    /// The messages about one alert: one per receiver that at least one of its targets is
    /// routed to, addressed to those targets.
    public func messages(for alert: Alert, occurrence: Occurrence, branch: Branch) -> [OutboxMessage] {
        guard !notify.isEmpty else { return [] }
        let today = alert.day
        let routed = route(
            people: alert.targets, kind: alert.kind.rawValue, level: alert.level, lines: [occurrence.line],
            branch: branch, on: today)
        guard !routed.isEmpty else { return [] }
        let context = alertContext(alert, occurrence: occurrence, branch: branch)
        return routed.compactMap { receiver, people in
            compose(
                source: .alert, sourceID: alert.id, receiver: receiver, kind: alert.kind.rawValue, branch: branch,
                people: people, context: context)
        }
    }

    /// A test message to one receiver (`gridctl notify test`), sent by `login`.
    public static func testMessage(
        notify: NotifyConfiguration, receiver: Receiver, id: Int64, at instant: Date, by login: String,
        recipients: [Recipient] = []
    ) -> OutboxMessage {
        let source = notify.templates["test"] ?? MessageTemplates.shipped["test"] ?? MessageTemplates.fallback
        let context: [String: Any] = [
            "receiver": receiver.id, "kind": receiver.kind.name, "at": ISO8601DateFormatter().string(from: instant),
            "by": login,
        ]
        let title = compile(source.title)?.render(context) ?? "GridDuty"
        let body = compile(source.body)?.render(context) ?? ""
        return OutboxMessage(
            source: .test, sourceID: id, receiver: receiver.id, kind: "test", branch: "", recipients: recipients,
            title: title.trimmingCharacters(in: .whitespacesAndNewlines),
            body: body.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The messages of one stored digest: to its person, at each receiver they are routed to
    /// (kind `digest`, level its highest item's, lines its items').
    public func messages(for digest: Digest, branch: Branch) -> [OutboxMessage] {
        guard !notify.isEmpty, let id = digest.id else { return [] }
        let lines = Set(digest.items.compactMap { catalog.duty($0.duty)?.line })
        let level = digest.items.map(\.level).max() ?? 0
        let routed = route(
            people: [digest.person], kind: "digest", level: level, lines: lines, branch: branch, on: digest.day)
        guard !routed.isEmpty else { return [] }
        let context = digestContext(digest, branch: branch)
        return routed.compactMap { receiver, people in
            compose(
                source: .digest, sourceID: id, receiver: receiver, kind: "digest", branch: branch, people: people,
                context: context)
        }
    }

    // MARK: - Routing

    /// For each receiver, in the file's order, the people routed to it.
    func route(people: [String], kind: String, level: Int, lines: Set<String>, branch: Branch, on day: LocalDate)
        -> [(receiver: Receiver, people: [String])]
    {
        var byReceiver: [String: [String]] = [:]
        for person in people {
            let roles = Set(branch.person(person)?.roles ?? [])
            let labels = MessageLabels(
                kind: kind, level: level, lines: lines, branch: branch.id, person: person, roles: roles)
            for receiver in notify.receivers(for: labels) { byReceiver[receiver, default: []].append(person) }
        }
        return notify.receivers.compactMap { receiver in byReceiver[receiver.id].map { (receiver, $0) } }
    }

    func compose(
        source: OutboxMessage.Source, sourceID: Int64, receiver: Receiver, kind: String, branch: Branch,
        people: [String], context: [String: Any]
    ) -> OutboxMessage? {
        let field = receiver.kind.addressField
        var recipients: [Recipient] = []
        for person in people {
            let address = field.flatMap { branch.person(person)?.contacts[$0] }
            if receiver.kind.needsAddresses && address == nil { continue }
            recipients.append(Recipient(person: person, name: branch.displayName(person), address: address))
        }
        // An application message or a mail needs somebody to go to; a group robot or a
        // webhook takes the message even when no one it names has an address there.
        if receiver.kind.needsAddresses && recipients.isEmpty { return nil }
        var context = context
        context["recipients"] = recipients.map(\.name).joined(separator: "、")
        let (title, body) = render(kind, context)
        return OutboxMessage(
            source: source, sourceID: sourceID, receiver: receiver.id, kind: kind, branch: branch.id,
            recipients: recipients, title: title, body: body)
    }

    func render(_ kind: String, _ context: [String: Any]) -> (title: String, body: String) {
        guard let (title, body) = templates[kind] else { return ("", "") }
        return (
            title.render(context).trimmingCharacters(in: .whitespacesAndNewlines),
            body.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
        )
    }

    // MARK: - What a template can say

    func digestContext(_ digest: Digest, branch: Branch) -> [String: Any] {
        func item(_ item: DigestItem) -> [String: Any] {
            [
                "duty": catalog.duty(item.duty)?.title ?? item.duty,
                "duty_id": item.duty,
                "period": item.period,
                "owner": item.owner.map { branch.displayName($0) } ?? "未指派",
                "deadline": InstantText.format(item.deadline, in: branch.calendar),
                "days_overdue": item.businessDaysOverdue,
                "item": item.occurrenceID,
                "command": "gridctl done \(item.occurrenceID)",
                "escalated": item.escalated,
            ]
        }
        let escalated = digest.escalatedCount
        return [
            "kind": "digest",
            "kind_name": MessageTemplates.kindName("digest"),
            "person": branch.displayName(digest.person),
            "person_id": digest.person,
            "branch": branch.name,
            "branch_id": branch.id,
            "day": digest.day.description,
            "count": digest.count,
            "own_count": digest.count - escalated,
            "escalated_count": escalated,
            "has_escalated": escalated > 0,
            "oldest": digest.oldestDeadline.map { InstantText.format($0, in: branch.calendar) } ?? "",
            "top": digest.mostOverdue.map(item),
            "items": digest.items.map(item),
        ]
    }

    func alertContext(_ alert: Alert, occurrence: Occurrence, branch: Branch) -> [String: Any] {
        let duty = catalog.duty(occurrence.key.duty)
        let owner = occurrence.owner.map { branch.displayName($0) } ?? "未指派（\(occurrence.ownerRole)）"
        var context: [String: Any] = [
            "kind": alert.kind.rawValue,
            "kind_name": MessageTemplates.kindName(alert.kind.rawValue),
            "level": alert.level,
            "duty": duty?.title ?? occurrence.key.duty,
            "duty_id": occurrence.key.duty,
            "period": occurrence.key.period,
            "subject": branch.subjectName(occurrence.key.subject),
            "line": catalog.lines[occurrence.line]?.title ?? occurrence.line,
            "branch": branch.name,
            "branch_id": branch.id,
            "owner": owner,
            "owner_id": occurrence.owner ?? "",
            "deadline": InstantText.format(occurrence.deadline, in: branch.calendar),
            "days_overdue": alert.businessDaysOverdue,
            "item": occurrence.id,
            "command": "gridctl done \(occurrence.id)",
            "day": alert.day.description,
        ]
        if occurrence.quota > 1 { context["progress"] = "\(occurrence.doneCount)/\(occurrence.quota)" }
        return context
    }
}
