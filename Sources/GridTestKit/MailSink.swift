import Foundation

/// An SMTP server (aiosmtpd, in `Tests/Support/smtp_sink.py`) on 127.0.0.1 at a free port,
/// keeping every message it receives; and an msmtp configuration that relays to it, for
/// the mail transport's tests through a real MTA's sendmail interface.
public final class MailSink: @unchecked Sendable {
    /// One received message, decoded by Python's email package.
    public struct Message: Sendable {
        /// Header names in lower case, each with its decoded values.
        public let headers: [String: [String]]
        public let toAddresses: [String]
        public let toNames: [String]
        public let contentType: String
        public let charset: String?
        public let body: String
        /// The envelope: MAIL FROM and RCPT TO.
        public let mailFrom: String
        public let rcptTo: [String]
        /// The message as it arrived.
        public let raw: String

        public func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
    }

    public let directory = TemporaryDirectory("mail-sink")
    public let port: Int
    private let process: Process

    public static var script: String { "\(Repository.root)/Tests/Support/smtp_sink.py" }

    public init() throws {
        guard let python = Tools.python else { throw ToolFailure(description: "python3 is missing") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script, "\(directory.path)/messages"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        let line = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw ToolFailure(description: "smtp_sink.py did not start: \(line)")
        }
        self.port = port
        self.process = process
    }

    /// A `sendmail` program for the mail transport: msmtp with a configuration (mode 600, as
    /// msmtp insists) that relays to this server, behind a two-line script as msmtp-mta's
    /// /usr/sbin/sendmail link would be.
    public func sendmail() throws -> String {
        guard let msmtp = Tools.msmtp else { throw ToolFailure(description: "msmtp is missing") }
        let config = directory.file("msmtprc")
        try "account default\nhost 127.0.0.1\nport \(port)\nauth off\ntls off\nfrom gridduty@localhost\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        let program = directory.file("sendmail")
        try "#!/bin/sh\nexec \(msmtp) -C \(config) \"$@\"\n".write(toFile: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: program)
        return program
    }

    /// The messages received so far, in order.
    public func messages() throws -> [Message] {
        guard let python = Tools.python else { throw ToolFailure(description: "python3 is missing") }
        let folder = "\(directory.path)/messages"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let numbers = names.filter { $0.hasSuffix(".eml") }.compactMap { Int($0.dropLast(4)) }.sorted()
        return try numbers.map { number in
            let path = "\(folder)/\(number).eml"
            let parsed = try Tools.run(python, [Self.script, "parse", path])
            let object = try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: Any] ?? [:]
            let envelopeData = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(number).json"))
            let envelope = try JSONSerialization.jsonObject(with: envelopeData) as? [String: Any] ?? [:]
            return Message(
                headers: object["headers"] as? [String: [String]] ?? [:],
                toAddresses: object["to_addresses"] as? [String] ?? [], toNames: object["to_names"] as? [String] ?? [],
                contentType: object["content_type"] as? String ?? "", charset: object["charset"] as? String,
                body: object["body"] as? String ?? "", mailFrom: envelope["mail_from"] as? String ?? "",
                rcptTo: envelope["rcpt_tos"] as? [String] ?? [],
                raw: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
