import Foundation
import GridCore
import Synchronization
import Yams

#if canImport(Glibc)
    import Glibc
#endif

/// Loads a `schedules/` directory:
///
///     roles.yaml            the posts of a branch
///     policy.yaml           optional: the default escalation ladder
///     integrity.yaml        optional: the integrity table (清廉积分); without it, no points
///     notify.yaml           optional: where alerts are delivered; without it, nowhere
///     catalog/*.yaml        one file per line, read in file-name order
///     calendars/*.yaml      national holiday calendars
///     branches/*.yaml       one file per branch
///
/// Every file is read and every problem collected before failing, so one run lists them
/// all, each with its file, line and field.
public struct ConfigLoader: Sendable {
    public let directory: String
    /// Keeps the bytes of every file as it was parsed, for a snapshot of exactly what a
    /// load accepted; nil (the usual case) keeps nothing.
    public let recorder: ConfigurationRecorder?
    /// Where `unix-user` logins are looked up: the machine's, or a fake in tests.
    public let logins: any LoginDirectory

    public init(directory: String, logins: any LoginDirectory = SystemLoginDirectory()) {
        self.init(directory: directory, recorder: nil, logins: logins)
    }

    public init(
        directory: String, recorder: ConfigurationRecorder?, logins: any LoginDirectory = SystemLoginDirectory()
    ) {
        self.init(directory: directory, recorder: recorder, compiled: nil, compilation: nil, logins: logins)
    }

    /// Takes each branch file whose stamp is the one it had when compiled from `compiled`
    /// instead of parsing it (see `CompiledBranches`), and, with a `compilation`, compiles
    /// every branch it reads, for a new compiled file once the load is accepted.
    public init(
        directory: String, recorder: ConfigurationRecorder? = nil, compiled: CompiledBranches.Contents?,
        compilation: CompiledBranches.Compilation?, logins: any LoginDirectory = SystemLoginDirectory()
    ) {
        self.directory = directory
        self.recorder = recorder
        self.logins = logins
        self.snapshotFiles = nil
        self.compiled = compiled
        self.compilation = compilation
    }

    /// The files of a snapshot, by path relative to the configuration directory, read in
    /// place of a directory's: a bank's twenty thousand files need not be written out to be
    /// read back. `label` stands for the directory in messages.
    public init(snapshotFiles: [String: Data], label: String) {
        self.directory = label
        self.recorder = nil
        self.logins = SystemLoginDirectory()
        self.snapshotFiles = snapshotFiles
        self.compiled = nil
        self.compilation = nil
    }

    private let snapshotFiles: [String: Data]?
    private let compiled: CompiledBranches.Contents?
    private let compilation: CompiledBranches.Compilation?

