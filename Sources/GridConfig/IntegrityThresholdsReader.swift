import GridCore
import Yams

/// Reads a version's `baseline` (the total each person and each branch starts the year with)
/// and `bands` (the lowest total of yellow, blue and green at each level; red below): both
/// levels and every band must be given, the minimums rising from yellow to green.
struct IntegrityThresholdsReader {
    let reader: MappingReader

    private var file: String { reader.file }
    private var log: IssueLog { reader.log }

    func baseline() -> [IntegrityLevel: Int]? {
        guard let node = required("baseline", "{ person: N, branch: N }") else { return nil }
        let baseline = MappingReader(file: file, node: node, context: reader.field("baseline"), log: log)
        guard node.mapping != nil else { return nil }
        baseline.rejectUnknownKeys(Set(IntegrityLevel.allCases.map(\.rawValue)))
        var totals: [IntegrityLevel: Int] = [:]
        for level in IntegrityLevel.allCases {
            totals[level] = baseline.int(level.rawValue, required: true, minimum: 0)
        }
        return totals.count == IntegrityLevel.allCases.count ? totals : nil
    }

    /// The bands red is not given in: everything below yellow is red.
    private static let given: [IntegrityBand] = [.yellow, .blue, .green]

    func bands() -> [IntegrityLevel: IntegrityBands]? {
        guard
            let node = required(
                "bands", "person and branch, each { yellow: N, blue: N, green: N }, the lowest total of each band")
        else { return nil }
        let bands = MappingReader(file: file, node: node, context: reader.field("bands"), log: log)
        guard node.mapping != nil else { return nil }
        bands.rejectUnknownKeys(Set(IntegrityLevel.allCases.map(\.rawValue)))
        var result: [IntegrityLevel: IntegrityBands] = [:]
        for level in IntegrityLevel.allCases {
            guard let levelNode = bands.node(level.rawValue) else {
                bands.fail(level.rawValue, "missing; give { yellow: N, blue: N, green: N } for every level")
                continue
            }
            let minimums = MappingReader(file: file, node: levelNode, context: bands.field(level.rawValue), log: log)
            guard levelNode.mapping != nil else { continue }
            minimums.rejectUnknownKeys(Set(Self.given.map(\.rawValue)))
            var values: [IntegrityBand: Int] = [:]
            var lower: (band: IntegrityBand, minimum: Int)?
            for band in Self.given {
                guard let minimum = minimums.int(band.rawValue, required: true) else { continue }
                if let lower, minimum <= lower.minimum {
                    minimums.fail(
                        band.rawValue,
                        "\(minimum) is not above \(lower.band.rawValue)'s \(lower.minimum); the minimums rise from yellow to blue to green"
                    )
                    continue
                }
                values[band] = minimum
                lower = (band, minimum)
            }
            if values.count == Self.given.count { result[level] = IntegrityBands(minimums: values) }
        }
        return result.count == IntegrityLevel.allCases.count ? result : nil
    }

    private func required(_ key: String, _ expected: String) -> Node? {
        guard let node = reader.node(key) else {
            reader.fail(key, "missing; expected \(expected)")
            return nil
        }
        return node
    }
}
