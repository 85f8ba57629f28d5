import Foundation
import GridCore
import Mustache
import Yams

/// Reads `notify.yaml`: the receivers messages are delivered to, the route tree that picks
/// them, and templates that replace the shipped text of a kind of message.
///
///     receivers:
///       - { id: ops, kind: webhook, url: "http://127.0.0.1:9095/gridduty" }
///       - id: wecom
///         kind: wecom-app
///         corp-id: ww0123456789abcdef
///         agent-id: 1000002
///         secret: { credential: wecom-secret }
///     route:
///       receivers: [ops]
///       routes:
///         - { match: { kind: [digest, escalation] }, receivers: [wecom], continue: true }
///
/// A secret is never written here (the file is world-readable and kept in version control):
/// it is named, `{ credential: NAME }` for a systemd credential or `{ file: PATH }`.
struct NotifyFileReader {
    let file: String
    let log: IssueLog
    /// The role and line ids routes may name; empty when they did not load whole, and then unchecked.
    let roles: Set<String>
    let lines: Set<String>

    func read(_ root: Node) -> NotifyConfiguration {
        let top = MappingReader(file: file, node: root, context: "", log: log)
        top.rejectUnknownKeys(["receivers", "route", "templates"])
        var receivers: [Receiver] = []
        var seen: [String: Int] = [:]
        for node in top.mappings("receivers") {
            let entry = MappingReader(file: file, node: node, context: "receiver", log: log)
            let id = entry.id("id", required: true)
            let reader = entry.with(context: id.map { "receiver \($0)" } ?? "receiver")
            if let id {
                if let first = seen[id] {
                    reader.fail("id", "duplicate receiver '\(id)' (first on line \(first))")
                } else {
                    seen[id] = reader.line(of: "id")
                }
            }
            if let receiver = readReceiver(reader, id: id) { receivers.append(receiver) }
        }
        var route: NotifyRoute?
        if let node = top.node("route") {
            route = readRoute(MappingReader(file: file, node: node, context: "route", log: log), known: Set(seen.keys))
        }
        var templates: [String: MessageTemplate] = [:]
        if let node = top.node("templates") {
            let reader = MappingReader(file: file, node: node, context: "templates", log: log)
            reader.rejectUnknownKeys(Set(NotifyConfiguration.kinds))
            for kind in NotifyConfiguration.kinds {
                guard let node = reader.node(kind) else { continue }
                let entry = MappingReader(file: file, node: node, context: "templates: \(kind)", log: log)
                entry.rejectUnknownKeys(["title", "body"])
                let title = template(entry, "title")
                let body = template(entry, "body")
                if let title, let body { templates[kind] = MessageTemplate(title: title, body: body) }
            }
        }
        return NotifyConfiguration(receivers: receivers, route: route, templates: templates)
    }

    // MARK: - Receivers

    private static let common = ["id", "kind", "rate", "retry", "timeout", "concurrency"]

    private func readReceiver(_ reader: MappingReader, id: String?) -> Receiver? {
        guard let kindName = reader.string("kind", required: true) else {
            reader.rejectUnknownKeys(
                Set(Self.common + ["url", "key", "token", "secret", "corp-id", "agent-id", "api", "sendmail", "from"]))
            return nil
        }
        let kind: ReceiverKind?
        switch kindName {
        case "webhook":
            reader.rejectUnknownKeys(Set(Self.common + ["url"]))
            kind = url(reader, "url", required: true).map { .webhook(url: $0) }
        case "wecom-app":
            reader.rejectUnknownKeys(Set(Self.common + ["corp-id", "agent-id", "secret", "api"]))
            let api = url(reader, "api") ?? "https://qyapi.weixin.qq.com"
            let corp = reader.id("corp-id", required: true)
            let agent = reader.int("agent-id", required: true, minimum: 1)
            let secret = secretReference(reader, "secret", required: true)
            if let corp, let agent, let secret {
                kind = .wecomApp(api: api, corpID: corp, agentID: agent, secret: secret)
            } else {
                kind = nil
            }
        case "wecom-robot":
            reader.rejectUnknownKeys(Set(Self.common + ["url", "key"]))
            let address = url(reader, "url", required: true, secretQuery: "key")
            let key = secretReference(reader, "key")
            kind = address.map { .wecomRobot(url: $0, key: key) }
        case "dingtalk-robot":
            reader.rejectUnknownKeys(Set(Self.common + ["url", "token", "secret"]))
            let address = url(reader, "url", required: true, secretQuery: "access_token")
            let token = secretReference(reader, "token")
            let secret = secretReference(reader, "secret")
            kind = address.map { .dingtalkRobot(url: $0, token: token, secret: secret) }
        case "mail":
            reader.rejectUnknownKeys(Set(Self.common + ["sendmail", "from"]))
            let from = reader.string("from", required: true)
            if let from, let problem = StaffContact.problem("mail", from) { reader.fail("from", problem) }
            let sendmail = reader.string("sendmail") ?? "/usr/sbin/sendmail"
            if !sendmail.hasPrefix("/") {
                reader.fail("sendmail", "\(ConfigLimits.quoted(sendmail)) is not an absolute path")
            }
            if let from, StaffContact.problem("mail", from) == nil, sendmail.hasPrefix("/") {
                kind = .mail(sendmail: sendmail, from: from)
            } else {
                kind = nil
            }
        default:
            reader.fail(
                "kind",
                "unknown receiver kind \(ConfigLimits.quoted(kindName)); expected one of: \(ReceiverKind.names.joined(separator: ", "))"
            )
            return nil
        }
        let rate = rateLimit(reader)
        let retry = retryPolicy(reader)
        let timeout = reader.node("timeout") == nil ? 10 : duration(reader, "timeout", within: 0.1...300)
        let concurrency = reader.int("concurrency", minimum: 1)
        if let concurrency, concurrency > 64 { reader.fail("concurrency", "\(concurrency) is more than 64") }
        guard let id, let kind, let timeout else { return nil }
        return Receiver(
            id: id, kind: kind, rate: rate, retry: retry ?? .standard, timeoutSeconds: timeout,
            concurrency: concurrency.map { min($0, 64) })
    }

