import GridCore
import Yams

/// Reads an escalation ladder: `steps` of `{after: N, notify: [owner, grid-leader, …]}`
/// counted in business days after the deadline, and `nag-every: N`.
struct EscalationReader {
    let file: String
    let log: IssueLog

    func read(_ node: Node, context: String) -> EscalationPolicy? {
        let reader = MappingReader(file: file, node: node, context: context, log: log)
        reader.rejectUnknownKeys(["steps", "nag-every"])
        var steps: [EscalationPolicy.Step] = []
        for stepNode in reader.mappings("steps", required: true) {
            let step = MappingReader(file: file, node: stepNode, context: "\(context) step", log: log)
            step.rejectUnknownKeys(["after", "notify"])
            guard let after = step.int("after", required: true, minimum: 0) else { continue }
            var targets: [EscalationPolicy.Target] = []
            for (text, line) in step.strings("notify") ?? [] {
                guard let target = EscalationPolicy.Target(rawValue: text) else {
                    log.add(
                        file, line, step.field("notify"),
                        "unknown target '\(text)'; expected one of: \(EscalationPolicy.Target.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                    continue
                }
                targets.append(target)
            }
            if targets.isEmpty { step.fail("notify", "a step must notify someone") }
            steps.append(.init(afterBusinessDays: after, targets: targets))
        }
        // An empty list would silently mean the built-in ladder; to mean no escalation is
        // not what an empty list says either, so it is refused.
        if reader.node("steps")?.sequence?.isEmpty == true {
            reader.fail("steps", "an escalation needs at least one step; remove 'escalation' to use the default ladder")
        }
        if steps.isEmpty { return nil }
        if Set(steps.map(\.afterBusinessDays)).count != steps.count {
            reader.fail("steps", "two steps have the same 'after'")
        }
        return EscalationPolicy(steps: steps, nagEveryBusinessDays: reader.int("nag-every", minimum: 0) ?? 1)
    }
}
