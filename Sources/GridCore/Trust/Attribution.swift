import Foundation

/// Who entered a record, for whom, and when it was really entered: what 倒查 asks of every
/// write. The performer of a check (`Completion.by`) says who did it; this says who typed
/// it in, from which login, so that an entry made on someone's behalf is never mistaken
/// for their own.
public struct Attribution: Sendable, Equatable, Hashable {
    /// The login name of the real user that ran the program (`gridd`'s service user for
    /// the daemon's own records).
    public var login: String
    /// The staff member the login maps to; nil for the daemon, an administrator who is
    /// not on a roster, or a simulation database's anonymous player.
    public var actor: String?
    /// The staff member the act is for when it is not the actor: the owner a supervisor
    /// records for, or the absent colleague a delegate acts for.
    public var onBehalfOf: String?
    /// The real time of entry, from the system clock (or the simulation's `--now`).
    public var enteredAt: Date

    public init(login: String, actor: String?, onBehalfOf: String? = nil, enteredAt: Date) {
        self.login = login
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.enteredAt = enteredAt
    }

    /// The daemon's own records: alerts, configuration reloads, reassignments.
    public static func daemon(login: String, at instant: Date) -> Attribution {
        Attribution(login: login, actor: nil, enteredAt: instant)
    }
}
