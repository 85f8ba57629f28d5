/// What a receiver is, and what the sender needs to reach it.
public enum ReceiverKind: Hashable, Sendable {
    /// A generic JSON webhook: one POST per message, in the shape of Alertmanager's webhook
    /// payload, with the delivery's id as `Idempotency-Key` so the receiver can drop a repeat.
    case webhook(url: String)
    /// A WeCom (企业微信) application message: a token from `gettoken` with the corp id and the
    /// application's secret, then `message/send` to the recipients' WeCom user ids.
    case wecomApp(api: String, corpID: String, agentID: Int, secret: SecretReference)
    /// A WeCom group robot: its webhook address, the key in the query from a secret.
    case wecomRobot(url: String, key: SecretReference?)
    /// A DingTalk (钉钉) custom group robot: its webhook, the access token from a secret, and
    /// when the robot is set to "加签", the signing secret (HMAC-SHA256 of timestamp and secret).
    case dingtalkRobot(url: String, token: SecretReference?, secret: SecretReference?)
    /// Mail handed to the local MTA's `sendmail` interface (msmtp-mta, postfix, exim4): its
    /// exit 0 is the MTA's acceptance into its queue; relaying, TLS and authentication stay
    /// the MTA's configuration.
    case mail(sendmail: String, from: String)

    /// The name used in `notify.yaml`'s `kind:`.
    public var name: String {
        switch self {
        case .webhook: "webhook"
        case .wecomApp: "wecom-app"
        case .wecomRobot: "wecom-robot"
        case .dingtalkRobot: "dingtalk-robot"
        case .mail: "mail"
        }
    }

    /// The staff field that gives a recipient's address for this kind, if it needs one: an
    /// application message or a mail goes to people; a robot or webhook to a group or system.
    public var addressField: String? {
        switch self {
        case .wecomApp: "wecom"
        case .mail: "mail"
        case .dingtalkRobot: "mobile"
        case .webhook, .wecomRobot: nil
        }
    }

    /// Whether a message must have at least one recipient address to be sent at all.
    public var needsAddresses: Bool {
        switch self {
        case .wecomApp, .mail: true
        case .webhook, .wecomRobot, .dingtalkRobot: false
        }
    }

    public static let names = ["webhook", "wecom-app", "wecom-robot", "dingtalk-robot", "mail"]
}