    /// An http(s) address with a host. A secret the receiver takes in the query (a robot's
    /// key or token) must not be in it: that is what `key:`/`token:` are for.
    private func url(_ reader: MappingReader, _ key: String, required: Bool = false, secretQuery: String? = nil)
        -> String?
    {
        guard let text = reader.string(key, required: required) else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            !text.unicodeScalars.contains(where: { $0.value <= 32 })
        else {
            reader.fail(key, "\(ConfigLimits.quoted(text)) is not an http:// or https:// address with a host")
            return nil
        }
        if let secretQuery, components.queryItems?.contains(where: { $0.name == secretQuery }) == true {
            reader.fail(
                key,
                "the address holds its \(secretQuery) in the query; a secret is never written in schedules/: give it as `\(secretQuery == "key" ? "key" : "token"): { credential: NAME }` or `{ file: PATH }`"
            )
            return nil
        }
        return text
    }

    private func secretReference(_ reader: MappingReader, _ key: String, required: Bool = false) -> SecretReference? {
        guard let node = reader.node(key) else {
            if required {
                reader.fail(key, "missing; name where the secret is read: { credential: NAME } or { file: PATH }")
            }
            return nil
        }
        guard node.mapping != nil else {
            reader.fail(
                key,
                "a secret is never written in schedules/ (world-readable, kept in version control); name where it is read: { credential: NAME } (systemd LoadCredential=) or { file: PATH }"
            )
            return nil
        }
        let entry = MappingReader(file: file, node: node, context: reader.field(key), log: log)
        entry.rejectUnknownKeys(["credential", "file"])
        let credential = entry.id("credential")
        let path = entry.string("file")
        switch (credential, path) {
        case (let name?, nil): return .credential(name)
        case (nil, let path?):
            guard path.hasPrefix("/") else {
                entry.fail("file", "\(ConfigLimits.quoted(path)) is not an absolute path")
                return nil
            }
            return .file(path)
        default:
            reader.fail(key, "expected exactly one of: credential, file")
            return nil
        }
    }

