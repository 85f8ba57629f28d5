import Yams

/// What a schedules file may be made of beyond what its reader asks for: plain mappings,
/// lists and text. A tag (`!!binary`, `!custom`) would be ignored by the readers, which read
/// every value as text, so it is refused rather than silently dropped; and a file whose
/// aliases expand it far beyond its size (a "billion laughs") is refused before anything
/// walks it.
enum YAMLShape {
    /// The tags the basic resolver gives untagged values; an explicit `!!str`, `!!seq` or
    /// `!!map` says nothing more and is accepted.
    private static let plain: Set<String> = [Tag.Name.str.rawValue, Tag.Name.seq.rawValue, Tag.Name.map.rawValue]

    /// Values a file may hold per byte of it, aliases expanded: a file without aliases holds
    /// fewer values than bytes.
    private static let valuesPerByte = 4

    /// Reports the first tag that is not plain, or an expansion past the budget; false if
    /// either was found.
    static func check(_ root: Node, file: String, bytes: Int, log: IssueLog) -> Bool {
        var budget = bytes * valuesPerByte + 1024
        var stack = [root]
        while let node = stack.popLast() {
            budget -= 1
            if budget < 0 {
                log.add(
                    file, MappingReader.line(of: root), "",
                    "expands to far more values than the file holds (aliases nested in aliases?); write the values out")
                return false
            }
            let tag = node.tag.rawValue
            if !plain.contains(tag) {
                log.add(
                    file, MappingReader.line(of: node), "",
                    "unsupported YAML tag \(ConfigLimits.quoted(tag)); the schedules hold plain text, lists and mappings only"
                )
                return false
            }
            switch node {
            case .mapping(let mapping):
                // Pushed last first, so that the first problem in the file is the one reported.
                for (key, value) in mapping.reversed() {
                    stack.append(value)
                    stack.append(key)
                }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence.reversed())
            case .scalar, .alias:
                break
            }
        }
        return true
    }
}
