import AsyncHTTPClient
import Foundation
import GridCore
import GridNotify
import GridTestKit
import Testing

@Suite("WeCom application transport")
struct WeComAppTransportTests {
    private static let secret = "app-secret-4f9a"

    private func make(
        _ peer: FakePeer, _ client: HTTPClient, clock: WallClock = WallClock(), timeout: Double = 5
    ) throws -> any Transport {
        let directory = TemporaryDirectory()
        let store = try TransportFixtures.secrets(["wecom-app": Self.secret], in: directory)
        let kind = ReceiverKind.wecomApp(
            api: peer.url(""), corpID: "corp", agentID: 1_000_002, secret: .credential("wecom-app"))
        return try Transports.make(
            receiver: Receiver(id: "wecom", kind: kind, timeoutSeconds: timeout), secrets: store, client: client,
            now: { clock.now })
    }

    private func peer(_ options: [String] = [], faults: [FakePeer.Fault] = []) throws -> FakePeer {
        try FakePeer(options: ["--wecom-secret", Self.secret] + options, faults: faults)
    }

    @Test("a message gets a token with the corp id and secret, then is sent as WeCom's text message")
    func requestShape() async throws {
        let peer = try peer()
        let outcome = try await TransportFixtures.withClient { client in
            try await make(peer, client).send(TransportFixtures.delivery())
        }

        // Then the msgid is the reference, and both calls had WeCom's documented shape
        #expect(outcome == .accepted(reference: "msg-2"))
        let requests = peer.requests(count: 2)
        #expect(requests.map(\.path) == ["/cgi-bin/gettoken", "/cgi-bin/message/send"])
        #expect(requests[0].method == "GET")
        #expect(requests[0].query == ["corpid": "corp", "corpsecret": Self.secret])
        #expect(requests[1].query == ["access_token": "token-1"])
        let body = requests[1].body
        #expect(body["touser"] as? String == "zhangsan|lisi")
        #expect(body["msgtype"] as? String == "text")
        #expect(body["agentid"] as? Int == 1_000_002)
        #expect((body["text"] as? [String: String])?["content"] == "【逾期】杭州分行 消防检查\n消防检查已逾期 2 天。\n责任人：张三")
        #expect(body["enable_duplicate_check"] as? Int == 1)
        #expect(body["duplicate_check_interval"] as? Int == 1800)
    }

    @Test("the token is kept until a minute before it expires, then fetched again")
    func tokenCached() async throws {
        // Given WeCom's tokens living 120 s
        let peer = try peer(["--wecom-token-lifetime", "120"])
        let clock = WallClock()
        try await TransportFixtures.withClient { client in
            let transport = try make(peer, client, clock: clock)
            // When messages go at 0 s, 59 s and 61 s
            #expect(await transport.send(TransportFixtures.delivery()) == .accepted(reference: "msg-2"))
            clock.advance(59)
            #expect(await transport.send(TransportFixtures.delivery()) == .accepted(reference: "msg-3"))
            clock.advance(2)
            #expect(await transport.send(TransportFixtures.delivery()) == .accepted(reference: "msg-5"))
        }
        // Then the first token served two messages and a new one the third
        let requests = peer.requests(count: 5)
        #expect(requests.filter { $0.path == "/cgi-bin/gettoken" }.count == 2)
        #expect(requests.last?.query["access_token"] == "token-2")
    }

