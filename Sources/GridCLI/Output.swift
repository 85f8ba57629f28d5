import Foundation
import GridCore

/// What gridctl prints, made safe for a terminal: notes, names, titles and echoed arguments
/// are untrusted text, and a control character in one could retitle the terminal, clear the
/// screen or forge a line of `show`'s history. Every text output goes through here (tables
/// and CSV through ``TextTable`` and ``CSV``), with the control characters escaped as the
/// journal's log lines escape them (``UntrustedText``).
enum Output {
    /// Prints lines of text, each with its control characters escaped: the line breaks
    /// between them are gridctl's, any inside one came from the data.
    static func lines(_ lines: [String]) {
        print(lines.map(UntrustedText.escaped).joined(separator: "\n"))
    }

    /// Prints one line with its control characters escaped.
    static func line(_ text: String) {
        print(UntrustedText.escaped(text))
    }

    /// Prints a JSON document with the characters an encoder leaves raw but a terminal
    /// acts on written as `\uXXXX` escapes, which every JSON reader decodes back.
    static func json(_ data: Data) {
        print(UntrustedText.jsonEscaped(String(decoding: data, as: UTF8.self)))
    }

    /// Prints a value as every gridctl command prints JSON: indented, keys sorted (so a diff
    /// of two runs shows what changed), slashes unescaped (`DUTY/PERIOD` keys read as typed).
    static func json(_ value: some Encodable) throws {
        json(try encodedJSON(value))
    }

    static func encodedJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Writes a line to stderr with its control characters escaped.
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((UntrustedText.escaped(text) + "\n").utf8))
    }

    /// A message of several lines (an error, help), each line escaped.
    static func escapedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { UntrustedText.escaped(String($0)) }
            .joined(separator: "\n")
    }
}

/// The longest note or reason a write command accepts, in characters (Unicode code points):
/// a note says what was done or found, and a longer text is a mistake (a file pasted by
/// accident) or an attack on whoever reads `show`.
enum FreeText {
    static let maximumLength = 2_000

    /// Throws when `text`, given as `option`, is longer than ``maximumLength``.
    static func check(_ text: String?, option: String) throws {
        guard let text else { return }
        let length = text.unicodeScalars.count
        if length > maximumLength {
            throw CLIError(
                "\(option): \(length) characters; at most \(maximumLength) are accepted (nothing was recorded)")
        }
    }
}
