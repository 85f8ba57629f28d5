import AsyncHTTPClient
import Foundation
import GridCore
import GridNotify
import GridTestKit
import Testing

@Suite("WeCom group robot transport")
struct WeComRobotTransportTests {
    private static let key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"

    private func make(_ peer: FakePeer, _ client: HTTPClient) throws -> any Transport {
        let directory = TemporaryDirectory()
        let store = try TransportFixtures.secrets(["robot-key": Self.key], in: directory)
        let kind = ReceiverKind.wecomRobot(url: peer.url("/cgi-bin/webhook/send"), key: .credential("robot-key"))
        return try Transports.make(receiver: Receiver(id: "group", kind: kind), secrets: store, client: client)
    }

    @Test("a message is POSTed with the key in the query, the recipients mentioned and named in the text")
    func requestShape() async throws {
        let peer = try FakePeer(options: ["--wecom-robot-key", Self.key])
        let outcome = try await TransportFixtures.withClient { client in
            try await make(peer, client).send(TransportFixtures.delivery())
        }
        #expect(outcome == .accepted(reference: nil))
        let request = try #require(peer.requests(count: 1).first)
        #expect(request.query == ["key": Self.key])
        #expect(request.errcode == 0)
        #expect(request.body["msgtype"] as? String == "text")
        let text = try #require(request.body["text"] as? [String: Any])
        #expect(text["content"] as? String == "【逾期】杭州分行 消防检查\n消防检查已逾期 2 天。\n责任人：张三\n接收人：张三、李四")
        #expect(text["mentioned_list"] as? [String] == ["zhangsan", "lisi"])
    }

    @Test("the robot's rate limit (45009) is a retry, a wrong key a rejection that does not show the key")
    func errcodes() async throws {
        let peer = try FakePeer(
            options: ["--wecom-robot-key", "another-key"],
            faults: [.status(200, nth: [1], body: #"{"errcode":45009,"errmsg":"api freq out of limit"}"#)])
        try await TransportFixtures.withClient { client in
            let transport = try make(peer, client)
            #expect(
                await transport.send(TransportFixtures.delivery())
                    == .retry(error: "errcode 45009: api freq out of limit", after: nil))
            #expect(
                await transport.send(TransportFixtures.delivery())
                    == .rejected(error: "errcode 93000: invalid webhook url"))
        }
    }

    @Test("a 500, a 429 with Retry-After and a peer that is down are retries whose errors hide the key")
    func httpFaults() async throws {
        let peer = try FakePeer(
            options: ["--wecom-robot-key", Self.key],
            faults: [
                .status(500, nth: [1], body: "upstream key=\(Self.key) failed"),
                .status(429, nth: [2], headers: ["Retry-After": "7"]),
            ])
        try await TransportFixtures.withClient { client in
            let transport = try make(peer, client)
            #expect(
                await transport.send(TransportFixtures.delivery())
                    == .retry(error: "HTTP 500: upstream key=<secret> failed", after: nil))
            #expect(await transport.send(TransportFixtures.delivery()) == .retry(error: "HTTP 429", after: 7))
            peer.stop()
            let down = await transport.send(TransportFixtures.delivery())
            #expect(TransportFixtures.isRetry(down))
            #expect(TransportFixtures.error(down)?.contains(Self.key) == false)
        }
    }
}
