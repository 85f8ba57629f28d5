import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// `notify.yaml`: receivers, routes and templates are read whole or refused with the file,
/// line and field of every problem; a secret written in the file is one of them.
@Suite("notify.yaml")
struct NotifyFileTests {
    func load(_ yaml: String) throws -> Result<Configuration, ConfigError> {
        let schedules = try EditableSchedules()
        try schedules.write(yaml, to: "notify.yaml")
        return schedules.load()
    }

    func problems(_ yaml: String) throws -> [ConfigIssue] {
        guard case .failure(let error) = try load(yaml) else {
            Issue.record("expected notify.yaml to be refused")
            return []
        }
        return error.issues
    }

    @Test("the shipped example reads: one webhook receiver that every message is routed to")
    func shippedExample() throws {
        let example = try String(
            contentsOfFile: Repository.root + "/examples/notify/notify.yaml", encoding: .utf8)
        guard case .success(let configuration) = try load(example) else {
            Issue.record("the example notify.yaml is refused")
            return
        }
        #expect(configuration.notify.receivers.map(\.id) == ["ops-webhook"])
        #expect(configuration.notify.receivers[0].kind == .webhook(url: "http://127.0.0.1:9095/gridduty"))
        #expect(configuration.notify.receivers[0].rate == RateLimit(messages: 1_000, seconds: 1))
        let labels = MessageLabels(
            kind: "digest", level: 0, lines: [], branch: "example", person: "wang.li", roles: [])
        #expect(configuration.notify.receivers(for: labels) == ["ops-webhook"])
    }

    @Test("without notify.yaml nothing is delivered")
    func absent() throws {
        let schedules = try EditableSchedules()
        guard case .success(let configuration) = schedules.load() else {
            Issue.record("the shipped schedules are refused")
            return
        }
        #expect(configuration.notify.isEmpty)
    }

    @Test("every receiver kind reads with its fields and its secrets named, not written")
    func everyKind() throws {
        let yaml = """
            receivers:
              - { id: hook, kind: webhook, url: "https://hooks.example.com/x", rate: 5/min, timeout: 500ms }
              - id: wecom
                kind: wecom-app
                corp-id: ww01
                agent-id: 1000002
                secret: { credential: wecom-secret }
              - { id: robot, kind: wecom-robot, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", key: { file: /etc/gridduty/robot-key } }
              - id: ding
                kind: dingtalk-robot
                url: https://oapi.dingtalk.com/robot/send
                token: { credential: ding-token }
                secret: { credential: ding-secret }
                retry: { attempts: 5, initial: 250ms, max: 30s }
                concurrency: 2
              - { id: mail, kind: mail, from: gridduty@branch.example.com }
            """
        guard case .success(let configuration) = try load(yaml) else {
            Issue.record("refused")
            return
        }
        let receivers = configuration.notify.receivers
        #expect(receivers.map(\.id) == ["hook", "wecom", "robot", "ding", "mail"])
        #expect(receivers[0].rate == RateLimit(messages: 5, seconds: 60))
        #expect(receivers[0].timeoutSeconds == 0.5)
        #expect(
            receivers[1].kind
                == .wecomApp(
                    api: "https://qyapi.weixin.qq.com", corpID: "ww01", agentID: 1_000_002,
                    secret: .credential("wecom-secret")))
        #expect(
            receivers[2].kind
                == .wecomRobot(
                    url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", key: .file("/etc/gridduty/robot-key")))
        #expect(receivers[3].retry == RetryPolicy(attempts: 5, initialSeconds: 0.25, maximumSeconds: 30))
        #expect(receivers[3].concurrency == 2)
        // A group robot's documented limit when the file gives none.
        #expect(receivers[2].rate == RateLimit(messages: 20, seconds: 60))
        #expect(receivers[4].kind == .mail(sendmail: "/usr/sbin/sendmail", from: "gridduty@branch.example.com"))
    }

