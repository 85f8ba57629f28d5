import Foundation
import GridConfig
import GridCore

#if canImport(Glibc)
    import Glibc
#endif

/// The user the operating system says runs gridctl: the REAL uid (`getuid`), not the
/// effective one a setgid program gains, and the real user's groups. Identity is never
/// taken from the command line or, in a release build, from the environment.
struct RealUser: Sendable {
    let login: String
    let isRoot: Bool
    /// Names of the real user's groups: the real gid's and the supplementary ones.
    let groups: Set<String>

    /// The service user `gridd` runs as; it may create and upgrade the schema.
    static let serviceUser = "gridduty"

    var isServiceUser: Bool { login == Self.serviceUser }

    static func current() -> RealUser {
        #if DEBUG
            // Tests of built binaries play other users. Only a debug build reads this; a
            // release build never takes identity from the environment.
            if let login = ProcessInfo.processInfo.environment["GRIDDUTY_TEST_LOGIN"] {
                let groups = ProcessInfo.processInfo.environment["GRIDDUTY_TEST_GROUPS"] ?? ""
                return RealUser(
                    login: login, isRoot: false,
                    groups: Set(groups.split(separator: ",").map(String.init)))
            }
        #endif
        let uid = getuid()
        let login = getpwuid(uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(uid)"
        var ids = [getgid()]
        let count = getgroups(0, nil)
        if count > 0 {
            var more = [gid_t](repeating: 0, count: Int(count))
            let got = getgroups(count, &more)
            if got > 0 { ids += more.prefix(Int(got)) }
        }
        let groups = Set(
            ids.compactMap { id in getgrgid(id).flatMap { $0.pointee.gr_name.map { String(cString: $0) } } })
        return RealUser(login: login, isRoot: uid == 0, groups: groups)
    }

    /// The staff member this login maps to in `configuration`, and the file that maps them.
    func mapping(in configuration: Configuration) -> (person: String, file: String)? {
        for branch in configuration.branches {
            if let person = branch.staff.first(where: { $0.unixUser == login }) {
                return (person.id, configuration.sources[branch.id]?.file ?? "branches/")
            }
        }
        return nil
    }

    /// Refuses an administrative write (creating or upgrading the schema) unless the real
    /// user is root, the service user or in the admin group.
    func checkAdministrative(_ action: String, adminGroup: String) throws {
        if let refusal = AdministrativeWrite.refusal(
            login: login, actor: nil, isRoot: isRoot, isServiceUser: isServiceUser, groups: groups,
            adminGroup: adminGroup, action: action)
        {
            throw CLIError(refusal.description)
        }
    }
}
