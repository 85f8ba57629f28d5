import GridCore

/// A staff member's addresses in a branch file (`wecom:`, `mail:`, `mobile:`), checked for
/// their shape: an address ends up in a mail header, a URL's query or a JSON body, so
/// nothing but what such an address can hold is accepted.
public enum StaffContact {
    static let fields = ["wecom", "mail", "mobile"]

    static func read(_ reader: MappingReader) -> [String: String] {
        var contacts: [String: String] = [:]
        for field in fields {
            guard let value = reader.string(field) else { continue }
            if let problem = problem(field, value) {
                reader.fail(field, problem)
            } else {
                contacts[field] = value
            }
        }
        return contacts
    }

    /// Why `value` is not an address of kind `field` (`wecom`, `mail`, `mobile`); nil when it is.
    public static func problem(_ field: String, _ value: String) -> String? {
        let scalars = value.unicodeScalars
        switch field {
        case "wecom":
            // WeCom's user ids: letters, digits, and _ - . @, at most 64.
            let allowed = scalars.allSatisfy {
                $0.isASCII && (isAlphanumeric($0) || "_-.@".unicodeScalars.contains($0))
            }
            return allowed && scalars.count <= 64
                ? nil : "\(ConfigLimits.quoted(value)) is not a WeCom user id (letters, digits, _ - . @; at most 64)"
        case "mail":
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            let plain = scalars.allSatisfy {
                $0.isASCII && $0.value > 32 && !"<>()[]\\,;:\"".unicodeScalars.contains($0)
            }
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && plain && scalars.count <= 254
                ? nil : "\(ConfigLimits.quoted(value)) is not a mail address (name@domain, no spaces or brackets)"
        default:
            let digits = value.hasPrefix("+") ? scalars.dropFirst() : Substring.UnicodeScalarView(scalars)
            return !digits.isEmpty && digits.count <= 20 && digits.allSatisfy({ ("0"..."9").contains($0) })
                ? nil : "\(ConfigLimits.quoted(value)) is not a mobile number (digits, optionally after +)"
        }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
