import GridCore

/// The plain text of a message for a chat: the title, then the body; for a group robot, the
/// recipients' names after them, since the group sees the message and not its addressees.
enum MessageText {
    static func direct(_ message: OutboxMessage) -> String {
        message.title + "\n" + message.body
    }

    static func group(_ message: OutboxMessage, mentioning mention: (Recipient) -> String = { $0.name }) -> String {
        let names = message.recipients.map(mention).filter { !$0.isEmpty }
        guard !names.isEmpty else { return direct(message) }
        return direct(message) + "\n接收人：" + names.joined(separator: "、")
    }
}
