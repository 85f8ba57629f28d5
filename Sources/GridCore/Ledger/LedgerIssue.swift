/// One problem found in a workbook or a change, located: `问题清单:7:F: …`. An import
/// lists every issue it finds and writes nothing.
public struct LedgerIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public var place: SheetPlace?
    /// The file, for problems of the file itself (not a workbook, a sheet missing).
    public var file: String?
    public var problem: String

    public init(place: SheetPlace? = nil, file: String? = nil, problem: String) {
        self.place = place
        self.file = file
        self.problem = problem
    }

    public var description: String {
        let header = place?.header.map { " (\($0))" } ?? ""
        let prefix = [file, place?.description].compactMap { $0 }.joined(separator: ": ")
        return prefix.isEmpty ? problem : "\(prefix)\(header): \(problem)"
    }
}
