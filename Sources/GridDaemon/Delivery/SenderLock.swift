import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One sender per database at a time: the outbox sender claims its rows in memory, so a
/// `gridd --once` run beside a running gridd-notify would try the same message twice. Each
/// takes this lock — `flock` on a file beside the database — and one that finds it taken
/// leaves the delivering to the holder. The kernel drops the lock when its holder dies, even
/// by `kill -9`.
public final class SenderLock: @unchecked Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// `gridduty.sqlite` → `gridduty.sqlite.sender-lock`.
    public static func path(database: String) -> String { database + ".sender-lock" }

    /// The lock, or nil when another process holds it (or the file cannot be opened).
    /// `wait` blocks until it is free instead.
    public static func acquire(database: String, wait: Bool = false) -> SenderLock? {
        let descriptor = open(path(database: database), O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
        guard descriptor >= 0 else { return nil }
        while flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            close(descriptor)
            return nil
        }
        return SenderLock(descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
