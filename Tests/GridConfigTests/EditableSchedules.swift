import Foundation
import GridConfig
import GridTestKit
import Testing

/// A private copy of the shipped `schedules/`, for a test to break one thing in and load.
/// The copy lives in its own temporary directory, removed when the value is released.
final class EditableSchedules {
    private let temporary = TemporaryDirectory("gridconfig-tests")
    /// The copied `schedules/` directory.
    let path: String

    init() throws {
        path = temporary.file("schedules")
        try Repository.copySchedules(to: path)
    }

    func file(_ relative: String) -> String { "\(path)/\(relative)" }

    func text(of relative: String) throws -> String {
        try String(contentsOfFile: file(relative), encoding: .utf8)
    }

    func write(_ text: String, to relative: String) throws {
        try text.write(toFile: file(relative), atomically: true, encoding: .utf8)
    }

    /// Replaces the one occurrence of `old` in a file and returns the text written.
    @discardableResult
    func replace(
        _ old: String, with new: String, in relative: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let text = try text(of: relative)
        let count = text.ranges(of: old).count
        try #require(
            count == 1, "expected '\(old)' once in \(relative), found it \(count) time(s)",
            sourceLocation: sourceLocation)
        let edited = text.replacingOccurrences(of: old, with: new)
        try write(edited, to: relative)
        return edited
    }

    /// Appends YAML at the end of a file and returns the text written.
    @discardableResult
    func append(_ yaml: String, to relative: String) throws -> String {
        var text = try text(of: relative)
        if !text.hasSuffix("\n") { text += "\n" }
        text += yaml
        try write(text, to: relative)
        return text
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: file(relative))
    }

    func load() -> Result<Configuration, ConfigError> {
        do {
            return .success(try ConfigLoader(directory: path).load())
        } catch {
            return .failure(error)
        }
    }

    /// The issues of a load that must fail; records a failure if it succeeds.
    func issues(sourceLocation: SourceLocation = #_sourceLocation) throws -> [ConfigIssue] {
        switch load() {
        case .success:
            Issue.record("the broken configuration loaded without error", sourceLocation: sourceLocation)
            throw LoadedWithoutError()
        case .failure(let error):
            return error.issues
        }
    }

    struct LoadedWithoutError: Error {}
}

/// The 1-based line on which `needle` starts in `text`; `needle` (which may span lines)
/// must occur exactly once, so that the line is unambiguous.
func lineNumber(of needle: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
    let ranges = text.ranges(of: needle)
    try #require(
        ranges.count == 1, "expected '\(needle)' once in the text written, found it \(ranges.count) time(s)",
        sourceLocation: sourceLocation)
    return text[..<ranges[0].lowerBound].count(where: { $0 == "\n" }) + 1
}

/// Checks one issue against what the broken file says.
func expect(
    _ issue: ConfigIssue, file relative: String, line: Int, field: String, message fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(issue.file.hasSuffix("/" + relative), "file of \(issue)", sourceLocation: sourceLocation)
    #expect(issue.line == line, "line of \(issue)", sourceLocation: sourceLocation)
    #expect(issue.field == field, "field of \(issue)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(issue.message.contains(fragment), "message of \(issue)", sourceLocation: sourceLocation)
    }
}

/// One edit that breaks the shipped configuration, and the single issue it must cause.
struct Breakage: Sendable, CustomTestStringConvertible {
    /// What is broken, as the test case is listed.
    let name: String
    /// The file edited, relative to `schedules/`.
    let file: String
    let replace: String
    let with: String
    /// Text of the edited file, once only, that starts on the line the issue must name.
    let at: String
    let field: String
    /// Parts of the message saying what was found and what was expected.
    let message: [String]

    var testDescription: String { name }

    /// Applies the edit, loads, and checks that exactly this issue is reported.
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try check(in: EditableSchedules(), sourceLocation: sourceLocation)
    }

    /// Applies the edit to `schedules`, loads, and checks that exactly this issue is reported.
    func check(in schedules: EditableSchedules, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try schedules.replace(replace, with: with, in: file, sourceLocation: sourceLocation)
        let issues = try schedules.issues(sourceLocation: sourceLocation)
        #expect(
            issues.count == 1, "expected one issue, got:\n\(ConfigError(issues: issues))",
            sourceLocation: sourceLocation)
        let issue = try #require(
            issues.first { $0.field == field }, "no issue for '\(field)' in:\n\(ConfigError(issues: issues))",
            sourceLocation: sourceLocation)
        let line = try lineNumber(of: at, in: text, sourceLocation: sourceLocation)
        expect(issue, file: file, line: line, field: field, message: message, sourceLocation: sourceLocation)
    }
}

/// The role ids of the shipped `roles.yaml`, as messages list them (sorted).
let shippedRoleList =
    "branch-head, counter-manager, customer-manager, deputy-supervisor, discipline-inspector, lobby-manager, model-post, operations-deputy, party-secretary"
