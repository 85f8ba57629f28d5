import ArgumentParser
import Foundation
import GridCore
import GridStore

/// `gridctl notify list`: the messages themselves, newest first — what was sent, when, and
/// the receiver's reference for it (倒查: who was told); or what failed and why.
struct NotifyList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Messages in the outbox, newest first: to whom, what, and where each stands.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this receiver's.") var receiver: String?
    @Option(help: "pending, sent or dead.") var state: StateOption?
    @Option(help: "At most this many.") var limit = 50
    @Option(help: "table or json.") var format: NotifyStatus.Format = .table

    enum StateOption: String, ExpressibleByArgument, CaseIterable {
        case pending, sent, dead

        var state: DeliveryState {
            switch self {
            case .pending: .pending
            case .sent: .sent
            case .dead: .dead
            }
        }
    }

    struct Row: Encodable {
        let id: Int64
        let receiver: String
        let source: String
        let kind: String
        let branch: String
        let recipients: [String]
        let title: String
        let state: String
        let attempts: Int
        let created: String
        let sent: String?
        let reference: String?
        let lastError: String?

        enum CodingKeys: String, CodingKey {
            case id, receiver, source, kind, branch, recipients, title, state, attempts, created, sent, reference
            case lastError = "last_error"
        }
    }

    func run() throws {
        guard (1...10_000).contains(limit) else { throw CLIError("--limit: expected 1 to 10000") }
        try FreeText.check(receiver, option: "--receiver")
        let database = try CommandContext.openDatabase(global)
        let format = ISO8601DateFormatter()
        let rows = try database.deliveries(receiver: receiver, state: state?.state, limit: limit).map { delivery in
            Row(
                id: delivery.id, receiver: delivery.message.receiver,
                source: "\(delivery.message.source.rawValue) #\(delivery.message.sourceID)",
                kind: delivery.message.kind, branch: delivery.message.branch,
                recipients: delivery.message.recipients.map { $0.address ?? $0.person },
                title: delivery.message.title, state: delivery.state.name, attempts: delivery.attempts,
                created: format.string(from: delivery.createdAt), sent: delivery.sentAt.map(format.string(from:)),
                reference: delivery.reference, lastError: delivery.lastError.map { UntrustedText.shown($0, limit: 200) }
            )
        }
        switch self.format {
        case .json:
            try Output.json(rows)
        case .table:
            var table = TextTable(headers: [
                "#", "receiver", "source", "state", "tries", "to", "title", "sent / last error",
            ])
            for row in rows {
                table.append([
                    String(row.id), row.receiver, row.source, row.state, String(row.attempts),
                    UntrustedText.shown(row.recipients.joined(separator: ","), limit: 40),
                    UntrustedText.shown(row.title, limit: 40), row.sent ?? row.lastError ?? "",
                ])
            }
            print(table.render())
        }
    }
}
