import Foundation
import GridConfig

/// Every stored value of a configuration as text, down to the private indexes, through
/// reflection: two configurations render the same only if every branch, person, grid,
/// calendar, catalog entry, integrity rule, warning and stamp is the same. Sets and
/// dictionaries are rendered in sorted order, a time zone by its identifier, and the caches
/// a calendar fills on first use (classes) by their type alone.
enum ConfigurationRendering {
    static func render(_ configuration: Configuration) -> String {
        render(configuration as Any)
    }

    private static func render(_ value: Any) -> String {
        if let zone = value as? TimeZone { return "TimeZone(\(zone.identifier))" }
        if let text = value as? String { return text.debugDescription }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .class { return "<\(type(of: value))>" }
        if mirror.children.isEmpty { return "\(type(of: value)):\(value)" }
        let parts = mirror.children.map { "\($0.label ?? "")=\(render($0.value))" }
        switch mirror.displayStyle {
        case .set, .dictionary: return "\(type(of: value)){\(parts.sorted().joined(separator: ","))}"
        default: return "\(type(of: value))(\(parts.joined(separator: ",")))"
        }
    }
}
