import Foundation

/// Checks text typed into the ledger: present when required, short enough, and free of
/// control characters (line breaks aside, in long text), since it is shown in listings,
/// written to workbooks and logged.
enum LedgerText {
    /// Numbers, names and categories: one line, at most this long.
    static let shortLimit = 200

    static func check(_ text: String?, option: String, required: Bool = true, short: Bool = false) throws {
        guard let text else {
            if required { throw CLIError("\(option) is required") }
            return
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CLIError("\(option) is empty")
        }
        try FreeText.check(text, option: option)
        let limit = short ? shortLimit : FreeText.maximumLength
        if text.unicodeScalars.count > limit {
            throw CLIError("\(option): \(text.unicodeScalars.count) characters; at most \(limit) are accepted")
        }
        let allowed: Set<Unicode.Scalar> = short ? [] : ["\n", "\t"]
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            throw CLIError("\(option): contains a control character; nothing was recorded")
        }
    }

    /// A finding's or measure's number: short, one line, and without the `/` that joins
    /// them (`1/2`) or the `@` of a milestone's item.
    static func checkNumber(_ text: String?, option: String) throws {
        try check(text, option: option, required: false, short: true)
        if let text, text.contains("/") || text.contains("@") || text != text.trimmingCharacters(in: .whitespaces) {
            throw CLIError("\(option): '\(text)' may not contain '/' or '@' or begin or end with a space")
        }
    }
}
