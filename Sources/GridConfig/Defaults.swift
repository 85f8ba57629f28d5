import Foundation

/// Where gridctl and gridd look when not told: `$GRIDDUTY_CONFIG` / `$GRIDDUTY_DB`, then the
/// repository's own `schedules/` with a database in `.state/` (the embedded default a
/// newcomer runs from a clone), then the installed service's `/etc/gridduty` and
/// `/var/lib/gridduty`.
public enum Defaults {
    public static let installedConfig = "/etc/gridduty"
    public static let installedDatabase = "/var/lib/gridduty/gridduty.sqlite"

    public static func configDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["GRIDDUTY_CONFIG"], !path.isEmpty { return path }
        if FileManager.default.fileExists(atPath: "schedules/roles.yaml") { return "schedules" }
        if FileManager.default.fileExists(atPath: installedConfig) { return installedConfig }
        return "schedules"
    }

    public static func database(
        forConfig config: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let path = environment["GRIDDUTY_DB"], !path.isEmpty { return path }
        return config == installedConfig ? installedDatabase : ".state/gridduty.sqlite"
    }
}
