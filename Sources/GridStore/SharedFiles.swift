import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The modes of the files the daemon shares with the operators of its group: the database,
/// its `-wal` and `-shm` files and its migration lock.
///
/// They must be readable and writable by the group (0660): SQLite creates a database with
/// 0644 less the umask, which makes it 0640 under the service's `UMask=0007` (operators then
/// get "readonly database") and 0644 and an operator's when an operator creates it first (the
/// daemon then cannot open it). So GridDuty creates the database and the lock file itself, as
/// 0660 whatever the umask, and in a setgid directory (the service's state directory) with
/// the directory's group; SQLite gives the `-wal` and `-shm` files the database's mode.
///
/// Before opening, every one of these files that exists is checked. One this process owns
/// (or any, as root) is put right; any other with another mode or group is an error that
/// names the file, what it is and what it should be: opening it would fail later, less clearly.
enum SharedFiles {
    static let mode: mode_t = 0o660

    /// The files around a database, the database first.
    static func paths(database path: String) -> [String] {
        [path, path + "-wal", path + "-shm", lockPath(database: path)]
    }

    static func lockPath(database path: String) -> String { path + ".migrate-lock" }

    /// Creates the database file when it does not exist, then checks it and its companions.
    static func prepare(database path: String) throws {
        // A database that exists but cannot be reached (someone outside the group of the
        // state directory) is named as such, not as one that could not be created. The
        // effective ids (`AT_EACCESS`), as opening uses: gridctl runs setgid to the group.
        if faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) != 0 && errno != ENOENT {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        try create(path)
        for file in paths(database: path) { try check(file) }
    }

    /// Checks the `-wal` and `-shm` files once SQLite has created them.
    static func checkJournal(database path: String) throws {
        for file in [path + "-wal", path + "-shm"] { try check(file) }
    }

    /// Opens the migration lock, creating it 0660 in the group it should have; a lock that
    /// cannot be opened is an error: migrating without it could let two processes both apply
    /// a migration.
    static func openLock(database path: String) throws -> Int32 {
        let lock = lockPath(database: path)
        if faccessat(AT_FDCWD, lock, F_OK, AT_EACCESS) != 0 && errno != ENOENT {
            throw StoreError.cannotLock(path: lock, reason: String(cString: strerror(errno)))
        }
        do {
            try create(lock)
            try check(lock)
        } catch let error as StoreError {
            throw StoreError.cannotLock(path: lock, reason: "\(error)")
        }
        let descriptor = open(lock, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.cannotLock(path: lock, reason: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw StoreError.cannotLock(path: lock, reason: reason)
            }
        }
        return descriptor
    }

    /// The group a file in `directory` must have: the directory's, when it is setgid (the
    /// state directory every member of the group writes to); none otherwise.
    static func requiredGroup(directory: String) -> gid_t? {
        var info = stat()
        guard stat(directory.isEmpty ? "." : directory, &info) == 0, info.st_mode & S_ISGID != 0 else { return nil }
        return info.st_gid
    }

    /// Creates `path` with mode 0660 and the required group, unless it exists. The file is
    /// made under a temporary name and linked into place, so that another process never
    /// sees it with the umask's mode.
    static func create(_ path: String) throws {
        if faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) == 0 { return }
        guard errno == ENOENT else {
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary =
            "\(directory.isEmpty ? "." : directory)/.\((path as NSString).lastPathComponent).\(getpid()).new"
        let descriptor = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        defer {
            close(descriptor)
            unlink(temporary)
        }
        if fchmod(descriptor, mode) != 0 {
            throw StoreError.cannotCreate(path: path, reason: "chmod: \(String(cString: strerror(errno)))")
        }
        if let group = requiredGroup(directory: directory) {
            var info = stat()
            if fstat(descriptor, &info) == 0, info.st_gid != group, fchown(descriptor, uid_t.max, group) != 0 {
                throw StoreError.cannotCreate(
                    path: path, reason: "chgrp \(groupName(group)): \(String(cString: strerror(errno)))")
            }
        }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Puts right or refuses an existing file of another mode or group; nothing when absent.
    static func check(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFLNK {
            // A symbolic link (a database moved to another disk): the file it points to counts.
            guard stat(path, &info) == 0 else { return }
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError.fileMode(
                path: path, found: "another type than a regular file", expected: "a regular file of mode 0660",
                fix: nil)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let group = requiredGroup(directory: directory)
        let modeRight = info.st_mode & 0o7777 == mode
        let groupRight = group.map { $0 == info.st_gid } ?? true
        if modeRight && groupRight { return }
        let euid = geteuid()
        if info.st_uid == euid || euid == 0 {
            if !modeRight && chmod(path, mode) != 0 {
                throw StoreError.fileMode(
                    path: path, found: describe(info), expected: expected(group, directory),
                    fix: "chmod: \(String(cString: strerror(errno)))")
            }
            if let group, !groupRight, chown(path, uid_t.max, group) != 0 {
                throw StoreError.fileMode(
                    path: path, found: describe(info), expected: expected(group, directory),
                    fix: "chgrp \(groupName(group)): \(String(cString: strerror(errno)))")
            }
            return
        }
        var commands = ["chmod 0660 '\(path)'"]
        if let group { commands.append("chgrp \(groupName(group)) '\(path)'") }
        throw StoreError.fileMode(
            path: path, found: describe(info), expected: expected(group, directory),
            fix: "as its owner or root: " + commands.joined(separator: " && "))
    }

    private static func expected(_ group: gid_t?, _ directory: String) -> String {
        guard let group else { return "mode 0660" }
        return "mode 0660 and group \(groupName(group)) (that of \(directory.isEmpty ? "." : directory))"
    }

    private static func describe(_ info: stat) -> String {
        let octal = String(info.st_mode & 0o7777, radix: 8)
        return
            "mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal), owner \(userName(info.st_uid)), group \(groupName(info.st_gid))"
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return String(uid) }
        return String(cString: name)
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return String(gid) }
        return String(cString: name)
    }
}
