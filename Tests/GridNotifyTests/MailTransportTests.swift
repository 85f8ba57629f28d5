import Foundation
import GridCore
import GridNotify
import GridTestKit
import Testing

@Suite(
    "Mail transport",
    .enabled(
        if: (Tools.msmtp != nil && Tools.hasAiosmtpd) || Tools.inCI,
        "msmtp or python3 with aiosmtpd is missing (apt install msmtp; pip install aiosmtpd)"))
struct MailTransportTests {
    private func make(sendmail: String, from: String = "网格值班 <gridduty@bank.example>", timeout: Double = 10) throws
        -> any Transport
    {
        try TransportFixtures.withClientSync { client in
            try Transports.make(
                receiver: Receiver(id: "mail", kind: .mail(sendmail: sendmail, from: from), timeoutSeconds: timeout),
                secrets: SecretStore(credentialsDirectory: nil), client: client)
        }
    }

    private var people: [Recipient] {
        [
            Recipient(person: "zhang.san", name: "张三", address: "zhangsan@bank.example"),
            Recipient(person: "li.si", name: "Li \"Si\"", address: "lisi@bank.example"),
            Recipient(person: "wang.wu", name: "王五", address: nil),
        ]
    }

    @Test("a mail goes through msmtp to the SMTP server, its Chinese subject, names and body intact")
    func throughMsmtp() async throws {
        // Given an SMTP server and msmtp relaying to it
        let sink = try MailSink()
        let transport = try make(sendmail: try sink.sendmail())
        let title = "【逾期】杭州分行 消防检查：灭火器压力不足，需在本周五前更换并拍照上传，责任人张三、李四"
        let delivery = TransportFixtures.delivery(id: 77, recipients: people, title: title)

        // When the delivery is sent
        let outcome = await transport.send(delivery)

        // Then the MTA accepted it, and one message arrived, decoded back to what was sent
        #expect(outcome == .accepted(reference: "<gridduty.77@bank.example>"))
        let messages = try sink.messages()
        try #require(messages.count == 1)
        let message = messages[0]
        #expect(message.mailFrom == "gridduty@bank.example")
        #expect(message.rcptTo == ["zhangsan@bank.example", "lisi@bank.example"])
        #expect(message.header("Subject") == title)
        #expect(message.header("From") == "网格值班 <gridduty@bank.example>")
        #expect(message.toNames == ["张三", "Li \"Si\""])
        #expect(message.toAddresses == ["zhangsan@bank.example", "lisi@bank.example"])
        #expect(message.header("Message-ID") == "<gridduty.77@bank.example>")
        #expect(message.header("Date") == "Mon, 30 Nov 2026 00:53:20 +0000")
        #expect(message.contentType == "text/plain")
        #expect(message.charset?.lowercased() == "utf-8")
        #expect(message.header("Content-Transfer-Encoding") == "base64")
        #expect(message.body.replacingOccurrences(of: "\r\n", with: "\n") == "消防检查已逾期 2 天。\n责任人：张三")
        // Every header line of the raw message is ASCII and at most 78 characters.
        let head = message.raw.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").first ?? ""
        for line in head.split(separator: "\n") {
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(line.count <= 78, "\(line)")
        }
    }

    @Test("a repeat of a delivery is the same message with the same Message-ID")
    func repeatIsRecognisable() async throws {
        let sink = try MailSink()
        let transport = try make(sendmail: try sink.sendmail())
        let delivery = TransportFixtures.delivery(id: 5, recipients: people)
        _ = await transport.send(delivery)
        _ = await transport.send(delivery)
        let messages = try sink.messages()
        #expect(messages.count == 2)
        #expect(Set(messages.map { $0.header("Message-ID") }) == ["<gridduty.5@bank.example>"])
        #expect(Set(messages.map { $0.header("Date") }).count == 1)
    }

    @Test("sendmail's exit 75 is a retry, another exit a rejection with its last line, a hung one a retry")
    func exits() async throws {
        let directory = TemporaryDirectory()
        func program(_ name: String, _ script: String) throws -> String {
            try directory.write(name, "#!/bin/sh\ncat >/dev/null\n" + script + "\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.file(name))
            return directory.file(name)
        }
        let delivery = TransportFixtures.delivery(recipients: people)
        let tempfail = try make(sendmail: program("tempfail", "echo 'msmtp: cannot connect' >&2; exit 75"))
        #expect(
            await tempfail.send(delivery)
                == .retry(error: "sendmail exited 75 (temporary failure): msmtp: cannot connect", after: nil))
        let refused = try make(
            sendmail: program("refused", "echo 'first line' >&2; echo 'recipient address rejected' >&2; exit 65"))
        #expect(await refused.send(delivery) == .rejected(error: "sendmail exited 65: recipient address rejected"))
        let hung = try make(sendmail: program("hung", "exec sleep 30"), timeout: 0.5)
        #expect(await hung.send(delivery) == .retry(error: "sendmail did not finish within 0.5s", after: nil))
        let killed = try make(sendmail: program("killed", "kill -9 $$"))
        #expect(await killed.send(delivery) == .retry(error: "sendmail was killed by signal 9", after: nil))
    }

    @Test("the program is given the envelope sender and the addresses after --, with the message on stdin")
    func commandLine() async throws {
        let directory = TemporaryDirectory()
        try directory.write(
            "capture",
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > \(directory.file("args"))\ncat > \(directory.file("stdin"))\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.file("capture"))
        let transport = try make(sendmail: directory.file("capture"))
        #expect(
            await transport.send(TransportFixtures.delivery(recipients: people))
                == .accepted(reference: "<gridduty.41@bank.example>"))
        let arguments = try String(contentsOfFile: directory.file("args"), encoding: .utf8)
        #expect(arguments == "-i\n-f\ngridduty@bank.example\n--\nzhangsan@bank.example\nlisi@bank.example\n")
        let input = try String(contentsOfFile: directory.file("stdin"), encoding: .utf8)
        #expect(input.contains("Content-Type: text/plain; charset=UTF-8\n"))
        #expect(input.contains("Message-ID: <gridduty.41@bank.example>\n"))
    }

    @Test("an address that could become an option or a header is rejected without running sendmail")
    func hostileAddress() async throws {
        let directory = TemporaryDirectory()
        let transport = try make(sendmail: directory.file("never-run"))
        for address in ["-oQ/tmp/x@bank.example", "a@b.example\nBcc: x@evil.example", "a b@bank.example"] {
            let outcome = await transport.send(
                TransportFixtures.delivery(recipients: [Recipient(person: "x", name: "X", address: address)]))
            #expect(TransportFixtures.isRejected(outcome), "\(address)")
        }
    }
}
