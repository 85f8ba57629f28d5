import Foundation

/// A rule a measure created or revised (新建/修订制度): the reports count them.
public struct RuleChange: Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case created = "新建"
        case revised = "修订"
    }

    public var kind: Kind
    /// The rule's name, without the 《》.
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// As the workbook writes it: 新建《…》 or 修订《…》.
    public var text: String { "\(kind.rawValue)《\(name)》" }

    /// Reads 新建《…》 or 修订《…》 (spaces allowed around); nil for anything else.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let kind = Kind.allCases.first(where: { trimmed.hasPrefix($0.rawValue) }) else { return nil }
        let rest = trimmed.dropFirst(kind.rawValue.count).trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("《"), rest.hasSuffix("》"), rest.count > 2 else { return nil }
        let name = rest.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains("《"), !name.contains("》") else { return nil }
        self.init(kind: kind, name: name)
    }
}
