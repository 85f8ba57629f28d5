import GridCore
import Testing

/// The route tree picks receivers as Alertmanager's does: the first matching child, the
/// deepest node, `continue` to go on, a parent's receivers when a node names none.
@Suite("Routing messages to receivers")
struct NotifyRouteTests {
    func labels(
        kind: String = "overdue", level: Int = 0, line: String = "operations", person: String = "wang.li",
        roles: Set<String> = ["teller"]
    ) -> MessageLabels {
        MessageLabels(kind: kind, level: level, lines: [line], branch: "example", person: person, roles: roles)
    }

    let tree = NotifyRoute(
        receivers: ["ops"],
        routes: [
            NotifyRoute(match: RouteMatch(kinds: ["digest"]), receivers: ["wecom"], continues: true),
            NotifyRoute(
                match: RouteMatch(kinds: ["digest", "escalation"], roles: ["branch-head"]), receivers: ["mail"]),
            NotifyRoute(
                match: RouteMatch(lines: ["discipline"]),
                routes: [NotifyRoute(match: RouteMatch(levels: [2]), receivers: ["inspector"])]),
        ])

    @Test("a message no child takes goes to the root's receivers")
    func root() {
        #expect(tree.receivers(for: labels()) == ["ops"])
    }

    @Test("continue lets the next sibling take the message as well")
    func continues() {
        #expect(tree.receivers(for: labels(kind: "digest", roles: ["branch-head"])) == ["wecom", "mail"])
        #expect(tree.receivers(for: labels(kind: "digest")) == ["wecom"])
    }

    @Test("the first matching child without continue stops the search")
    func firstMatchStops() {
        #expect(tree.receivers(for: labels(kind: "escalation", line: "discipline", roles: ["branch-head"])) == ["mail"])
    }

    @Test("a node without receivers of its own uses its parent's, and its children refine it")
    func inherits() {
        #expect(tree.receivers(for: labels(line: "discipline")) == ["ops"])
        #expect(tree.receivers(for: labels(level: 2, line: "discipline")) == ["inspector"])
    }

    @Test("without a route tree every message goes to every receiver")
    func noRoute() {
        let notify = NotifyConfiguration(
            receivers: [
                Receiver(id: "a", kind: .webhook(url: "http://127.0.0.1:1/a")),
                Receiver(id: "b", kind: .mail(sendmail: "/usr/sbin/sendmail", from: "g@x.example")),
            ], route: nil)
        #expect(notify.receivers(for: labels()) == ["a", "b"])
    }

    @Test("a match field left out matches anything; one given must hold")
    func matchFields() {
        #expect(RouteMatch.any.matches(labels()))
        #expect(RouteMatch(persons: ["wang.li"]).matches(labels()))
        #expect(!RouteMatch(persons: ["zhao.gang"]).matches(labels()))
        #expect(!RouteMatch(kinds: ["digest"], levels: [0]).matches(labels()))
    }
}
