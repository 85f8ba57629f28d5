/// The duty catalog shared by every branch: roles, lines and their duties.
public struct Catalog: Sendable {
    public let roles: [String: Role]
    public let lines: [String: Line]
    /// Line ids in catalog order: the order in which another line's owner is asked to take an
    /// item its own owner cannot (`OwnerIsSubjectRule.passUp`).
    public let lineOrder: [String]
    /// In catalog order (file by file, then as written), which is the order lists show.
    public let duties: [Duty]
    public let escalation: EscalationPolicy
    /// The role of the head of a branch (网点负责人), whom the escalation ladder's last step
    /// (`branch-head`) reaches: named in `policy.yaml`, since banks name the post differently.
    public let headRole: String
    /// The operating-system group whose members may create or upgrade the shared
    /// database's schema (`policy.yaml`'s `admin-group`).
    public let adminGroup: String
    /// Business days a completion may be dated back (`--at`) before it is a late entry
    /// that needs a note (`policy.yaml`'s `late-entry-after`).
    public let lateEntryAfter: Int
    /// The rectification ledger's reviewers and duties (`policy.yaml`'s `ledger`).
    public let ledger: LedgerPolicy
    /// How the repeat while an item stays overdue is folded into daily digests
    /// (`policy.yaml`'s `digest`).
    public let digest: DigestPolicy
    private let dutyIndex: [String: Int]

    /// The head role used when `policy.yaml` names none.
    public static let defaultHeadRole = "branch-head"
    /// The admin group used when `policy.yaml` names none.
    public static let defaultAdminGroup = "gridduty-admin"
    /// The late-entry threshold used when `policy.yaml` gives none.
    public static let defaultLateEntryAfter = 1

    public init(
        roles: [Role], lines: [Line], duties: [Duty], escalation: EscalationPolicy = .standard,
        headRole: String = Catalog.defaultHeadRole, adminGroup: String = Catalog.defaultAdminGroup,
        lateEntryAfter: Int = Catalog.defaultLateEntryAfter, ledger: LedgerPolicy = .standard,
        digest: DigestPolicy = .standard
    ) {
        self.ledger = ledger
        self.digest = digest
        self.headRole = headRole
        self.adminGroup = adminGroup
        self.lateEntryAfter = lateEntryAfter
        self.roles = Dictionary(roles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.lines = Dictionary(lines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.lineOrder = lines.map(\.id)
        self.duties = duties
        self.escalation = escalation
        self.dutyIndex = Dictionary(duties.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func duty(_ id: String) -> Duty? {
        dutyIndex[id].map { duties[$0] }
    }

    /// Duties of enabled lines: a retired campaign's file stays in the catalog, switched off.
    public var activeDuties: [Duty] {
        duties.filter { lines[$0.line]?.enabled ?? false }
    }

    public func isActive(_ duty: Duty) -> Bool { lines[duty.line]?.enabled ?? false }

    public func position(of dutyID: String) -> Int { dutyIndex[dutyID] ?? Int.max }

    /// The owning role of each line: whom `line-owner` reaches.
    public var lineOwnerRoles: Set<String> { Set(lines.values.filter(\.enabled).map(\.ownerRole)) }

    /// Who may review a rectification close-out under this catalog's policy.
    public var closeOutReview: CloseOutReview {
        CloseOutReview(reviewerRoles: ledger.reviewers, lineOwnerRoles: lineOwnerRoles)
    }
}
