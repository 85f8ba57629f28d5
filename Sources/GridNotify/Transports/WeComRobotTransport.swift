import AsyncHTTPClient
import Foundation
import GridCore

/// A WeCom group robot (群机器人): a text message POSTed to its webhook, the `key` in the query
/// from a secret when the address does not carry it; recipients with a WeCom user id are
/// @-mentioned, and everyone's name ends the text.
public struct WeComRobotTransport: Transport {
    let url: String
    let http: HTTPExchange

    init(url: String, key: Secret?, http: HTTPExchange) {
        self.url = QueryValue.append(url, key.map { [("key", $0.value)] } ?? [])
        self.http = http
    }

    struct Body: Encodable {
        struct Text: Encodable {
            let content: String
            let mentioned_list: [String]?
        }
        let msgtype = "text"
        let text: Text
    }

    public func send(_ delivery: Delivery) async -> TransportOutcome {
        let mentions = delivery.message.recipients.compactMap(\.address).filter { !$0.isEmpty }
        let body = Body(
            text: .init(content: MessageText.group(delivery.message), mentioned_list: mentions.isEmpty ? nil : mentions)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(body) else { return .rejected(error: "the message could not be encoded") }
        switch await http.post(url, json: json, deadline: http.deadline()) {
        case .failure(let failure):
            return failure.outcome
        case .success(let reply):
            if let outcome = http.outcome(of: reply) { return outcome }
            guard let answer = ReceiverReply.decode(reply.body), let errcode = answer.errcode else {
                return .retry(error: "the robot answered no errcode\(http.snippet(reply.body))", after: nil)
            }
            switch errcode {
            case 0: return .accepted(reference: nil)
            // Over the robot's 20 messages a minute, or busy.
            case 45009, -1: return .retry(error: http.redact(answer.describe), after: reply.retryAfter)
            default: return .rejected(error: http.redact(answer.describe))
            }
        }
    }
}
