import Foundation
import GridConfig

#if canImport(Glibc)
    import Glibc
#endif

/// gridctl installed setgid to the service group (as `crontab` is) reaches the shared
/// database through the group's rights. A database or configuration of the user's own
/// choosing must not borrow them: with a private `--config` one could name oneself branch
/// head and write the shared file. So when any of them is given, the group's rights are
/// dropped before anything is opened; a private database is then opened with the user's
/// own rights, and the shared one is out of reach.
enum GroupPrivilege {
    /// Whether the arguments or the environment choose the database or the configuration.
    static func choosesFiles(arguments: [String], environment: [String: String]) -> Bool {
        let options = ["--db", "--config"]
        let given = arguments.contains { argument in
            options.contains { argument == $0 || argument.hasPrefix("\($0)=") }
        }
        return given || !(environment["GRIDDUTY_DB"] ?? "").isEmpty || !(environment["GRIDDUTY_CONFIG"] ?? "").isEmpty
    }

    /// Drops the setgid group when running privileged and files are chosen; exits 1 if the
    /// drop fails, before anything is opened. An executable in a checkout's build folder
    /// chooses its files too (the checkout's `schedules/` and `.state/`, which its user
    /// controls, a symbolic link to the shared database included): an installed gridctl is
    /// never there, so a privileged one found there — a hard link, say — keeps no rights.
    static func dropIfFilesAreChosen() {
        guard getegid() != getgid(),
            Defaults.checkout != nil
                || choosesFiles(
                    arguments: Array(CommandLine.arguments.dropFirst()),
                    environment: ProcessInfo.processInfo.environment)
        else { return }
        let real = getgid()
        guard setgid(real) == 0, getegid() == real else {
            FileHandle.standardError.write(
                Data(
                    "gridctl: cannot give up the service group's rights (setgid: \(String(cString: strerror(errno)))); nothing was opened\n"
                        .utf8))
            exit(1)
        }
    }
}
