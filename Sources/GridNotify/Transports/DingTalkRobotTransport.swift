import AsyncHTTPClient
import Crypto
import Foundation
import GridCore

/// A DingTalk (钉钉) custom group robot: a text message POSTed to its webhook with the
/// `access_token`, and when the robot is set to sign (加签), the time in milliseconds and
/// `sign`, the Base64 HMAC-SHA256 of "timestamp\nsecret" keyed with the secret. Recipients
/// with a mobile number are @-mentioned (`at.atMobiles` and "@mobile" in the text, which
/// DingTalk needs to show the mention).
public struct DingTalkRobotTransport: Transport {
    let url: String
    let token: Secret?
    let secret: Secret?
    let http: HTTPExchange

    struct Body: Encodable {
        struct Text: Encodable { let content: String }
        struct At: Encodable {
            let atMobiles: [String]
            let isAtAll = false
        }
        let msgtype = "text"
        let text: Text
        let at: At
    }

    /// `sign` before URL encoding: Base64(HMAC-SHA256(key: secret, "timestamp\nsecret")).
    static func signature(timestamp: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: key)
        return Data(code).base64EncodedString()
    }

    public func send(_ delivery: Delivery) async -> TransportOutcome {
        let mobiles = delivery.message.recipients.compactMap(\.address).filter { !$0.isEmpty }
        let content = MessageText.group(delivery.message) { recipient in
            guard let mobile = recipient.address, !mobile.isEmpty else { return recipient.name }
            return "\(recipient.name) @\(mobile)"
        }
        let body = Body(text: .init(content: content), at: .init(atMobiles: mobiles))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(body) else { return .rejected(error: "the message could not be encoded") }
        var parameters: [(String, String)] = []
        if let token { parameters.append(("access_token", token.value)) }
        if let secret {
            let timestamp = Int64((http.now().timeIntervalSince1970 * 1000).rounded(.down))
            parameters.append(("timestamp", String(timestamp)))
            parameters.append(("sign", Self.signature(timestamp: timestamp, secret: secret.value)))
        }
        switch await http.post(QueryValue.append(url, parameters), json: json, deadline: http.deadline()) {
        case .failure(let failure):
            return failure.outcome
        case .success(let reply):
            if let outcome = http.outcome(of: reply) { return outcome }
            guard let answer = ReceiverReply.decode(reply.body), let errcode = answer.errcode else {
                return .retry(error: "the robot answered no errcode\(http.snippet(reply.body))", after: nil)
            }
            switch errcode {
            case 0: return .accepted(reference: nil)
            // Sent too fast (over 20 a minute), or busy.
            case 130101, -1: return .retry(error: http.redact(answer.describe), after: reply.retryAfter)
            // 310000: the signature, the keyword or the IP address does not match the robot's settings.
            default: return .rejected(error: http.redact(answer.describe))
            }
        }
    }
}