    @Test("a secret written in the file, or in a robot's address, is refused with its line")
    func secretsRefused() throws {
        let issues = try problems(
            """
            receivers:
              - id: wecom
                kind: wecom-app
                corp-id: ww01
                agent-id: 1000002
                secret: s3cr3t-value
              - id: robot
                kind: wecom-robot
                url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234"
            """)
        #expect(issues.count == 2)
        #expect(
            issues.contains {
                $0.line == 6 && $0.field == "receiver wecom: secret" && $0.message.contains("never written")
            })
        #expect(issues.contains { $0.line == 9 && $0.field == "receiver robot: url" && $0.message.contains("key") })
        // The secret's value is not repeated in any message.
        #expect(!issues.contains { $0.message.contains("s3cr3t") || $0.message.contains("abcd-1234") })
    }

    @Test("unknown kinds, receivers, roles, lines and match fields are each named with file:line")
    func unknownNames() throws {
        let issues = try problems(
            """
            receivers:
              - { id: hook, kind: webhook, url: "http://127.0.0.1:1/x" }
              - { id: hook, kind: pager, url: "http://127.0.0.1:1/y" }
            route:
              receivers: [hook, nowhere]
              routes:
                - match: { kind: [overdue, late], role: [no-such-role], line: [no-such-line], colour: [red] }
                  receivers: [hook]
            templates:
              overdue: { title: "{{#duty}}", body: "x" }
            """)
        let text = issues.map(\.description).joined(separator: "\n")
        #expect(text.contains(":3: receiver hook: id: duplicate receiver 'hook'"))
        #expect(text.contains("unknown receiver kind 'pager'"))
        #expect(text.contains(":5: route: receivers: unknown receiver 'nowhere'"))
        #expect(text.contains(":7: route: routes: match: kind: unknown kind 'late'"))
        #expect(text.contains("unknown role 'no-such-role'"))
        #expect(text.contains("unknown line 'no-such-line'"))
        #expect(text.contains("route: routes: match: colour: unknown field"))
        #expect(text.contains(":10: templates: overdue: title: not a valid template"))
        #expect(issues.allSatisfy { $0.file.hasSuffix("notify.yaml") })
    }

    @Test("bad addresses, rates and durations are refused, and nothing of the file is half-loaded")
    func badValues() throws {
        let issues = try problems(
            """
            receivers:
              - { id: a, kind: webhook, url: "ftp://example.com/x" }
              - { id: b, kind: webhook, url: "http://127.0.0.1:1/x", rate: fast }
              - { id: c, kind: webhook, url: "http://127.0.0.1:1/x", timeout: 10 years }
              - { id: d, kind: mail, from: "not an address" }
              - { id: e, kind: mail, from: a@b.example, sendmail: sendmail }
            """)
        #expect(issues.map(\.line).sorted() == [2, 3, 4, 5, 6])
    }

    @Test("staff addresses are checked for their shape, with the line of each")
    func staffAddresses() throws {
        let schedules = try EditableSchedules()
        try schedules.replace(
            "  - id: wang.li\n", with: "  - id: wang.li\n    mail: \"wang li <x>@example.com\"\n",
            in: "branches/example.yaml")
        try schedules.replace(
            "  - id: zhao.gang\n", with: "  - id: zhao.gang\n    wecom: \"Zhao Gang\"\n", in: "branches/example.yaml")
        guard case .failure(let error) = schedules.load() else {
            Issue.record("expected the branch file to be refused")
            return
        }
        #expect(error.issues.count == 2)
        #expect(
            error.issues.contains { $0.field == "staff wang.li: mail" && $0.message.contains("not a mail address") })
        #expect(
            error.issues.contains { $0.field == "staff zhao.gang: wecom" && $0.message.contains("not a WeCom user id") }
        )
    }

    @Test("the sender reads notify.yaml alone, and an absent file is no receivers")
    func senderReadsAlone() throws {
        let schedules = try EditableSchedules()
        #expect(try ConfigLoader(directory: schedules.path).notifyConfiguration().isEmpty)
        try schedules.write(
            "receivers:\n  - { id: hook, kind: webhook, url: \"http://127.0.0.1:1/x\" }\n", to: "notify.yaml")
        // Even with a broken branch file: the sender needs none of it.
        try schedules.write("branch: [", to: "branches/example.yaml")
        #expect(try ConfigLoader(directory: schedules.path).notifyConfiguration().receivers.map(\.id) == ["hook"])
    }
}
