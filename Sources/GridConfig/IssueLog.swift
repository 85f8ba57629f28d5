/// Collects issues while the loader walks every file, so that all of them are reported at
/// once. A class because every reader of every file appends to the same list.
final class IssueLog {
    private(set) var issues: [ConfigIssue] = []

    /// Control characters anywhere in the issue (a key or a value quoted from the file) are
    /// escaped: a report is one line per problem, and a file must not be able to forge one.
    func add(_ file: String, _ line: Int, _ field: String, _ message: String) {
        issues.append(
            ConfigIssue(
                file: ConfigLimits.escaped(file), line: line, field: ConfigLimits.escaped(field),
                message: ConfigLimits.escaped(message)))
    }

    var isEmpty: Bool { issues.isEmpty }
}