    /// `N/s`, `N/min` or `N/h`.
    private func rateLimit(_ reader: MappingReader) -> RateLimit? {
        guard let text = reader.string("rate") else { return nil }
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: "/")
        let units: [String: Double] = ["s": 1, "sec": 1, "min": 60, "m": 60, "h": 3_600]
        guard parts.count == 2, let count = Int(parts[0]), count >= 1, count <= 1_000_000,
            let seconds = units[String(parts[1])]
        else {
            reader.fail(
                "rate", "\(ConfigLimits.quoted(text)) is not a rate; expected N/s, N/min or N/h (e.g. 20/min)")
            return nil
        }
        return RateLimit(messages: count, seconds: seconds)
    }

    private func retryPolicy(_ reader: MappingReader) -> RetryPolicy? {
        guard let node = reader.node("retry") else { return nil }
        let entry = MappingReader(file: file, node: node, context: reader.field("retry"), log: log)
        entry.rejectUnknownKeys(["attempts", "initial", "max"])
        let standard = RetryPolicy.standard
        let attempts = entry.int("attempts", minimum: 1) ?? standard.attempts
        if attempts > 1_000 { entry.fail("attempts", "\(attempts) is more than 1000") }
        let initial =
            entry.node("initial") == nil
            ? standard.initialSeconds : duration(entry, "initial", within: 0.001...86_400) ?? standard.initialSeconds
        let maximum =
            entry.node("max") == nil
            ? standard.maximumSeconds : duration(entry, "max", within: 0.001...604_800) ?? standard.maximumSeconds
        if maximum < initial { entry.fail("max", "is shorter than initial") }
        return RetryPolicy(attempts: min(attempts, 1_000), initialSeconds: initial, maximumSeconds: maximum)
    }

    /// `250ms`, `2s`, `5min` (or `5m`), `1h`.
    private func duration(_ reader: MappingReader, _ key: String, within range: ClosedRange<Double>) -> Double? {
        guard let text = reader.string(key) else { return nil }
        let units: [(String, Double)] = [("ms", 0.001), ("min", 60), ("s", 1), ("m", 60), ("h", 3_600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)), number.isFinite {
                let seconds = number * scale
                guard range.contains(seconds) else {
                    reader.fail(
                        key, "\(ConfigLimits.quoted(text)) is outside \(range.lowerBound)s to \(range.upperBound)s")
                    return nil
                }
                return seconds
            }
        }
        reader.fail(key, "\(ConfigLimits.quoted(text)) is not a duration; expected e.g. 500ms, 2s, 5min or 1h")
        return nil
    }

    // MARK: - Routes

    private func readRoute(_ reader: MappingReader, known: Set<String>, depth: Int = 0) -> NotifyRoute? {
        reader.rejectUnknownKeys(["match", "receivers", "continue", "routes"])
        guard depth < 16 else {
            reader.fail("routes", "routes nest more than 16 deep")
            return nil
        }
        var receivers: [String] = []
        for (id, line) in reader.strings("receivers") ?? [] {
            if known.contains(id) {
                receivers.append(id)
            } else {
                log.add(
                    file, line, reader.field("receivers"),
                    "unknown receiver \(ConfigLimits.quoted(id)); expected one of: \(known.sorted().joined(separator: ", "))"
                )
            }
        }
        var match = RouteMatch.any
        if let node = reader.node("match") {
            match = readMatch(MappingReader(file: file, node: node, context: reader.field("match"), log: log))
        }
        var children: [NotifyRoute] = []
        for node in reader.mappings("routes") {
            let child = MappingReader(file: file, node: node, context: reader.field("routes"), log: log)
            if let route = readRoute(child, known: known, depth: depth + 1) { children.append(route) }
        }
        return NotifyRoute(
            match: match, receivers: receivers, continues: reader.bool("continue") ?? false, routes: children)
    }

    private func readMatch(_ reader: MappingReader) -> RouteMatch {
        reader.rejectUnknownKeys(["kind", "level", "line", "branch", "person", "role"])
        func values(_ key: String, allowed: Set<String>?, noun: String) -> Set<String> {
            var result: Set<String> = []
            for (value, line) in reader.strings(key) ?? [] {
                if let allowed, !allowed.isEmpty, !allowed.contains(value) {
                    log.add(
                        file, line, reader.field(key),
                        "unknown \(noun) \(ConfigLimits.quoted(value)); expected one of: \(allowed.sorted().joined(separator: ", "))"
                    )
                } else if allowed == nil, !ConfigLimits.isValidID(value) {
                    log.add(file, line, reader.field(key), ConfigLimits.idProblem(value))
                } else {
                    result.insert(value)
                }
            }
            return result
        }
        var levels: Set<Int> = []
        for (value, line) in reader.strings("level") ?? [] {
            if let level = Int(value), (0...20).contains(level) {
                levels.insert(level)
            } else {
                log.add(
                    file, line, reader.field("level"), "\(ConfigLimits.quoted(value)) is not a level from 0 to 20")
            }
        }
        return RouteMatch(
            kinds: values("kind", allowed: Set(NotifyConfiguration.kinds), noun: "kind"), levels: levels,
            lines: values("line", allowed: lines, noun: "line"),
            branches: values("branch", allowed: nil, noun: "branch"),
            persons: values("person", allowed: nil, noun: "person"), roles: values("role", allowed: roles, noun: "role")
        )
    }

    // MARK: - Templates

    /// A Mustache template, parsed now so that a broken one is an error of the file, not a
    /// message that fails to render at three in the morning.
    private func template(_ reader: MappingReader, _ key: String) -> String? {
        guard let node = reader.node(key) else {
            reader.fail(key, "missing; a template has a title and a body")
            return nil
        }
        guard let scalar = node.scalar else {
            reader.fail(key, "expected text")
            return nil
        }
        let text = scalar.string
        guard text.unicodeScalars.count <= 4_000 else {
            reader.fail(key, "is \(text.unicodeScalars.count) characters long; at most 4000 are allowed")
            return nil
        }
        do {
            _ = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            reader.fail(
                key,
                "not a valid template: \(error.error) at its line \(error.context.lineNumber), column \(error.context.columnNumber)"
            )
            return nil
        } catch {
            reader.fail(key, "not a valid template: \(error)")
            return nil
        }
        return text
    }
}

extension ConfigLoader {
    /// Reads `notify.yaml` alone, for the sender (`gridd-notify`), which needs nothing else:
    /// messages are rendered and addressed when they are written. Without the file, no
    /// receivers. Roles and lines in routes are checked by the full load (`gridd`, `validate`).
    public func notifyConfiguration() throws -> NotifyConfiguration {
        let log = IssueLog()
        let configuration = readNotify(log: log, roles: [], lines: [])
        guard log.isEmpty else { throw ConfigError(issues: log.issues) }
        return configuration
    }

    func readNotify(log: IssueLog, roles: Set<String>, lines: Set<String>) -> NotifyConfiguration {
        guard let (file, root) = parse("notify.yaml", log: log, required: false) else { return .none }
        return NotifyFileReader(file: file, log: log, roles: roles, lines: lines).read(root)
    }
}
