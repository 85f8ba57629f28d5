import ArgumentParser

/// `gridctl notify`: the outbox of messages to notify.yaml's receivers.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Messages to WeCom, DingTalk, mail and webhooks: where they stand, and a test message.",
        discussion: """
            gridd writes each alert's messages with the alert itself (the outbox); gridd-notify (or gridd --once) \
            delivers them, retrying with backoff until a receiver accepts, and marks a message dead after the \
            receiver's last try. Receivers and routes are in schedules/notify.yaml.
            """,
        subcommands: [NotifyStatus.self, NotifyList.self, NotifyTest.self])
}
