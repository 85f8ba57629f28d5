import GRDB
import Synchronization

/// The numbers of duties and periods that are known to be committed, kept for the life of
/// one `GridDatabase`.
///
/// Every branch's transaction needs the numbers of the same few hundred duties and periods;
/// looking them up again per branch was a twentieth of materialising a bank. A number is
/// only learned once the transaction that read or gave it has committed: one given in a
/// transaction that rolled back does not exist. Numbers are never changed or reused, so a
/// learned one stays right whatever other processes do to the file.
final class CommittedKeys: Sendable {
    enum Kind: Sendable { case duty, period }

    private let known = Mutex<(duties: [String: Int64], periods: [String: Int64])>(([:], [:]))

    func number(_ kind: Kind, _ key: String) -> Int64? {
        known.withLock { kind == .duty ? $0.duties[key] : $0.periods[key] }
    }

    /// Learns what a transaction read or gave, if and when it commits.
    func learn(after db: Database, _ learned: Learned) {
        db.afterNextTransaction { [self] _ in
            let (duties, periods) = learned.take()
            guard !duties.isEmpty || !periods.isEmpty else { return }
            known.withLock {
                $0.duties.merge(duties) { old, _ in old }
                $0.periods.merge(periods) { old, _ in old }
            }
        }
    }

    /// What one transaction has found so far; used only on that transaction's connection.
    final class Learned: @unchecked Sendable {
        private var duties: [String: Int64] = [:]
        private var periods: [String: Int64] = [:]

        func note(_ kind: Kind, _ key: String, _ id: Int64) {
            if kind == .duty { duties[key] = id } else { periods[key] = id }
        }

        fileprivate func take() -> ([String: Int64], [String: Int64]) {
            defer { (duties, periods) = ([:], [:]) }
            return (duties, periods)
        }
    }
}