    /// Reads every file. `branchFiles` (names in `branches/`) limits the branches read to
    /// those, for a command about one branch in a bank of thousands; checks across branch
    /// files (a branch id given twice) then cover only those read.
    public func load(branchFiles: [String]? = nil) throws(ConfigError) -> Configuration {
        // Stamped before reading: a file edited while it is read is seen as changed next time.
        let sharedStamp = self.sharedStamp()
        let sharedKey =
            compiled != nil || compilation != nil ? CompiledBranches.sharedKey(sharedStamp: sharedStamp) : ""
        compilation?.start(sharedKey: sharedKey)
        // Compiled branches read with other shared files, or by another build, are all parsed again.
        let reusable = compiled.flatMap { $0.sharedKey == sharedKey ? $0 : nil }
        let log = IssueLog()
        var warnings: [ConfigIssue] = []
        var isDirectory: ObjCBool = false
        guard snapshotFiles != nil || FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            snapshotFiles != nil || isDirectory.boolValue
        else {
            throw ConfigError(issues: [
                ConfigIssue(file: directory, line: 0, field: "", message: "no such configuration directory")
            ])
        }

        // Roles.
        var roles: [Role] = []
        var roleLines: [String: Int] = [:]
        let issuesBeforeRoles = log.issues.count
        if let (file, root) = parse("roles.yaml", log: log, required: true) {
            let top = MappingReader(file: file, node: root, context: "", log: log)
            top.rejectUnknownKeys(["roles"])
            for node in top.mappings("roles", required: true) {
                let entry = MappingReader(file: file, node: node, context: "role", log: log)
                entry.rejectUnknownKeys(["id", "title", "english"])
                guard let id = entry.id("id", required: true) else { continue }
                let reader = entry.with(context: "role \(id)")
                if let first = roleLines[id] {
                    reader.fail("id", "duplicate role id '\(id)' (first defined on line \(first))")
                    continue
                }
                roleLines[id] = entry.line
                roles.append(
                    Role(
                        id: id, title: reader.text("title", required: true) ?? id,
                        english: reader.text("english") ?? ""))
            }
        }
        let roleIDs = Set(roles.map(\.id))
        let rolesComplete = log.issues.count == issuesBeforeRoles

        // Escalation defaults.
        var escalation = EscalationPolicy.standard
        var headRole = Catalog.defaultHeadRole
        var headRoleAt: (file: String, line: Int, named: Bool)?
        var adminGroup = Catalog.defaultAdminGroup
        var lateEntryAfter = Catalog.defaultLateEntryAfter
        var ledger = LedgerPolicy.standard
        var digest = DigestPolicy.standard
        var ledgerAt: (file: String, reader: MappingReader)?
        if let (file, root) = parse("policy.yaml", log: log, required: false) {
            let top = MappingReader(file: file, node: root, context: "", log: log)
            top.rejectUnknownKeys(["escalation", "head-role", "admin-group", "late-entry-after", "ledger", "digest"])
            if let node = top.node("ledger") {
                let reader = MappingReader(file: file, node: node, context: "ledger", log: log)
                reader.rejectUnknownKeys(["reviewers", "measure-duty", "milestone-duty", "update-duty"])
                if let reviewers = reader.strings("reviewers") { ledger.reviewers = reviewers.map(\.value) }
                if let id = reader.id("measure-duty") { ledger.measureDuty = id }
                if let id = reader.id("milestone-duty") { ledger.milestoneDuty = id }
                if let id = reader.id("update-duty") { ledger.updateDuty = id }
                ledgerAt = (file, reader)
            }
            if let node = top.node("escalation"),
                let policy = EscalationReader(file: file, log: log).read(node, context: "escalation")
            {
                escalation = policy
            }
            if let node = top.node("digest"),
                let policy = DigestReader(file: file, log: log).read(node, context: "digest")
            {
                digest = policy
            }
            if let role = top.id("head-role") { headRole = role }
            if let group = top.id("admin-group") { adminGroup = group }
            if let days = top.int("late-entry-after") { lateEntryAfter = days }
            headRoleAt = (
                file, top.node("head-role") != nil ? top.line(of: "head-role") : 1, top.node("head-role") != nil
            )
        }
        // The escalation ladder's last step reaches the head's role: a post the roles do not
        // have would silently lose it.
        if !roleIDs.isEmpty, !roleIDs.contains(headRole) {
            log.add(
                headRoleAt?.file ?? "\(directory)/policy.yaml", headRoleAt?.line ?? 0, "head-role",
                (headRoleAt?.named == true
                    ? "unknown role '\(headRole)'" : "no head-role given and no role '\(headRole)'")
                    + "; name the role of the head of a branch, one of: \(roleIDs.sorted().joined(separator: ", "))")
        }

        // Catalog.
        let issuesBeforeCatalog = log.issues.count
        var lines: [Line] = []
        var duties: [Duty] = []
        var lineSeen: [String: String] = [:]
        var dutySeen: [String: String] = [:]
        var references: [(String, String, Int, String)] = []
        for name in yamlFiles(in: "catalog") {
            guard let (file, root) = parse("catalog/\(name)", log: log, required: true) else { continue }
            let result = CatalogFileReader(file: file, log: log).read(root)
            references += result.roleReferences
            if let line = result.line {
                if let first = lineSeen[line.value.id] {
                    log.add(file, line.line, "line: id", "duplicate line id '\(line.value.id)' (also in \(first))")
                } else {
                    lineSeen[line.value.id] = file
                    lines.append(line.value)
                }
            }
            for duty in result.duties {
                if let first = dutySeen[duty.value.id] {
                    log.add(
                        duty.file, duty.line, "duty \(duty.value.id): id",
                        "duplicate duty id (also defined at \(first))")
                    continue
                }
                dutySeen[duty.value.id] = "\(duty.file):\(duty.line)"
                duties.append(duty.value)
            }
        }
        if yamlFiles(in: "catalog").isEmpty {
            log.add("\(directory)/catalog", 0, "", "no catalog files (*.yaml) found")
        }
        for (role, file, line, field) in references where !roleIDs.contains(role) {
            log.add(
                file, line, field,
                "unknown role '\(role)'; expected one of: \(roleIDs.sorted().joined(separator: ", "))")
        }
        let catalog = Catalog(
            roles: roles, lines: lines, duties: duties, escalation: escalation, headRole: headRole,
            adminGroup: adminGroup,
            lateEntryAfter: lateEntryAfter, ledger: ledger, digest: digest)
        let catalogComplete = log.issues.count == issuesBeforeCatalog
        LedgerPolicyCheck(policy: ledger, catalog: catalog, roles: roleIDs, directory: directory, at: ledgerAt)
            .check(log: log)

        // The integrity table, checked against the roles and the catalog if they loaded whole:
        // a broken catalog file would make every line and duty it defines unknown here too.
        var integrity: IntegrityTable?
        if let (file, root) = parse("integrity.yaml", log: log, required: false) {
            integrity = IntegrityFileReader(
                file: file, log: log, roles: rolesComplete ? roleIDs : [], catalog: catalogComplete ? catalog : nil
            ).read(root)
        }

        // Where alerts are delivered; roles and lines checked when they loaded whole.
        let notify = readNotify(
            log: log, roles: rolesComplete ? roleIDs : [], lines: catalogComplete ? Set(catalog.lines.keys) : [])

        let calendars = readCalendars(log: log)

        // Branches.
        var branches: [Branch] = []
        var branchSeen: [String: String] = [:]
        var sources: [String: Configuration.BranchSource] = [:]
        var loginSeen: [String: String] = [:]
        let names = branchFiles ?? yamlFiles(in: "branches")
        let compiledRead = reusable.map { CompiledRead(contents: $0, zones: KnownZones()) }
        for read in readBranches(names, calendars: calendars, roles: roleIDs, compiled: compiledRead) {
            for issue in read.issues { log.add(issue.file, issue.line, issue.field, issue.message) }
            guard let branch = read.branch else { continue }
            let file = read.file
            if let first = branchSeen[branch.id] {
                log.add(file, read.idLine, "branch: id", "duplicate branch id '\(branch.id)' (also in \(first))")
                continue
            }
            branchSeen[branch.id] = file
            for person in branch.staff {
                guard let login = person.unixUser else { continue }
                let at = read.unixUserLines[person.id] ?? 0
                if let first = loginSeen[login] {
                    log.add(
                        file, at, "staff \(person.id): unix-user",
                        "the login '\(login)' is already mapped to \(first); a login acts as one person")
                } else {
                    loginSeen[login] = "'\(person.id)' (\(file):\(at))"
                }
            }
            branches.append(branch)
            sources[branch.id] = Configuration.BranchSource(file: "branches/\(read.name)", stamp: read.stamp)
            let held = Set(branch.staff.filter { $0.left == nil }.flatMap(\.roles))
            let needed = Set(
                catalog.activeDuties.compactMap { duty -> String? in
                    if case .role(let role) = duty.owner { return role }
                    return nil
                })
            for role in needed.subtracting(held).sorted() {
                warnings.append(
                    ConfigIssue(
                        file: file, line: 0, field: "staff",
                        message: "no one holds the role '\(role)': its duties will be raised as unassigned"))
            }
        }
        if branchFiles == nil && yamlFiles(in: "branches").isEmpty {
            log.add("\(directory)/branches", 0, "", "no branch files (*.yaml) found")
        }

        guard log.isEmpty else { throw ConfigError(issues: log.issues) }
        return Configuration(
            directory: directory, catalog: catalog, calendars: calendars, branches: branches, integrity: integrity,
            notify: notify, warnings: warnings, sharedStamp: sharedStamp, sources: sources)
    }

