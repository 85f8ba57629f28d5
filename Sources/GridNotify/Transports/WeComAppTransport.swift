import AsyncHTTPClient
import Foundation
import GridCore
import NIOCore

/// A WeCom (企业微信) application message to the recipients' WeCom user ids: `gettoken` with
/// the corp id and the application's secret (the token cached until a minute before its
/// expiry), then `message/send` with WeCom's duplicate check on, so a message repeated
/// within half an hour is shown once.
public struct WeComAppTransport: Transport {
    let api: String
    let corpID: String
    let agentID: Int
    let secret: Secret
    let http: HTTPExchange
    let tokens = WeComTokenCache()

    init(api: String, corpID: String, agentID: Int, secret: Secret, http: HTTPExchange) {
        self.api = api.hasSuffix("/") ? String(api.dropLast()) : api
        self.corpID = corpID
        self.agentID = agentID
        self.secret = secret
        self.http = http
    }

    /// errcodes that say the token is expired (42001) or not valid (40014, 40001).
    static let tokenErrors: Set<Int> = [42001, 40014, 40001]
    /// errcodes that say "later": over a frequency limit (45009, 45033) or busy (-1).
    static let busyErrors: Set<Int> = [45009, 45033, -1]

    struct Body: Encodable {
        struct Text: Encodable { let content: String }
        let touser: String
        let msgtype = "text"
        let agentid: Int
        let text: Text
        let enable_duplicate_check = 1
        let duplicate_check_interval = 1800
    }

    public func send(_ delivery: Delivery) async -> TransportOutcome {
        let users = delivery.message.recipients.compactMap(\.address).filter { !$0.isEmpty }
        guard !users.isEmpty else { return .rejected(error: "no recipient has a WeCom user id") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(
            touser: users.joined(separator: "|"), agentid: agentID,
            text: .init(content: MessageText.direct(delivery.message)))
        guard let json = try? encoder.encode(body) else { return .rejected(error: "the message could not be encoded") }
        let deadline = http.deadline()
        var outcome = await attempt(json, deadline: deadline)
        if case .tokenRefused = outcome {
            outcome = await attempt(json, deadline: deadline)
        }
        switch outcome {
        case .done(let result): return result
        case .tokenRefused(let reply): return .retry(error: "message/send refused a fresh token: \(reply)", after: nil)
        }
    }

    private enum Attempt {
        case done(TransportOutcome)
        case tokenRefused(String)
    }

    private func attempt(_ json: Data, deadline: NIODeadline) async -> Attempt {
        let token: WeComTokenCache.Token
        switch await tokens.token(now: http.now(), fetch: { await fetchToken(deadline: deadline) }) {
        case .failure(let failure): return .done(failure.outcome)
        case .success(let value): token = value
        }
        let url = "\(api)/cgi-bin/message/send?access_token=\(QueryValue.encode(token.value))"
        let reply: HTTPExchange.Reply
        switch await http.post(url, json: json, deadline: deadline) {
        case .failure(let failure): return .done(failure.outcome)
        case .success(let value): reply = value
        }
        if let outcome = http.outcome(of: reply) { return .done(outcome) }
        guard let answer = ReceiverReply.decode(reply.body), let errcode = answer.errcode else {
            return .done(.retry(error: "message/send answered no errcode\(http.snippet(reply.body))", after: nil))
        }
        switch errcode {
        case 0:
            var reference = answer.msgid ?? ""
            if let invalid = answer.invaliduser, !invalid.isEmpty {
                reference += (reference.isEmpty ? "" : "; ") + "invaliduser: \(Escaping.control(invalid))"
            }
            return .done(.accepted(reference: reference.isEmpty ? nil : reference))
        case let code where Self.tokenErrors.contains(code):
            await tokens.invalidate(token.value)
            return .tokenRefused(http.redact(answer.describe))
        case let code where Self.busyErrors.contains(code):
            return .done(.retry(error: "message/send " + http.redact(answer.describe), after: reply.retryAfter))
        default:
            return .done(.rejected(error: "message/send " + http.redact(answer.describe)))
        }
    }

    private func fetchToken(deadline: NIODeadline) async -> Result<WeComTokenCache.Token, TransportFailure> {
        let url =
            "\(api)/cgi-bin/gettoken?corpid=\(QueryValue.encode(corpID))&corpsecret=\(QueryValue.encode(secret.value))"
        let started = http.now()
        switch await http.get(url, deadline: deadline) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let reply):
            if let outcome = http.outcome(of: reply) { return .failure(TransportFailure(outcome: prefixed(outcome))) }
            guard let answer = ReceiverReply.decode(reply.body), let errcode = answer.errcode else {
                return .failure(
                    TransportFailure(
                        outcome: .retry(error: "gettoken answered no errcode\(http.snippet(reply.body))", after: nil)))
            }
            guard errcode == 0, let value = answer.access_token, !value.isEmpty else {
                let error = "gettoken " + http.redact(answer.describe)
                return .failure(
                    TransportFailure(
                        outcome: Self.busyErrors.contains(errcode)
                            ? .retry(error: error, after: nil) : .rejected(error: error)))
            }
            // Kept until a minute before WeCom's expiry (7,200 s), counted from the request.
            let lifetime = Double(answer.expires_in ?? 7200) - 60
            return .success(.init(value: value, expiresAt: started.addingTimeInterval(max(0, lifetime))))
        }
    }

    private func prefixed(_ outcome: TransportOutcome) -> TransportOutcome {
        switch outcome {
        case .retry(let error, let after): .retry(error: "gettoken " + error, after: after)
        case .rejected(let error): .rejected(error: "gettoken " + error)
        case .accepted: outcome
        }
    }
}
