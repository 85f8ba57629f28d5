import Foundation

/// Where gridctl and gridd look when not told with `--config` and `--db`:
///
/// 1. `$GRIDDUTY_CONFIG` and `$GRIDDUTY_DB`;
/// 2. when the running executable is in a checkout's build folder (`<repo>/.build/debug/gridctl`,
///    as `swift run` and `swift test` run it), the checkout's own `schedules/` and a database
///    in its `.state/`: the embedded default a newcomer runs from a clone;
/// 3. otherwise the installed service's `/etc/gridduty` and `/var/lib/gridduty/gridduty.sqlite`.
///
/// The current directory plays no part: an installed gridctl behaves the same wherever it is
/// run, even in a directory that happens to hold a `schedules/`.
public enum Defaults {
    public static let installedConfig = "/etc/gridduty"
    public static let installedDatabase = "/var/lib/gridduty/gridduty.sqlite"
    public static let configVariable = "GRIDDUTY_CONFIG"
    public static let databaseVariable = "GRIDDUTY_DB"

    /// What `gridctl --help` and `gridd --help` (and their man pages) say of the defaults: one
    /// paragraph, which reads the same wrapped by the help and filled by the man page.
    public static let environmentHelp = """
        Environment: GRIDDUTY_CONFIG is the schedules directory when --config is not given, GRIDDUTY_DB the \
        database file when --db is not given. Without them: /etc/gridduty and \
        /var/lib/gridduty/gridduty.sqlite; run from a checkout's build folder (swift run, .build/debug/...), the \
        checkout's schedules/ and .state/gridduty.sqlite. The current directory is never used.
        """

    /// The checkout whose build folder holds the running executable, if any.
    public static let checkout: String? = checkoutRoot(ofExecutable: runningExecutable())

    public static func configDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment, checkout: String? = Defaults.checkout
    ) -> String {
        if let path = environment[configVariable], !path.isEmpty { return path }
        if let checkout { return "\(checkout)/schedules" }
        return installedConfig
    }

    public static func database(
        environment: [String: String] = ProcessInfo.processInfo.environment, checkout: String? = Defaults.checkout
    ) -> String {
        if let path = environment[databaseVariable], !path.isEmpty { return path }
        if let checkout { return "\(checkout)/.state/gridduty.sqlite" }
        return installedDatabase
    }

    /// The repository root of an executable built in it: the nearest folder above the
    /// executable that holds it in a build folder (`.build`, or `.build-…` for another
    /// scratch path), a `Package.swift` and a `schedules/roles.yaml`.
    public static func checkoutRoot(ofExecutable path: String) -> String? {
        var folder = URL(fileURLWithPath: path).standardizedFileURL
        var child = folder.lastPathComponent
        folder.deleteLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            let root = folder.path
            if child.hasPrefix(".build"),
                FileManager.default.fileExists(atPath: "\(root)/Package.swift"),
                FileManager.default.fileExists(atPath: "\(root)/schedules/roles.yaml")
            {
                return root
            }
            child = folder.lastPathComponent
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The running executable's real path: `/proc/self/exe` (symbolic links resolved by the
    /// kernel), else `argv[0]` with its links resolved.
    static func runningExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}
