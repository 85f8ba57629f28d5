/// The text of one kind of message: a title (a mail's subject, the first line elsewhere)
/// and a body, in Mustache (`{{duty}}`, `{{#items}}…{{/items}}`). GridDuty ships one per
/// kind; `notify.yaml`'s `templates:` overrides any of them.
public struct MessageTemplate: Hashable, Sendable {
    public let title: String
    public let body: String

    public init(title: String, body: String) {
        self.title = title
        self.body = body
    }
}
