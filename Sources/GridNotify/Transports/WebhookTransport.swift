import AsyncHTTPClient
import Foundation
import GridCore

/// A generic JSON webhook: one POST per message in the shape of Alertmanager's webhook
/// payload (version 4), so that tools that take Alertmanager's webhooks take GridDuty's.
/// The delivery's id is sent as `Idempotency-Key` and in the body: a receiver that keeps
/// the keys it has seen can drop the repeat of a message whose answer was lost.
public struct WebhookTransport: Transport {
    let receiver: String
    let url: String
    let http: HTTPExchange

    public func send(_ delivery: Delivery) async -> TransportOutcome {
        let key = Self.idempotencyKey(delivery)
        let body: Data
        do {
            body = try Self.payload(delivery, key: key)
        } catch {
            return .rejected(error: "the message could not be encoded as JSON")
        }
        switch await http.post(url, json: body, headers: [("Idempotency-Key", key)], deadline: http.deadline()) {
        case .failure(let failure):
            return failure.outcome
        case .success(let reply):
            return http.outcome(of: reply) ?? .accepted(reference: nil)
        }
    }

    static func idempotencyKey(_ delivery: Delivery) -> String { "gridduty-\(delivery.id)" }

    struct Payload: Encodable {
        let version = "4"
        let groupKey: String
        let truncatedAlerts = 0
        let status = "firing"
        let receiver: String
        let groupLabels: [String: String]
        let commonLabels: [String: String]
        let commonAnnotations: [String: String]
        let externalURL = ""
        let alerts: [Alert]
        let recipients: [Recipient]
        let idempotencyKey: String
    }

    struct Alert: Encodable {
        let status = "firing"
        let labels: [String: String]
        let annotations: [String: String]
        let startsAt: String
        let endsAt = "0001-01-01T00:00:00Z"
        let generatorURL = ""
        let fingerprint: String
    }

    static func payload(_ delivery: Delivery, key: String) throws -> Data {
        let message = delivery.message
        let labels = [
            "alertname": message.kind, "branch": message.branch, "source": message.source.rawValue,
            "receiver": message.receiver,
        ]
        let annotations = ["summary": message.title, "description": message.body]
        let formatter = ISO8601DateFormatter()
        let payload = Payload(
            groupKey: "gridduty/\(message.receiver)/\(message.source.rawValue)/\(message.sourceID)",
            receiver: message.receiver, groupLabels: ["alertname": message.kind], commonLabels: labels,
            commonAnnotations: annotations,
            alerts: [
                Alert(
                    labels: labels, annotations: annotations, startsAt: formatter.string(from: delivery.createdAt),
                    fingerprint: "\(message.source.rawValue)-\(message.sourceID)")
            ],
            recipients: message.recipients, idempotencyKey: key)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(payload)
    }
}
