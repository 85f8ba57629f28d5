/// A branch's rectification ledger (整改台账): its inspections, findings and measures, in
/// the order they were recorded. A pure value: the store keeps the changes, and the ledger
/// as of any moment is those changes applied in order, each checked here.
public struct Ledger: Hashable, Sendable, Codable {
    public private(set) var inspections: [Inspection] = []
    public private(set) var findings: [FindingRecord] = []
    public private(set) var measures: [Measure] = []
    private var inspectionIndex: [String: Int] = [:]
    private var findingIndex: [String: Int] = [:]
    private var measureIndex: [MeasureID: Int] = [:]

    public init() {}

    /// A ledger as stored, in recorded order.
    public init(inspections: [Inspection], findings: [FindingRecord], measures: [Measure]) {
        self.inspections = inspections
        self.findings = findings
        self.measures = measures
        reindex()
    }

    private enum CodingKeys: String, CodingKey { case inspections, findings, measures }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            inspections: try container.decode([Inspection].self, forKey: .inspections),
            findings: try container.decode([FindingRecord].self, forKey: .findings),
            measures: try container.decode([Measure].self, forKey: .measures))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inspections, forKey: .inspections)
        try container.encode(findings, forKey: .findings)
        try container.encode(measures, forKey: .measures)
    }

    private mutating func reindex() {
        inspectionIndex = Dictionary(inspections.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        findingIndex = Dictionary(
            findings.enumerated().map { ($1.finding.number, $0) }, uniquingKeysWith: { a, _ in a })
        measureIndex = Dictionary(measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func inspection(_ name: String) -> Inspection? { inspectionIndex[name].map { inspections[$0] } }
    public func finding(_ number: String) -> FindingRecord? { findingIndex[number].map { findings[$0] } }
    public func measure(_ id: MeasureID) -> Measure? { measureIndex[id].map { measures[$0] } }

    /// A finding's measures, in recorded order.
    public func measures(of finding: String) -> [Measure] {
        measures.filter { $0.id.finding == finding }
    }

    /// The measure a bare number names, when exactly one finding has a measure of that number.
    public func measure(numbered number: String) -> Measure? {
        let found = measures.filter { $0.id.number == number }
        return found.count == 1 ? found[0] : nil
    }

    /// Applies one change made on `date` (the branch's day), or says why it cannot apply.
    public mutating func apply(_ change: LedgerChange, on date: LocalDate) throws(LedgerRefusal) {
        switch change {
        case .inspectionAdded(let inspection):
            guard inspectionIndex[inspection.name] == nil else { throw .duplicateInspection(inspection.name) }
            inspectionIndex[inspection.name] = inspections.count
            inspections.append(inspection)
        case .findingAdded(let finding):
            guard findingIndex[finding.number] == nil else { throw .duplicateFinding(finding.number) }
            guard inspectionIndex[finding.inspection] != nil else { throw .unknownInspection(finding.inspection) }
            try checkRepeat(of: finding)
            findingIndex[finding.number] = findings.count
            findings.append(FindingRecord(finding: finding))
        case .findingRevised(let finding):
            let index = try openFinding(finding.number)
            guard inspectionIndex[finding.inspection] != nil else { throw .unknownInspection(finding.inspection) }
            try checkRepeat(of: finding)
            findings[index].finding = finding
        case .measureAdded(let measure):
            let index = try openFinding(measure.id.finding)
            guard measureIndex[measure.id] == nil else { throw .duplicateMeasure(measure.id) }
            // Done is a change of its own (`measureDone`), with its evidence and its completion.
            var added = measure
            added.done = nil
            measureIndex[measure.id] = measures.count
            measures.append(added)
            // A new measure voids a pending request: the finding is not done any more.
            findings[index].state = .rectifying
            findings[index].closeOut = nil
        case .measureRevised(let measure):
            _ = try openFinding(measure.id.finding)
            guard let index = measureIndex[measure.id] else { throw .unknownMeasure(measure.id) }
            guard measures[index].done == nil else { throw .measureDone(measure.id) }
            var revised = measure
            revised.done = nil
            measures[index] = revised
        case .measureDone(let id, let done):
            let finding = try openFinding(id.finding)
            guard let index = measureIndex[id] else { throw .unknownMeasure(id) }
            guard measures[index].done == nil else { throw .measureDone(id) }
            guard done.date >= findings[finding].finding.found else {
                throw .doneBeforeFound(id, done: done.date, found: findings[finding].finding.found)
            }
            measures[index].done = done
        case .closeRequested(let number, let request):
            let index = try openFinding(number)
            guard findings[index].state != .awaitingCloseOut else { throw .alreadyAwaitingCloseOut(number) }
            let own = measures(of: number)
            guard !own.isEmpty else { throw .noMeasures(number) }
            let open = own.filter { $0.done == nil }.map(\.id)
            guard open.isEmpty else { throw .measuresOpen(finding: number, open: open) }
            findings[index].state = .awaitingCloseOut
            findings[index].closeOut = request
            findings[index].rejection = nil
        case .closeApproved(let number, _):
            let index = try openFinding(number)
            guard findings[index].state == .awaitingCloseOut else {
                throw .notAwaitingCloseOut(number, findings[index].state)
            }
            findings[index].state = .closed
            findings[index].closedOn = date
        case .closeRejected(let number, let reason):
            let index = try openFinding(number)
            guard findings[index].state == .awaitingCloseOut else {
                throw .notAwaitingCloseOut(number, findings[index].state)
            }
            findings[index].state = .rectifying
            findings[index].rejection = reason
        }
    }

    /// The index of a finding that may still change: known and not closed.
    private func openFinding(_ number: String) throws(LedgerRefusal) -> Int {
        guard let index = findingIndex[number] else { throw .unknownFinding(number) }
        guard findings[index].state != .closed else { throw .findingClosed(number) }
        return index
    }

    private func checkRepeat(of finding: Finding) throws(LedgerRefusal) {
        guard let earlier = finding.repeats else { return }
        guard earlier != finding.number else { throw .repeatsItself(finding.number) }
        guard let index = findingIndex[earlier] else {
            throw .repeatsUnknown(finding: finding.number, repeats: earlier)
        }
        guard findings[index].state == .closed else { throw .repeatsOpen(finding: finding.number, repeats: earlier) }
    }
}
