/// Collects issues while the loader walks every file, so that all of them are reported at
/// once. A class because every reader of every file appends to the same list.
final class IssueLog {
    private(set) var issues: [ConfigIssue] = []

    func add(_ file: String, _ line: Int, _ field: String, _ message: String) {
        issues.append(ConfigIssue(file: file, line: line, field: field, message: message))
    }

    var isEmpty: Bool { issues.isEmpty }
}