    /// What reading one branch file gave: the branch if it has no errors, its problems, and
    /// the line of its id, for a duplicate found when the files are put together.
    private struct BranchRead: Sendable {
        let name: String
        let file: String
        let stamp: String
        let branch: Branch?
        let idLine: Int
        let issues: [ConfigIssue]
        /// The line of each person's `unix-user`, for a login mapped twice across files.
        let unixUserLines: [String: Int]
    }

    /// Reads branch files on every core, returned in the order of `names`. At bank scale they
    /// are nearly all of a load (97 MB of YAML for 20,000 branches, 22 s on one core), and
    /// each is read on its own.
    private func readBranches(
        _ names: [String], calendars: [String: NationalCalendar], roles: Set<String>, compiled: CompiledRead?
    ) -> [BranchRead] {
        let workers = min(names.count, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1 else {
            return names.map { readBranch($0, calendars: calendars, roles: roles, compiled: compiled) }
        }
        // Worker w reads files w, w + workers, w + 2 × workers, …: big and small files mix.
        let results = Mutex([[BranchRead]](repeating: [], count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let reads = stride(from: worker, to: names.count, by: workers).map {
                readBranch(names[$0], calendars: calendars, roles: roles, compiled: compiled)
            }
            results.withLock { $0[worker] = reads }
        }
        let byWorker = results.withLock { $0 }
        return names.indices.map { byWorker[$0 % workers][$0 / workers] }
    }

    /// Compiled branches usable by a load, with the time zones their files may name.
    private struct CompiledRead: Sendable {
        let contents: CompiledBranches.Contents
        let zones: KnownZones
    }

    private func readBranch(
        _ name: String, calendars: [String: NationalCalendar], roles: Set<String>, compiled: CompiledRead?
    ) -> BranchRead {
        let stamp = self.stamp(ofFile: "branches/\(name)")
        if let compiled, let read = compiledBranch(name, stamp: stamp, calendars: calendars, compiled: compiled) {
            return read
        }
        let read = parseBranch(name, stamp: stamp, calendars: calendars, roles: roles)
        if let compilation, let branch = read.branch, read.issues.isEmpty {
            let bytes = CompiledBranch(branch: branch, idLine: read.idLine, unixUserLines: read.unixUserLines)
                .encoded()
            compilation.add(name, stamp: stamp, bytes: bytes[...], parsed: true)
        }
        return read
    }

    /// The branch compiled from the file as it still is, nil if there is none or the file
    /// must be read to say what it gives: not readable any more, or naming a calendar, a
    /// time zone or a login that is gone.
    private func compiledBranch(
        _ name: String, stamp: String, calendars: [String: NationalCalendar], compiled: CompiledRead
    ) -> BranchRead? {
        let relative = "branches/\(name)"
        let file = "\(directory)/\(relative)"
        guard let entry = compiled.contents.entries[name], entry.stamp == stamp, access(file, R_OK) == 0,
            let branch = CompiledBranch(
                compiled.contents.bytes, range: entry.range, calendars: calendars, zones: compiled.zones,
                logins: logins)
        else { return nil }
        if let recorder {
            guard let data = FileManager.default.contents(atPath: file) else { return nil }
            recorder.record(relative, data)
        }
        compilation?.add(name, stamp: stamp, bytes: compiled.contents.bytes[entry.range], parsed: false)
        return BranchRead(
            name: name, file: file, stamp: stamp, branch: branch.branch, idLine: branch.idLine, issues: [],
            unixUserLines: branch.unixUserLines)
    }

    private func parseBranch(_ name: String, stamp: String, calendars: [String: NationalCalendar], roles: Set<String>)
        -> BranchRead
    {
        let log = IssueLog()
        var branch: Branch?
        var idLine = 0
        var unixUserLines: [String: Int] = [:]
        var file = "\(directory)/branches/\(name)"
        if let (parsed, root) = parse("branches/\(name)", log: log, required: true) {
            file = parsed
            let reader = BranchFileReader(
                file: file, log: log, calendars: calendars, roles: roles, logins: logins)
            branch = reader.read(root)
            unixUserLines = reader.unixUserLines.all
            if branch != nil {
                idLine =
                    root.mapping?["branch"].map {
                        MappingReader(file: file, node: $0, context: "branch", log: log).line(of: "id")
                    } ?? 0
            }
        }
        return BranchRead(
            name: name, file: file, stamp: stamp, branch: branch, idLine: idLine, issues: log.issues,
            unixUserLines: unixUserLines)
    }

    /// A cheap summary of every file (see `stamp(ofFile:)`) that changes when any of them
    /// does; the daemon compares it to notice an edit without re-parsing.
    public func fingerprint() -> String {
        // notify.yaml changes no branch's items, so it is no part of the shared stamp; but an
        // edit of it is an edit of the configuration.
        ([sharedStamp(), stamp(ofFile: "notify.yaml")]
            + yamlFiles(in: "branches").map { stamp(ofFile: "branches/\($0)") })
            .joined(separator: "\n")
    }

    /// The stamp of the files every branch shares: roles, policy, integrity table, catalog
    /// and calendars.
    public func sharedStamp() -> String {
        (["roles.yaml", "policy.yaml", "integrity.yaml"]
            + ["catalog", "calendars"].flatMap { sub in yamlFiles(in: sub).map { "\(sub)/\($0)" } })
            .map(stamp(ofFile:)).joined(separator: "|")
    }

    /// One file's name, size, modification time (to the nanosecond) and inode: an edit in
    /// place changes the time, an editor's save-by-rename changes the inode. One `stat`,
    /// so a command can check a branch's files in microseconds.
    public func stamp(ofFile relative: String) -> String {
        if let snapshotFiles {
            // A snapshot's file has no time or inode: its contents stand for them.
            return snapshotFiles[relative].map { "\(relative):\($0.count):\(ConfigurationSnapshot.digest($0))" }
                ?? "\(relative):-"
        }
        var info = stat()
        guard stat("\(directory)/\(relative)", &info) == 0 else { return "\(relative):-" }
        return "\(relative):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
    }

    /// The branch files, in the order they are read.
    public func branchFileNames() -> [String] { yamlFiles(in: "branches") }

    /// The national calendars of calendars/ alone, by id: what a command answered from the
    /// database needs to count business days, without the catalog and the branch files.
    public func nationalCalendars() throws(ConfigError) -> [String: NationalCalendar] {
        let log = IssueLog()
        let calendars = readCalendars(log: log)
        if !log.issues.isEmpty { throw ConfigError(issues: log.issues) }
        return calendars
    }

    private func readCalendars(log: IssueLog) -> [String: NationalCalendar] {
        var calendars: [String: NationalCalendar] = [:]
        for name in yamlFiles(in: "calendars") {
            guard let (file, root) = parse("calendars/\(name)", log: log, required: true),
                let calendar = CalendarFileReader(file: file, log: log).read(root)
            else { continue }
            let top = MappingReader(file: file, node: root, context: "", log: log)
            top.checkID("id")
            top.checkText("name", multiline: false)
            if calendars[calendar.id] != nil {
                let line = MappingReader(file: file, node: root, context: "", log: log).line(of: "id")
                log.add(file, line, "id", "duplicate calendar id '\(calendar.id)'")
            }
            calendars[calendar.id] = calendar
        }
        return calendars
    }

    private func yamlFiles(in subdirectory: String) -> [String] {
        let names =
            snapshotFiles.map { files in
                files.keys.compactMap { key -> String? in
                    guard key.hasPrefix("\(subdirectory)/") else { return nil }
                    let name = key.dropFirst(subdirectory.count + 1)
                    return name.contains("/") ? nil : String(name)
                }
            } ?? (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(subdirectory)")) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }

    func parse(_ relative: String, log: IssueLog, required: Bool) -> (String, Node)? {
        let file = "\(directory)/\(relative)"
        guard let data = snapshotFiles.map({ $0[relative] }) ?? FileManager.default.contents(atPath: file) else {
            if required { log.add(file, 0, "", "cannot be read (missing or not permitted)") }
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            log.add(file, 0, "", "is not UTF-8 text")
            return nil
        }
        recorder?.record(relative, data)
        do {
            // The basic resolver leaves every scalar a string: the readers convert values themselves,
            // and implicit typing (a regular expression per scalar) is most of the parse time.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                log.add(file, 0, "", "is empty")
                return nil
            }
            guard YAMLShape.check(root, file: file, bytes: data.count, log: log) else { return nil }
            return (file, root)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                log.add(file, mark.line, "", "not valid YAML: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                log.add(
                    file, context.mark.line, "",
                    "not valid YAML: \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) given twice in the same entry"
                )
            default:
                log.add(file, 0, "", "not valid YAML: \(error)")
            }
        } catch {
            log.add(file, 0, "", "not valid YAML: \(error)")
        }
        return nil
    }
}
