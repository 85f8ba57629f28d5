import Foundation
import GridCore

/// A delivery as an RFC 5322 message for the local MTA: headers in ASCII, with the subject
/// and display names as RFC 2047 encoded-words; the body UTF-8 text in Base64. Made from the
/// delivery alone (its Date is when it was queued), so a repeat is the same message with
/// the same `Message-ID`, which mail clients and MTAs recognise as a duplicate.
struct MailMessage {
    let envelopeFrom: String
    let recipients: [String]
    let text: String

    /// Nil with the reason when an address cannot be put on a command line or in a header.
    static func make(_ delivery: Delivery, from: String, host: String) -> Result<MailMessage, MailAddressError> {
        let sender: (name: String?, address: String)
        switch parseMailbox(from) {
        case .some(let parsed): sender = parsed
        case .none: return .failure(MailAddressError(address: from))
        }
        var to: [(name: String, address: String)] = []
        for recipient in delivery.message.recipients {
            guard let address = recipient.address, !address.isEmpty else { continue }
            guard isPlainAddress(address) else { return .failure(MailAddressError(address: address)) }
            to.append((recipient.name, address))
        }
        var lines = [String]()
        lines.append("From: " + mailbox(sender.name, sender.address))
        lines.append("To: " + to.map { mailbox($0.name, $0.address) }.joined(separator: ",\n "))
        lines.append("Subject: " + encodedWords(oneLine(delivery.message.title)))
        lines.append("Date: " + date(delivery.createdAt))
        lines.append("Message-ID: " + messageID(delivery, host: host))
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=UTF-8")
        lines.append("Content-Transfer-Encoding: base64")
        lines.append("Auto-Submitted: auto-generated")
        lines.append("")
        // Base64 of the text in its canonical form (CRLF line ends, RFC 2045 §6.8).
        let canonical = delivery.message.body.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        lines.append(
            Data(canonical.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
        return .success(
            MailMessage(
                envelopeFrom: sender.address, recipients: to.map(\.address), text: lines.joined(separator: "\n") + "\n")
        )
    }

    static func messageID(_ delivery: Delivery, host: String) -> String {
        "<gridduty.\(delivery.id)@\(host)>"
    }

    /// "Name <a@b>" or "a@b" split into its display name and address; nil when not a mailbox.
    static func parseMailbox(_ text: String) -> (name: String?, address: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            }
            guard isPlainAddress(address), !name.unicodeScalars.contains(where: isControl) else { return nil }
            return (name.isEmpty ? nil : name, address)
        }
        return isPlainAddress(trimmed) ? (nil, trimmed) : nil
    }

    /// An address safe on sendmail's command line and in a header: one `@`, no spaces,
    /// controls, brackets, quotes or commas, and not an option.
    static func isPlainAddress(_ address: String) -> Bool {
        guard !address.hasPrefix("-"), address.count <= 254 else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return !address.unicodeScalars.contains { isControl($0) || " <>()[],;:\"\\".unicodeScalars.contains($0) }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }

    private static func mailbox(_ name: String?, _ address: String) -> String {
        guard let name, !name.isEmpty else { return address }
        let clean = oneLine(name)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let quoted = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return "\(encodedWords(clean)) <\(address)>"
    }

    private static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    /// `text` as it is when short plain ASCII, else as "B" encoded-words of UTF-8 of at most
    /// 75 characters each (RFC 2047 §2), never splitting a character, folded onto new lines.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }), text.utf8.count <= 70, !text.contains("=?") {
            return text
        }
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\n ")
    }

    private static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// An address that cannot be put on sendmail's command line or in a header.
struct MailAddressError: Error {
    let address: String
}
