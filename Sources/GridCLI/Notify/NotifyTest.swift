import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridNotify
import GridStore

#if canImport(Glibc)
    import Glibc
#endif

/// `gridctl notify test RECEIVER`: one test message, sent the way every message is — put in
/// the outbox and delivered by the sender with its credentials and network — so that a
/// success proves the whole path, not just this terminal's.
struct NotifyTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send one test message to a receiver, through the outbox, and wait for the result.",
        discussion: """
            The message is delivered by whatever drains the outbox: gridd-notify.service, or gridd --once. The \
            command waits up to --wait seconds for it to be accepted or to fail, and exits 0 only when the \
            receiver accepted it.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The receiver's id in notify.yaml.") var receiver: String
    @Option(help: "Seconds to wait for the result (0: only queue it).") var wait: Double = 30
    @Option(
        help: ArgumentHelp(
            "Where the receiver sends it, when it sends to people: a mail address (default: the receiver's own from:), a WeCom user id, a mobile number.",
            valueName: "address"))
    var to: String?

    func run() throws {
        try FreeText.check(receiver, option: "receiver")
        guard wait >= 0, wait <= 3_600 else { throw CLIError("--wait: expected 0 to 3600 seconds") }
        let notify: NotifyConfiguration
        do {
            notify = try ConfigLoader(directory: global.config).notifyConfiguration()
        } catch {
            throw CLIError("invalid configuration in \(global.config):\n\(error)")
        }
        guard let target = notify.receiver(receiver) else {
            let known = notify.receivers.map(\.id)
            throw CLIError(
                "no receiver '\(UntrustedText.escaped(receiver))' in \(global.config)/notify.yaml"
                    + (known.isEmpty ? " (it lists none)" : "; expected one of: \(known.joined(separator: ", "))"))
        }
        let recipients = try recipients(for: target)
        let database = try CommandContext.openDatabase(global)
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let now = try CommandContext.resolveNow(
            global.now, calendar: BusinessCalendar(national: .plainWeekdays, timeZone: zone))
        let login = RealUser.current().login
        let id = try database.enqueueTest(at: now) { number in
            MessageComposer.testMessage(
                notify: notify, receiver: target, id: number, at: now, by: login, recipients: recipients)
        }
        Output.line("test message #\(id) queued for \(target.id) (\(target.kind.name))")
        guard wait > 0 else { return }
        let deadline = Date().addingTimeInterval(wait)
        while Date() < deadline {
            guard let delivery = try database.delivery(id: id) else { break }
            switch delivery.state {
            case .sent:
                return Output.line(
                    "sent: \(target.id) accepted it"
                        + (delivery.reference.map { " (reference \(UntrustedText.escaped($0)))" } ?? ""))
            case .dead:
                Output.line("dead: \(UntrustedText.shown(delivery.lastError ?? "", limit: 300))")
                throw ExitCode.failure
            case .pending:
                if delivery.attempts > 0 {
                    Output.line(
                        "failed: \(UntrustedText.shown(delivery.lastError ?? "", limit: 300)); it will be tried again (`gridctl notify list --receiver \(target.id)`)"
                    )
                    throw ExitCode.failure
                }
            }
            usleep(100_000)
        }
        Output.line(
            "still pending after \(Int(wait)) s: nothing is delivering the outbox (is gridd-notify.service running? `systemctl status gridd-notify`)"
        )
        throw ExitCode.failure
    }

    /// Whom the test goes to: `--to`, checked as the receiver's kind of address; for mail, the
    /// receiver's own `from:` when not given; nobody for a robot or webhook.
    func recipients(for receiver: Receiver) throws -> [Recipient] {
        guard let field = receiver.kind.addressField else {
            if to != nil {
                throw CLIError("--to: a \(receiver.kind.name) receiver sends to a group or system, not to an address")
            }
            return []
        }
        var address = to
        if address == nil, case .mail(_, let from) = receiver.kind { address = from }
        guard let address else {
            throw CLIError(
                "--to: a \(receiver.kind.name) receiver sends to people; give the \(field) address to send the test to")
        }
        if let problem = StaffContact.problem(field, address) {
            throw CLIError("--to: \(UntrustedText.escaped(problem))")
        }
        return [Recipient(person: "test", name: "test", address: address)]
    }
}
