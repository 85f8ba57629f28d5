/// One problem found in a configuration file, located for the person who must fix it.
public struct ConfigIssue: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based; 0 when the problem concerns the file as a whole.
    public let line: Int
    /// The field, qualified by the entry it belongs to (`duty party.lecture: owner`).
    public let field: String
    public let message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let location = line > 0 ? "\(file):\(line)" : file
        return field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }
}

/// Every problem found while loading a configuration; loading stops only after all of them
/// are collected, so one run of `gridctl validate` shows the whole list.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
