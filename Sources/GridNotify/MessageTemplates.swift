import GridCore

/// The shipped text of each kind of message: Chinese, short, saying what, by when, whose,
/// and what to run. `notify.yaml`'s `templates:` replaces any of them; the names a template
/// may use are listed in docs/notify.md.
public enum MessageTemplates {
    public static let shipped: [String: MessageTemplate] = [
        "reminder": MessageTemplate(
            title: "【提醒】{{duty}}",
            body: """
                {{branch}}：{{owner}}的「{{duty}}」（{{period}}）将于 {{deadline}} 到期。{{#progress}}已完成 {{progress}}。{{/progress}}
                完成后登记：{{command}}
                """),
        "overdue": MessageTemplate(
            title: "【逾期】{{duty}}",
            body: """
                {{branch}}：{{owner}}的「{{duty}}」（{{period}}）已于 {{deadline}} 到期，尚未完成。{{#progress}}已完成 {{progress}}。{{/progress}}
                完成后登记：{{command}}
                """),
        "escalation": MessageTemplate(
            title: "【逾期升级】{{duty}}：已逾期 {{days_overdue}} 个工作日",
            body: """
                {{branch}}：{{owner}}的「{{duty}}」（{{period}}）于 {{deadline}} 到期，已逾期 {{days_overdue}} 个工作日，现告知：{{recipients}}。
                完成后登记：{{command}}
                """),
        "nag": MessageTemplate(
            title: "【仍逾期】{{duty}}：已逾期 {{days_overdue}} 个工作日",
            body: """
                {{branch}}：{{owner}}的「{{duty}}」（{{period}}）于 {{deadline}} 到期，仍未完成。
                完成后登记：{{command}}
                """),
        "notice": MessageTemplate(
            title: "【警示】{{duty}}",
            body: """
                {{branch}}：{{duty}}（{{period}}），请于 {{deadline}} 前完成。
                """),
        "digest": MessageTemplate(
            title: "【逾期汇总】{{person}}：{{count}} 项逾期事项",
            body: """
                {{branch}} {{day}}：{{person}}，你有 {{count}} 项逾期事项（本人 {{own_count}} 项{{#has_escalated}}，所管人员逾期升级至你 {{escalated_count}} 项{{/has_escalated}}），最早于 {{oldest}} 到期。
                逾期最久的：
                {{#top}}
                · {{duty}}（{{period}}，{{owner}}）逾期 {{days_overdue}} 个工作日：{{command}}
                {{/top}}
                全部逾期事项：gridctl overdue --person {{person_id}}
                """),
        "test": MessageTemplate(
            title: "【测试】GridDuty 通知测试",
            body: """
                这是一条测试消息：接收方 {{receiver}}（{{kind}}），由 {{by}} 于 {{at}} 发出。收到即表示通知渠道畅通。
                """),
    ]

    /// Used only if a kind had no template at all.
    static let fallback = MessageTemplate(title: "GridDuty：{{kind}}", body: "{{kind}}")

    /// The kind as people read it.
    public static func kindName(_ kind: String) -> String {
        switch kind {
        case "reminder": "提醒"
        case "overdue": "逾期"
        case "escalation": "逾期升级"
        case "nag": "仍逾期"
        case "notice": "警示"
        case "digest": "逾期汇总"
        case "test": "测试"
        default: kind
        }
    }
}
