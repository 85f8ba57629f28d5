import AsyncHTTPClient
import Foundation
import GridCore
import GridTestKit
import Testing

@testable import GridNotify

@Suite("DingTalk robot transport")
struct DingTalkRobotTransportTests {
    private static let token = "9f2c0d1e7b"
    private static let secret = "SEC1a2b3c+d/e=f"

    private func make(_ peer: FakePeer, _ client: HTTPClient, signingSecret: String = secret) throws -> any Transport {
        let directory = TemporaryDirectory()
        let store = try TransportFixtures.secrets(
            ["ding-token": Self.token, "ding-secret": signingSecret], in: directory)
        let kind = ReceiverKind.dingtalkRobot(
            url: peer.url("/robot/send"), token: .credential("ding-token"), secret: .credential("ding-secret"))
        return try Transports.make(receiver: Receiver(id: "ding", kind: kind), secrets: store, client: client)
    }

    private func peer(faults: [FakePeer.Fault] = []) throws -> FakePeer {
        try FakePeer(options: ["--dingtalk-token", Self.token, "--dingtalk-secret", Self.secret], faults: faults)
    }

    private var mobiles: [Recipient] {
        [
            Recipient(person: "zhang.san", name: "张三", address: "13800000001"),
            Recipient(person: "wang.wu", name: "王五", address: nil),
        ]
    }

    @Test("a message is signed with the robot's secret, which the peer verifies, and mentions the recipients' mobiles")
    func signedRequest() async throws {
        let peer = try peer()
        let outcome = try await TransportFixtures.withClient { client in
            try await make(peer, client).send(TransportFixtures.delivery(recipients: mobiles))
        }
        #expect(outcome == .accepted(reference: nil))
        let request = try #require(peer.requests(count: 1).first)
        #expect(request.signature == "valid")
        #expect(request.query["access_token"] == Self.token)
        let timestamp = try #require(request.query["timestamp"].flatMap { Double($0) })
        #expect(abs(timestamp / 1000 - Date().timeIntervalSince1970) < 600)
        #expect(request.body["msgtype"] as? String == "text")
        #expect(
            (request.body["text"] as? [String: String])?["content"]
                == "【逾期】杭州分行 消防检查\n消防检查已逾期 2 天。\n责任人：张三\n接收人：张三 @13800000001、王五")
        let at = try #require(request.body["at"] as? [String: Any])
        #expect(at["atMobiles"] as? [String] == ["13800000001"])
        #expect(at["isAtAll"] as? Bool == false)
    }

    @Test("the signature is DingTalk's documented example: Base64 HMAC-SHA256 of timestamp and secret")
    func signatureKnownValue() throws {
        // Python: base64.b64encode(hmac.new(b"this is secret", b"1577262236757\nthis is secret", sha256).digest())
        let expected = try Tools.run(
            try #require(Tools.python),
            [
                "-c",
                "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'this is secret', b'1577262236757\\nthis is secret', hashlib.sha256).digest()).decode())",
            ]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(DingTalkRobotTransport.signature(timestamp: 1_577_262_236_757, secret: "this is secret") == expected)
    }

    @Test("a wrong signing secret is rejected (310000) without the secrets in the error")
    func wrongSignature() async throws {
        let peer = try peer()
        let outcome = try await TransportFixtures.withClient { client in
            try await make(peer, client, signingSecret: "SECwrong").send(
                TransportFixtures.delivery(recipients: mobiles))
        }
        #expect(outcome == .rejected(error: "errcode 310000: sign not match"))
        #expect(peer.requests(count: 1).first?.signature == "invalid")
    }

    @Test("too fast (130101) and busy (-1) are retries; 500, 429 and a timeout too")
    func retries() async throws {
        let peer = try peer(faults: [
            .status(200, nth: [1], body: #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#),
            .status(200, nth: [2], body: #"{"errcode":-1,"errmsg":"系统繁忙"}"#),
            .status(500, nth: [3]), .status(429, nth: [4], headers: ["Retry-After": "7"]), .hang(nth: [5], seconds: 10),
        ])
        try await TransportFixtures.withClient { client in
            let directory = TemporaryDirectory()
            let store = try TransportFixtures.secrets(
                ["ding-token": Self.token, "ding-secret": Self.secret], in: directory)
            let kind = ReceiverKind.dingtalkRobot(
                url: peer.url("/robot/send"), token: .credential("ding-token"), secret: .credential("ding-secret"))
            let transport = try Transports.make(
                receiver: Receiver(id: "ding", kind: kind, timeoutSeconds: 3), secrets: store, client: client)
            let delivery = TransportFixtures.delivery(recipients: mobiles)
            #expect(
                await transport.send(delivery)
                    == .retry(error: "errcode 130101: send too fast, exceed 20 times per minute", after: nil))
            #expect(await transport.send(delivery) == .retry(error: "errcode -1: 系统繁忙", after: nil))
            #expect(await transport.send(delivery) == .retry(error: "HTTP 500", after: nil))
            #expect(await transport.send(delivery) == .retry(error: "HTTP 429", after: 7))
            // A hang is a retry, whether the client's deadline or the peer's eventual close ends it.
            #expect(TransportFixtures.isRetry(await transport.send(delivery)))
        }
    }
}
