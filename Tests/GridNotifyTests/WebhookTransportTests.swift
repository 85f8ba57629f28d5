import AsyncHTTPClient
import Foundation
import GridCore
import GridNotify
import GridTestKit
import Testing

@Suite("Webhook transport")
struct WebhookTransportTests {
    private func transport(_ peer: FakePeer, client: HTTPClient, timeout: Double = 5) throws -> any Transport {
        try Transports.make(
            receiver: Receiver(id: "ops", kind: .webhook(url: peer.url("/alerts")), timeoutSeconds: timeout),
            secrets: SecretStore(credentialsDirectory: nil), client: client)
    }

    @Test("a message is POSTed as an Alertmanager webhook payload with its idempotency key in header and body")
    func payloadShape() async throws {
        // Given a webhook receiver
        let peer = try FakePeer()
        let outcome = try await TransportFixtures.withClient { client in
            // When a delivery is sent
            try await transport(peer, client: client).send(TransportFixtures.delivery(id: 41))
        }

        // Then it is accepted, and the peer got Alertmanager's shape
        #expect(outcome == .accepted(reference: nil))
        let request = try #require(peer.requests(count: 1).first)
        #expect(request.method == "POST")
        #expect(request.path == "/alerts")
        #expect(request.idempotencyKey == "gridduty-41")
        #expect(request.contentType?.hasPrefix("application/json") == true)
        let body = request.body
        #expect(body["version"] as? String == "4")
        #expect(body["status"] as? String == "firing")
        #expect(body["receiver"] as? String == "ops")
        #expect(body["groupKey"] as? String == "gridduty/ops/alert/7")
        #expect(body["idempotencyKey"] as? String == "gridduty-41")
        let alert = try #require((body["alerts"] as? [[String: Any]])?.first)
        #expect(alert["status"] as? String == "firing")
        #expect(alert["startsAt"] as? String == "2026-11-30T00:53:20Z")
        let labels = try #require(alert["labels"] as? [String: String])
        #expect(labels["alertname"] == "overdue")
        #expect(labels["branch"] == "hz-001")
        let annotations = try #require(alert["annotations"] as? [String: String])
        #expect(annotations["summary"] == "【逾期】杭州分行 消防检查")
        #expect(annotations["description"] == "消防检查已逾期 2 天。\n责任人：张三")
        let recipients = try #require(body["recipients"] as? [[String: Any]])
        #expect(recipients.map { $0["name"] as? String } == ["张三", "李四"])
        #expect(recipients.map { $0["address"] as? String } == ["zhangsan", "lisi"])
    }

    @Test("each fault of the receiver maps to retry or rejection as HTTP says")
    func faultsMapped() async throws {
        // Given a webhook that answers 500, 429 with Retry-After: 7, 408, 400, 503 with an HTTP-date, then 204
        let peer = try FakePeer(faults: [
            .status(500, nth: [1], body: "{\"error\":\"boom\"}"),
            .status(429, nth: [2], headers: ["Retry-After": "7"]),
            .status(408, nth: [3]),
            .status(400, nth: [4], body: "bad payload"),
            .status(503, nth: [5], headers: ["Retry-After": "Mon, 30 Nov 2026 00:55:00 GMT"]),
            .status(204, nth: [6]),
        ])
        let outcomes = try await TransportFixtures.withClient { client in
            let transport = try Transports.make(
                receiver: Receiver(id: "ops", kind: .webhook(url: peer.url("/alerts"))),
                secrets: SecretStore(credentialsDirectory: nil), client: client,
                now: { TransportFixtures.created })
            var outcomes: [TransportOutcome] = []
            for _ in 1...6 { outcomes.append(await transport.send(TransportFixtures.delivery())) }
            return outcomes
        }

        // Then each is mapped as the brief of HTTP says
        #expect(outcomes[0] == .retry(error: "HTTP 500: {\"error\":\"boom\"}", after: nil))
        #expect(outcomes[1] == .retry(error: "HTTP 429", after: 7))
        #expect(outcomes[2] == .retry(error: "HTTP 408", after: nil))
        #expect(outcomes[3] == .rejected(error: "HTTP 400: bad payload"))
        #expect(outcomes[4] == .retry(error: "HTTP 503", after: 100))
        #expect(outcomes[5] == .accepted(reference: nil))
    }

    @Test("no answer within the receiver's timeout is a retry")
    func timeoutIsRetry() async throws {
        let peer = try FakePeer(faults: [.hang(seconds: 10)])
        let outcome = try await TransportFixtures.withClient { client in
            try await transport(peer, client: client, timeout: 1).send(TransportFixtures.delivery())
        }
        // The client's deadline ends it on a quiet machine; on a loaded one the peer's close may.
        #expect(TransportFixtures.isRetry(outcome))
        #expect(peer.requests(count: 1).first?.complete == false)
    }

    @Test("a connection reset after the receiver processed the message is a retry, and the repeat carries the same key")
    func resetAfterProcessing() async throws {
        // Given a receiver that processes the first request and then resets the connection
        let peer = try FakePeer(faults: [.reset(nth: [1])])
        let (first, second) = try await TransportFixtures.withClient { client in
            let transport = try transport(peer, client: client)
            let delivery = TransportFixtures.delivery(id: 99)
            return (await transport.send(delivery), await transport.send(delivery))
        }

        // Then the first try is a retry, the second accepted, and the receiver can see the repeat
        #expect(TransportFixtures.isRetry(first))
        #expect(second == .accepted(reference: nil))
        let requests = peer.requests(count: 2)
        #expect(requests.map(\.complete) == [false, true])
        #expect(requests.map(\.idempotencyKey) == ["gridduty-99", "gridduty-99"])
    }

    @Test("a receiver that is down is a retry, and it is reached again once it is back")
    func downThenBack() async throws {
        let peer = try FakePeer()
        try await TransportFixtures.withClient { client in
            let transport = try transport(peer, client: client)
            peer.stop()
            let down = await transport.send(TransportFixtures.delivery())
            #expect(TransportFixtures.isRetry(down))
            #expect(TransportFixtures.error(down)?.hasPrefix("connection failed") == true)
            try peer.start()
            #expect(await transport.send(TransportFixtures.delivery()) == .accepted(reference: nil))
        }
    }

    @Test("a slow answer within the timeout is accepted")
    func slowAnswer() async throws {
        let peer = try FakePeer(faults: [.slow(0.3)])
        let outcome = try await TransportFixtures.withClient { client in
            try await transport(peer, client: client, timeout: 10).send(TransportFixtures.delivery())
        }
        #expect(outcome == .accepted(reference: nil))
    }
}
