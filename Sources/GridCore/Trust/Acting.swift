import Foundation

/// Who a write is made by, decided from the login the operating system reports — never from
/// what the command line says. `--by` only names whom an act is for ("on behalf of"), and
/// is honoured only where the rules already allow a record for someone else; on a
/// simulation database it may name anyone, so that examples and tests can play every part.
public struct Acting: Sendable, Equatable {
    /// The staff member the act is checked and recorded as.
    public let actor: String
    /// The person `--by` named when it is not the actor.
    public let onBehalfOf: String?
    /// How it is attributed in the store.
    public let attribution: Attribution

    /// What a refusal says: the login seen, the person it maps to, what was asked and why.
    public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        public let login: String
        public let actor: String?
        public let action: String
        public let reason: String

        public init(login: String, actor: String?, action: String, reason: String) {
            self.login = login
            self.actor = actor
            self.action = action
            self.reason = reason
        }

        public var description: String {
            "refused: \(login) (\(actor ?? "mapped to nobody")) may not \(action): \(reason)"
        }
    }

    /// Decides who acts. `mappedTo` is the staff member the login maps to (nil: nobody);
    /// `named` is `--by`; `action` says what is asked, for a refusal ("complete #42");
    /// `mappingFile` is where a mapping would be added. `mayActFor` says whether the actor
    /// may make this record for the named person, by the rules of the act.
    public static func decide(
        login: String, mappedTo: String?, named: String?, simulation: Bool, action: String, mappingFile: String,
        at instant: Date, mayActFor: (_ actor: String, _ named: String) -> String?
    ) -> Result<Acting, Refusal> {
        if simulation, let named {
            return .success(
                Acting(
                    actor: named, onBehalfOf: nil,
                    attribution: Attribution(login: login, actor: named, enteredAt: instant)))
        }
        guard let actor = mappedTo else {
            return .failure(
                Refusal(
                    login: login, actor: nil, action: action,
                    reason:
                        "the login \(login) is mapped to nobody; add \"unix-user: \(login)\" to the person's entry in \(mappingFile)"
                ))
        }
        guard let named, named != actor else {
            return .success(
                Acting(
                    actor: actor, onBehalfOf: nil,
                    attribution: Attribution(login: login, actor: actor, enteredAt: instant)))
        }
        if let why = mayActFor(actor, named) {
            return .failure(Refusal(login: login, actor: actor, action: action, reason: why))
        }
        return .success(
            Acting(
                actor: actor, onBehalfOf: named,
                attribution: Attribution(login: login, actor: actor, onBehalfOf: named, enteredAt: instant)))
    }

    /// The rule of acts that are never made for someone else (waiving, raising,
    /// acknowledging): `--by` may name only the actor.
    public static func nobodyElse(_ what: String) -> (String, String) -> String? {
        { actor, named in "--by names '\(named)', but \(what) is recorded only as the person who makes it ('\(actor)')"
        }
    }
}

/// Who may run administrative writes (creating or upgrading the shared database's schema):
/// root, the service user, or a member of the admin group.
public enum AdministrativeWrite {
    public static func refusal(
        login: String, actor: String?, isRoot: Bool, isServiceUser: Bool, groups: Set<String>, adminGroup: String,
        action: String
    ) -> Acting.Refusal? {
        if isRoot || isServiceUser || groups.contains(adminGroup) { return nil }
        return Acting.Refusal(
            login: login, actor: actor, action: action,
            reason: "only root, the service user or a member of the group '\(adminGroup)' may")
    }
}
