import Foundation
import GridConfig
import GridCore
import GridDaemon
import GridStore
import GridTestKit
import Logging
import PropertyBased
import Testing

/// Mutated copies of the shipped schedules through the configuration reader and, when they
/// load, through the daemon's pass: the reader never traps and either accepts a configuration
/// or reports problems located in the files; an accepted configuration never traps a pass.
/// Mutations favour what broke things before: huge and negative counts, tags, aliases,
/// separators in ids, control characters and long values. A fixed number of cases per run
/// keeps it to seconds; a failure prints the seed that reproduces it.
@Suite("Random configurations", .serialized)
struct ConfigurationFuzzTests {
    /// The shipped files, relative path and text.
    static let shipped: [(file: String, text: String)] = {
        let root = Repository.schedules
        let manager = FileManager.default
        var files: [(String, String)] = []
        for relative in (manager.subpaths(atPath: root) ?? []).sorted() where relative.hasSuffix(".yaml") {
            if let text = try? String(contentsOfFile: "\(root)/\(relative)", encoding: .utf8) {
                files.append((relative, text))
            }
        }
        return files
    }()

    static let tokens: [String] = [
        "10000000000000000", "9223372036854775807", "99999999999999999999", "-1", "0", "520", "521", "1001",
        "!!binary aGk=", "!custom x", "!!int 3", "&a x", "*a", "*nope", "a/b", "\"a\\nb\"", "\"\\e[2J\"", "{", "}",
        "[]", "[", "~", "null", "<0>FORGED", "after 99999999999999 business-days", "after 520 business-days",
        "business-day 999", "month-end 13", "month-end 0", "2026-02-30", "0001-01-01", "2999-12-31", "9999-12-31",
        "\t", "#", ":", "- ", "{steps: []}", "{steps: [{after: 0, notify: [owner]}], nag-every: 0}",
        String(repeating: "x", count: 5_000), String(repeating: "委", count: 201), "triggered", "daily", "self",
        "grid-leader", "person", "case", "yes", "\"\"", "\"08:30\"", "\"25:00\"", "Asia/Shanghai", "CST",
    ]

    static let keys = [
        "remind", "count", "after", "nag-every", "deadline", "escalation", "id", "title", "note", "since",
        "closed-dates", "open-dates", "cadence", "scope", "owner", "year", "leader", "members", "steps",
    ]

    /// Applies the mutations described by `numbers`, four numbers to a mutation: which file,
    /// which line, what to do, and with which token.
    static func mutate(_ numbers: [Int]) -> [String: String] {
        var files = Dictionary(uniqueKeysWithValues: shipped.map { ($0.file, $0.text) })
        var index = 0
        while index + 3 < numbers.count {
            let (file, text) = shipped[numbers[index] % shipped.count]
            var lines = (files[file] ?? text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let at = numbers[index + 1] % lines.count
            let token = tokens[numbers[index + 3] % tokens.count]
            let line = lines[at]
            let indent = String(line.prefix { $0 == " " })
            switch numbers[index + 2] % 5 {
            case 0:
                if let colon = line.range(of: ": ") { lines[at] = line[..<colon.upperBound] + token }
            case 1:
                let column = line.index(line.startIndex, offsetBy: numbers[index + 3] % (line.count + 1))
                lines[at] = String(line[..<column]) + token + String(line[column...])
            case 2:
                lines.remove(at: at)
            case 3:
                lines.insert(line, at: at)
            default:
                lines.insert("\(indent)\(keys[numbers[index + 3] % keys.count]): \(token)", at: at)
            }
            files[file] = lines.joined(separator: "\n")
            index += 4
        }
        return files
    }

    @Test("a mutated configuration is either accepted and runs, or refused with problems located in its files")
    func mutatedConfigurations() async throws {
        let dir = TemporaryDirectory()
        let config = dir.file("s")
        try Repository.copySchedules(to: config)
        var accepted = 0
        var refused = 0
        await propertyCheck(count: 80, input: Gen.int(in: 0...1_000_000).array(of: 4...12)) { numbers in
            // Given the shipped schedules with a few mutations
            let files = Self.mutate(numbers)
            for (file, text) in files {
                try text.write(toFile: "\(config)/\(file)", atomically: false, encoding: .utf8)
            }

            // When they are loaded
            let result = Result { () throws(ConfigError) in try ConfigLoader(directory: config).load() }

            switch result {
            case .failure(let error):
                // Then every problem is in one of the files, and its message is one clean line
                refused += 1
                #expect(!error.issues.isEmpty)
                for issue in error.issues {
                    #expect(issue.file.hasPrefix(config), "\(issue)")
                    #expect(issue.line >= 0)
                    #expect(!issue.message.isEmpty)
                    #expect(
                        !issue.description.unicodeScalars.contains { $0.properties.generalCategory == .control },
                        "\(issue)")
                }
            case .success(let configuration):
                // Or the daemon's passes run on it, and again past a year end
                accepted += 1
                let pass = AlertingPass(
                    database: try GridDatabase(), logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() })
                let calendar = try #require(configuration.branches.first).calendar
                for text in ["2026-11-23T10:00", "2027-01-04T18:00"] {
                    let now = InstantText.parse(text)!.instant(in: calendar)
                    _ = try pass.startPass(configuration, now: now, gapThreshold: 180)
                }
            }
        }
        // Both outcomes were exercised: the mutations are neither all harmless nor all fatal.
        #expect(accepted > 0)
        #expect(refused > 0)
    }
}
