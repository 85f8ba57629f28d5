import AsyncHTTPClient
import Foundation
import GridCore
import GridNotify
import GridTestKit
import Testing

@Suite("Transport factory")
struct TransportFactoryTests {
    private func error(_ kind: ReceiverKind, secrets: SecretStore = SecretStore(credentialsDirectory: nil)) throws
        -> String?
    {
        try TransportFixtures.withClientSync { client in
            do {
                _ = try Transports.make(receiver: Receiver(id: "r1", kind: kind), secrets: secrets, client: client)
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    @Test("a receiver whose secret is missing cannot start, and the error names the receiver and the credential")
    func missingSecret() throws {
        let directory = TemporaryDirectory()
        try directory.write("credentials/other", "x")
        let store = SecretStore(credentialsDirectory: directory.file("credentials"))
        let text = try error(
            .wecomApp(api: "https://qyapi.weixin.qq.com", corpID: "c", agentID: 1, secret: .credential("wecom")),
            secrets: store)
        #expect(text?.hasPrefix("receiver \"r1\": secret credential \"wecom\"") == true)
    }

    @Test("a receiver with an address that is not an http(s) URL, or mail from no address, cannot start")
    func badConfiguration() throws {
        #expect(
            try error(.webhook(url: "ftp://example.com/hook"))
                == "receiver \"r1\": \"ftp://example.com/hook\" is not an http(s) URL")
        #expect(
            try error(.mail(sendmail: "/usr/sbin/sendmail", from: "GridDuty"))
                == "receiver \"r1\": from: \"GridDuty\" is not a mail address")
        #expect(
            try error(.mail(sendmail: "sendmail", from: "a@b.example"))
                == "receiver \"r1\": sendmail: \"sendmail\" is not an absolute path")
        #expect(try error(.webhook(url: "https://example.com/hook")) == nil)
    }
}
