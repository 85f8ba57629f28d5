import Foundation
import GridCore

/// Mail handed to the local MTA through its `sendmail` interface, run without a shell:
/// `sendmail -i -f FROM -- ADDRESS…` with the message on its standard input. Exit 0 is the
/// MTA's acceptance; 75 (EX_TEMPFAIL), a signal or no exit within the receiver's timeout
/// means try again; any other exit is a refusal, with the last line the MTA wrote.
public struct MailTransport: Transport {
    let sendmail: String
    let from: String
    let host: String
    let timeoutSeconds: Double

    /// The host part of `Message-ID`: the sender address's domain, the same on every try
    /// and every machine that sends for it.
    static func host(from: String) -> String? {
        guard let address = MailMessage.parseMailbox(from)?.address else { return nil }
        return address.split(separator: "@").last.map(String.init)
    }

    public func send(_ delivery: Delivery) async -> TransportOutcome {
        let message: MailMessage
        switch MailMessage.make(delivery, from: from, host: host) {
        case .failure(let error):
            return .rejected(error: "not a mail address: \"\(Escaping.control(error.address))\"")
        case .success(let made):
            message = made
        }
        guard !message.recipients.isEmpty else { return .rejected(error: "no recipient has a mail address") }
        let arguments = ["-i", "-f", message.envelopeFrom, "--"] + message.recipients
        let run = SendmailRun(
            program: sendmail, arguments: arguments, input: Data(message.text.utf8), timeout: timeoutSeconds)
        let result = await run.result()
        switch result {
        case .exited(0, _):
            return .accepted(reference: MailMessage.messageID(delivery, host: host))
        case .exited(75, let stderr):
            return .retry(error: "sendmail exited 75 (temporary failure)\(Self.lastLine(stderr))", after: nil)
        case .exited(let status, let stderr):
            return .rejected(error: "sendmail exited \(status)\(Self.lastLine(stderr))")
        case .signalled(let signal):
            return .retry(error: "sendmail was killed by signal \(signal)", after: nil)
        case .timedOut:
            return .retry(error: "sendmail did not finish within \(timeoutSeconds)s", after: nil)
        case .notStarted(let reason):
            // A missing or broken MTA is mended by installing it: the messages wait for it.
            return .retry(error: "sendmail could not be run: \(reason)", after: nil)
        }
    }

    static func lastLine(_ stderr: Data) -> String {
        let lines = String(decoding: stderr.suffix(4096), as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let last = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        return ": " + String(Escaping.control(String(last)).prefix(200))
    }
}
