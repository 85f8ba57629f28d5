import Foundation
import GridCore
import GridNotify
import GridTestKit
import Testing

@Suite("Secret store")
struct SecretStoreTests {
    @Test("a credential is read from $CREDENTIALS_DIRECTORY less its one final newline")
    func credentialFromDirectory() throws {
        // Given a credentials directory as systemd's LoadCredential= lays it out
        let directory = TemporaryDirectory()
        try directory.write("credentials/wecom-secret", "s3cr3t-value\n\n")
        let store = SecretStore(environment: ["CREDENTIALS_DIRECTORY": directory.file("credentials")])

        // When the credential is read
        let secret = try store.read(.credential("wecom-secret"))

        // Then only the last newline is gone
        #expect(secret.value == "s3cr3t-value\n")
    }

    @Test("a secret file that only its owner and group may read is read")
    func privateFile() throws {
        let directory = TemporaryDirectory()
        try directory.write("token", "abc\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: directory.file("token"))
        #expect(try SecretStore(credentialsDirectory: nil).read(.file(directory.file("token"))).value == "abc")
    }

    @Test("a secret file that other users may read is refused, naming the file and the fix")
    func worldReadableFileRefused() throws {
        // Given a secret file left world-readable
        let directory = TemporaryDirectory()
        try directory.write("token", "abc\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory.file("token"))

        // When it is read, then it is refused with its path and mode, and without its content
        let error = #expect(throws: SecretError.self) {
            try SecretStore(credentialsDirectory: nil).read(.file(directory.file("token")))
        }
        let text = try #require(error).description
        #expect(text.contains(directory.file("token")))
        #expect(text.contains("644"))
        #expect(text.contains("chmod o-rwx"))
        #expect(!text.contains("abc"))
    }

    @Test("a missing credential is named with the file it was looked for in")
    func missingCredential() throws {
        let directory = TemporaryDirectory()
        try directory.write("credentials/other", "x")
        let error = #expect(throws: SecretError.self) {
            try SecretStore(credentialsDirectory: directory.file("credentials")).read(.credential("dingtalk-token"))
        }
        let text = try #require(error).description
        #expect(text.contains("\"dingtalk-token\""))
        #expect(text.contains(directory.file("credentials/dingtalk-token")))
        #expect(text.contains("does not exist"))
    }

    @Test("a credential without $CREDENTIALS_DIRECTORY says which unit setting gives it")
    func noCredentialsDirectory() throws {
        let error = #expect(throws: SecretError.self) {
            try SecretStore(environment: [:]).read(.credential("wecom-secret"))
        }
        #expect(try #require(error).description.contains("LoadCredential=wecom-secret"))
    }

    @Test("a credential name that would leave the credentials directory is refused")
    func credentialNameWithSlash() {
        #expect(throws: SecretError.badCredentialName("../etc/shadow")) {
            try SecretStore(credentialsDirectory: "/run/credentials/gridd.service").read(.credential("../etc/shadow"))
        }
    }

    @Test("an empty secret is refused rather than sent as nothing")
    func emptySecret() throws {
        let directory = TemporaryDirectory()
        try directory.write("credentials/key", "\n")
        #expect(throws: SecretError.self) {
            try SecretStore(credentialsDirectory: directory.file("credentials")).read(.credential("key"))
        }
    }

    @Test("a secret prints as <secret>, never as its value")
    func secretNeverPrinted() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<secret>")
        #expect(String(reflecting: secret) == "<secret>")
    }
}
