import ArgumentParser
import Foundation
import GridCore
import GridStore

/// `gridctl audit`: the append-only record of who did what, and a check of its chain.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The append-only record: check its hash chain, or list who did what, when and as whom.",
        subcommands: [AuditVerify.self, AuditLog.self])
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the record's hash chain; exit 1 naming the first broken link.",
        discussion: """
            Compare with the heads gridd wrote to the journal (journalctl -u gridd -g 'audit head') \
            by giving each as --expect SEQ:HASH. A full run reads the whole record (minutes at bank \
            scale); --from SEQ:HASH checks only what came after an entry an earlier run verified \
            (seconds), and leaves rows inserted among older ones to the full run.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(
        help: ArgumentHelp(
            "Also check that the chain's hash at entry SEQ is HASH (hex), as the journal recorded it. Repeatable.",
            valueName: "seq:hash"))
    var expect: [String] = []
    @Option(
        help: ArgumentHelp(
            "Trust entry SEQ, whose hash an earlier run verified to be HASH, and check only the entries after it.",
            valueName: "seq:hash"))
    var from: String?

    /// An entry number and its hash, as `audit verify` prints them and gridd logs them.
    static func entryHash(_ text: String, option: String) throws -> (seq: Int64, hash: Data) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let seq = Int64(parts[0]), seq > 0, let hash = Data(hex: parts[1]), hash.count == 32
        else {
            throw CLIError("\(option): '\(text)' is not SEQ:HASH (an entry number, a colon, 64 hex digits)")
        }
        return (seq, hash)
    }

    func run() throws {
        var expected: [Int64: Data] = [:]
        for text in expect {
            let (seq, hash) = try Self.entryHash(text, option: "--expect")
            expected[seq] = hash
        }
        let trusted = try from.map { try Self.entryHash($0, option: "--from") }
        let database = try AuditCommand.open(global)
        let result: AuditVerification
        do {
            result = try database.verifyAudit(expect: expected, from: trusted)
        } catch {
            throw CLIError("\(error)")
        }
        if let problem = result.problem {
            Output.standardError("audit: broken: \(problem.message)")
            for row in problem.rows { Output.standardError("  \(row)") }
            Output.standardError(
                "audit: \(result.entries) entr\(result.entries == 1 ? "y" : "ies") before it check\(result.entries == 1 ? "s" : "") out"
            )
            throw ExitCode.failure
        }
        if let trusted, result.head == nil {
            Output.line("audit: ok: no entry after \(trusted.seq); head seq \(trusted.seq) hash \(trusted.hash.hex)")
            return
        }
        guard let head = result.head else { throw CLIError("audit: the record is empty") }
        let checked =
            trusted.map { "\(result.entries - $0.seq) entries after \($0.seq)" } ?? "\(result.entries) entries"
        Output.line("audit: ok: \(checked); head seq \(head.seq) hash \(head.hash.hex)")
    }
}

struct AuditLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Who did what, when, as whom (actor, on behalf of) and from which login; newest last.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only entries entered by, as or for this person (a staff id or a login).") var person: String?
    @Option(
        help: ArgumentHelp(
            "Only entries from this time: YYYY-MM-DD[THH:MM[:SS]] (first branch's local time) or with Z/±HH:MM.",
            valueName: "time"))
    var since: String?
    @Option(help: "table, json, csv, or excel-csv (CSV with a UTF-8 byte-order mark and CRLF, for Excel).")
    var format: OutputFormat = .table

    struct Row: Encodable {
        let seq: Int64
        let at: String
        let kind: String
        let login: String
        let actor: String?
        let on_behalf_of: String?
        let occurrence: Int64?
        let rows: String?
        let detail: String?
    }

    func run() throws {
        let database = try AuditCommand.open(global)
        let zone = (try? database.firstBranchTimeZone())?.flatMap(TimeZone.init(identifier:)) ?? .gmt
        var from: Date?
        if let since {
            guard let parsed = InstantText.parse(since) else {
                throw CLIError(
                    "--since: '\(since)' is not a valid time; expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or with Z/±HH:MM"
                )
            }
            let civil = Date(
                timeIntervalSince1970: Double(parsed.date.dayNumber * 86_400 + parsed.secondsSinceMidnight))
            from = civil.addingTimeInterval(-Double(parsed.offset ?? zone.secondsFromGMT(for: civil)))
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        var table = TextTable(headers: ["seq", "at", "kind", "login", "actor", "for", "occurrence", "rows", "detail"])
        var rows: [Row] = []
        var csv: [[String]] = []
        do {
            try database.forEachAuditEntry(person: person, since: from) { entry in
                let range = entry.first.map { first in entry.last.map { $0 == first ? "\(first)" : "\(first)..\($0)" } }
                let row = Row(
                    seq: entry.seq, at: formatter.string(from: entry.at), kind: entry.kind, login: entry.login,
                    actor: entry.actor, on_behalf_of: entry.onBehalfOf, occurrence: entry.occurrenceID,
                    rows: range ?? nil, detail: entry.detail)
                let cells = [
                    String(row.seq), row.at, row.kind, row.login, row.actor ?? "", row.on_behalf_of ?? "",
                    row.occurrence.map(String.init) ?? "", row.rows ?? "", row.detail ?? "",
                ]
                switch format {
                case .table: table.append(cells)
                case .json: rows.append(row)
                case .csv, .excelCSV: csv.append(cells)
                }
            }
        } catch {
            throw CLIError("\(error)")
        }
        switch format {
        case .table: print(table.render())
        case .json: try Output.json(rows)
        case .csv, .excelCSV:
            print(
                CSV.document(
                    header: ["seq", "at", "kind", "login", "actor", "on_behalf_of", "occurrence", "rows", "detail"],
                    rows: csv, excel: format == .excelCSV), terminator: format == .csv ? "\n" : "")
        }
    }
}

extension AuditCommand {
    static func open(_ global: GlobalOptions) throws -> GridDatabase {
        guard FileManager.default.fileExists(atPath: global.database) else {
            throw CLIError("no database at \(global.database)")
        }
        do {
            return try GridDatabase(
                path: global.database, mode: .command, migrationProgress: CommandContext.upgradeNotice(global.database))
        } catch {
            throw CLIError("\(error)")
        }
    }
}
