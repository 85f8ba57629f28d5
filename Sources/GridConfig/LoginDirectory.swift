#if canImport(Glibc)
    import Glibc
#endif

/// Where the logins a branch file maps staff to (`unix-user:`) are looked up: the
/// machine's user database in production, a fixed list in tests.
public protocol LoginDirectory: Sendable {
    func exists(_ login: String) -> Bool
}

/// The machine's user database (`getpwnam`), as `id LOGIN` sees it.
public struct SystemLoginDirectory: LoginDirectory {
    public init() {}

    public func exists(_ login: String) -> Bool {
        login.withCString { getpwnam($0) } != nil
    }
}

/// A fixed set of logins.
public struct FixedLoginDirectory: LoginDirectory {
    public let logins: Set<String>

    public init(_ logins: Set<String>) { self.logins = logins }

    public func exists(_ login: String) -> Bool { logins.contains(login) }
}
