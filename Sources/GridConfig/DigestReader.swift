import GridCore
import Yams

/// Reads `policy.yaml`'s `digest`: `at` (branch-local HH:MM; the branch's opening when
/// absent), `kinds` (the alert kinds folded into the digest: only `nag`; `[]` keeps one
/// alert per item) and `every` (business days between two digests to one person).
struct DigestReader {
    let file: String
    let log: IssueLog

    func read(_ node: Node, context: String) -> DigestPolicy? {
        let reader = MappingReader(file: file, node: node, context: context, log: log)
        reader.rejectUnknownKeys(["at", "kinds", "every"])
        let issues = log.issues.count
        let at = reader.time("at")
        var kinds: Set<AlertKind> = [.nag]
        if let listed = reader.strings("kinds") {
            kinds = []
            for (text, line) in listed {
                guard let kind = AlertKind(rawValue: text), DigestPolicy.foldableKinds.contains(kind) else {
                    log.add(
                        file, line, reader.field("kinds"),
                        "'\(text)' cannot be folded into a digest; only the repeat can: "
                            + DigestPolicy.foldableKinds.map(\.rawValue).sorted().joined(separator: ", ")
                            + " (state changes stay one alert each)")
                    continue
                }
                kinds.insert(kind)
            }
        }
        let every = reader.int("every", minimum: 1) ?? 1
        guard log.issues.count == issues else { return nil }
        return DigestPolicy(at: at, kinds: kinds, everyBusinessDays: every)
    }
}