    @Test("a token WeCom says has expired (42001) is dropped, a new one fetched, and the message accepted")
    func tokenExpiryRefreshed() async throws {
        let peer = try peer(faults: [.tokenExpired(nth: [2])])
        try await TransportFixtures.withClient { client in
            let transport = try make(peer, client)
            #expect(await transport.send(TransportFixtures.delivery()) == .accepted(reference: "msg-2"))
            #expect(await transport.send(TransportFixtures.delivery()) == .accepted(reference: "msg-5"))
        }
        let requests = peer.requests(count: 5)
        #expect(
            requests.map(\.path) == [
                "/cgi-bin/gettoken", "/cgi-bin/message/send", "/cgi-bin/message/send", "/cgi-bin/gettoken",
                "/cgi-bin/message/send",
            ])
        #expect(requests[2].errcode == 42001)
        #expect(requests[4].query["access_token"] == "token-2")
    }

    @Test("user ids WeCom does not know are named in the reference of an accepted message")
    func invalidUsers() async throws {
        let peer = try peer(["--wecom-unknown-user", "lisi"])
        let outcome = try await TransportFixtures.withClient { client in
            try await make(peer, client).send(TransportFixtures.delivery())
        }
        #expect(outcome == .accepted(reference: "msg-2; invaliduser: lisi"))
    }

    @Test("WeCom's frequency limit (45009) is a retry; another errcode a rejection with its code and message")
    func errcodes() async throws {
        let peer = try peer(faults: [
            .status(
                200, path: "/cgi-bin/message/send", nth: [1],
                body: #"{"errcode":45009,"errmsg":"api freq out of limit"}"#),
            .status(
                200, path: "/cgi-bin/message/send", nth: [2],
                body: #"{"errcode":81013,"errmsg":"user & party & tag all invalid"}"#),
            .status(502, path: "/cgi-bin/message/send", nth: [3]),
        ])
        try await TransportFixtures.withClient { client in
            let transport = try make(peer, client)
            #expect(
                await transport.send(TransportFixtures.delivery())
                    == .retry(error: "message/send errcode 45009: api freq out of limit", after: nil))
            #expect(
                await transport.send(TransportFixtures.delivery())
                    == .rejected(error: "message/send errcode 81013: user & party & tag all invalid"))
            #expect(await transport.send(TransportFixtures.delivery()) == .retry(error: "HTTP 502", after: nil))
        }
    }

    @Test("a wrong application secret is a rejection that does not show the secret")
    func wrongSecret() async throws {
        // Given WeCom expecting another secret, and echoing what it got in an error page
        let peer = try FakePeer(options: ["--wecom-secret", "the-right-one"])
        let outcome = try await TransportFixtures.withClient { client in
            try await make(peer, client).send(TransportFixtures.delivery())
        }
        #expect(outcome == .rejected(error: "gettoken errcode 40001: invalid credential"))

        let echoing = try self.peer(faults: [
            .status(500, path: "/cgi-bin/gettoken", body: "bad corpsecret=\(Self.secret)")
        ])
        let echoed = try await TransportFixtures.withClient { client in
            try await make(echoing, client).send(TransportFixtures.delivery())
        }
        let error = try #require(TransportFixtures.error(echoed))
        #expect(error == "gettoken HTTP 500: bad corpsecret=<secret>")
        #expect(!error.contains(Self.secret))
    }

    @Test("a timeout, a reset after processing and a peer that is down are retries")
    func transportFaults() async throws {
        let peer = try peer(faults: [
            .hang(path: "/cgi-bin/message/send", nth: [1], seconds: 10),
            .reset(path: "/cgi-bin/message/send", nth: [2]),
        ])
        try await TransportFixtures.withClient { client in
            let transport = try make(peer, client, timeout: 3)
            // A hang is a retry, whether the client's deadline or the peer's eventual close ends it.
            #expect(TransportFixtures.isRetry(await transport.send(TransportFixtures.delivery())))
            #expect(TransportFixtures.isRetry(await transport.send(TransportFixtures.delivery())))
            peer.stop()
            let down = await transport.send(TransportFixtures.delivery())
            #expect(TransportFixtures.isRetry(down))
            #expect(TransportFixtures.error(down)?.contains(Self.secret) == false)
        }
    }

    @Test("a message for nobody with a WeCom user id is rejected without a call")
    func noAddresses() async throws {
        let peer = try peer()
        let outcome = try await TransportFixtures.withClient { client in
            try await make(peer, client).send(
                TransportFixtures.delivery(recipients: [Recipient(person: "wang.wu", name: "王五", address: nil)]))
        }
        #expect(outcome == .rejected(error: "no recipient has a WeCom user id"))
        #expect(peer.requests().isEmpty)
    }
}
