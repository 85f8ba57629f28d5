import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// `gridctl notify status`: each receiver's queue — pending, failing, sent, dead.
struct NotifyStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each receiver's messages: pending, failing (pending after a failed try), sent and dead.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "table or json.") var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    struct Row: Encodable {
        let receiver: String
        let kind: String
        let pending: Int
        let failing: Int
        let sent: Int
        let dead: Int
        let oldestPending: String?
        let lastSent: String?
        let lastError: String?

        enum CodingKeys: String, CodingKey {
            case receiver, kind, pending, failing, sent, dead
            case oldestPending = "oldest_pending"
            case lastSent = "last_sent"
            case lastError = "last_error"
        }
    }

    func run() throws {
        let notify: NotifyConfiguration
        do {
            notify = try ConfigLoader(directory: global.config).notifyConfiguration()
        } catch {
            throw CLIError("invalid configuration in \(global.config):\n\(error)")
        }
        let database = try CommandContext.openDatabase(global)
        let stored = Dictionary(
            try database.deliveryStatus().map { ($0.receiver, $0) }, uniquingKeysWith: { a, _ in a })
        let format = ISO8601DateFormatter()
        // Every receiver of the file, with or without messages, then any the file no longer has.
        let ids = notify.receivers.map(\.id) + stored.keys.filter { notify.receiver($0) == nil }.sorted()
        let rows = ids.map { id in
            let status = stored[id]
            return Row(
                receiver: id, kind: notify.receiver(id)?.kind.name ?? "(not in notify.yaml)",
                pending: status?.pending ?? 0, failing: status?.failing ?? 0, sent: status?.sent ?? 0,
                dead: status?.dead ?? 0, oldestPending: status?.oldestPending.map(format.string(from:)),
                lastSent: status?.lastSentAt.map(format.string(from:)),
                lastError: status?.lastError.map { UntrustedText.shown($0, limit: 120) })
        }
        switch self.format {
        case .json:
            try Output.json(rows)
        case .table:
            guard !rows.isEmpty else {
                return Output.line("no receivers: \(global.config)/notify.yaml is absent or lists none")
            }
            var table = TextTable(headers: [
                "receiver", "kind", "pending", "failing", "sent", "dead", "oldest pending", "last error",
            ])
            for row in rows {
                table.append([
                    row.receiver, row.kind, String(row.pending), String(row.failing), String(row.sent),
                    String(row.dead),
                    row.oldestPending ?? "", row.lastError ?? "",
                ])
            }
            print(table.render())
        }
    }
}
