/// What a per-person duty does when the person its owner rule picks is the very person the
/// item is about — the party secretary's own heart-to-heart talk, the back-office deputy's own
/// responsibility letters, a must-talk about the branch head.
///
/// Nobody can check on himself, so such an item is either left out or handed to someone else;
/// it is never owed by its own subject (only `owner: self` says otherwise). Written in the
/// catalog as `owner-is-subject: skip | pass-up`; the default is `pass-up`.
public enum OwnerIsSubjectRule: String, CaseIterable, Sendable, Hashable {
    /// No item: the duty is about the others (the branch head talks with every employee but
    /// himself, 网点负责人每半年至少与所有员工开展一次谈心活动).
    case skip
    /// The item goes to the next person up the owner's grid (谁管我); at the top of the branch,
    /// to the holder of another line (the secretary's own talk to the discipline inspector, a
    /// committee member); nobody left in the branch: unassigned, for the upper level.
    case passUp = "pass-up"
}
