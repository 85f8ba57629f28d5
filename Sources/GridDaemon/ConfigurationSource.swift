import Foundation
import GridConfig
import GridCore
import Logging

/// The configuration the daemon runs on, and the reload rule: a new configuration replaces
/// the current one only if it loads without a single error. Otherwise every problem is
/// logged with its file and line, and the daemon keeps the last good one.
///
/// With a snapshot (`ConfigurationSnapshot`, next to the database) the last accepted
/// configuration also outlives the process: each accepted configuration whose contents
/// changed is saved there, and a start on invalid files runs from it. While the daemon runs
/// on anything but the files on disk, their problems are logged again at every pass, until
/// they are fixed.
///
/// With a compiled file (`CompiledBranches`, next to the database) a start or a reload
/// parses only the branch files that changed since it was written, and writes it again
/// once the configuration is accepted.
public final class ConfigurationSource: @unchecked Sendable {
    public enum ReloadResult: Sendable {
        case unchanged
        case reloaded(Configuration)
        case rejected(ConfigError)
    }

    private let loader: ConfigLoader
    private let logger: Logger
    private let snapshot: ConfigurationSnapshot?
    private let compiled: CompiledBranches?
    private let lock = NSLock()
    private var _current: Configuration
    private var fingerprint: String
    private var _acceptedDigest: String?
    /// The problems of the files on disk while the daemon runs on an older configuration.
    private var diskProblems: ConfigError?
    /// The contents digest of the snapshot on disk, once known.
    private var savedContents: String?

    /// Loads the initial configuration; throws if it is invalid (there is no last good one).
    public convenience init(directory: String, logger: Logger) throws(ConfigError) {
        try self.init(Self.read(directory: directory), logger: logger)
    }

    /// Starts from a configuration read before logging was set up: the daemon needs the
    /// first branch's zone to set up logging, and reading a bank's files twice costs seconds.
    /// When the read failed, starts from the snapshot read with it, logging every problem of
    /// the files; throws the read's error if there is no usable snapshot either.
    public init(_ initial: InitialRead, logger: Logger) throws(ConfigError) {
        self.loader = initial.loader
        self.logger = logger
        self.snapshot = initial.snapshot
        self.compiled = initial.compiled
        self.fingerprint = initial.fingerprint
        self.savedContents = initial.snapshotHeader?.contentsDigest
        switch initial.result {
        case .success(let configuration):
            self._current = configuration
            if let recorder = initial.recorder { save(recorder, stamps: initial.fingerprint) }
            compile(initial.compilation, replacing: initial.compiledRead)
        case .failure(let error):
            initial.compilation?.clear()
            Self.logCompiledProblem(initial.compiledRead, compiled: initial.compiled, logger: logger)
            guard case .success(let fallback)? = initial.fallback else {
                if case .failure(let problem)? = initial.fallback {
                    logger.critical(
                        "last accepted configuration unusable",
                        metadata: ["snapshot": "\(initial.snapshot?.path ?? "")", "problem": "\(problem)"])
                }
                throw error
            }
            self._current = fallback
            self.diskProblems = error
            logProblems(error)
            logger.error(
                "configuration on disk invalid; started from the last accepted configuration",
                metadata: [
                    "config.directory": "\(initial.loader.directory)", "snapshot": "\(initial.snapshot?.path ?? "")",
                    "errors": "\(error.issues.count)",
                ])
        }
        // What the record names the configuration started on by, as a reload names its own.
        if case .success = initial.result, let recorder = initial.recorder {
            _acceptedDigest = "contents " + ConfigurationSnapshot.contentsDigest(recorder.files)
        } else if let saved = savedContents {
            _acceptedDigest = "contents " + saved
        } else {
            _acceptedDigest = "stamps " + ConfigurationStamp.digest(of: initial.fingerprint)
        }
        if _current.branches.isEmpty {
            logger.warning(
                "no branch is configured: nothing will be raised",
                metadata: [
                    "config.directory": "\(loader.directory)",
                    "hint":
                        "copy a branch file into \(loader.directory)/branches/ (an example is in /usr/share/doc/gridduty/examples/), edit it, then systemctl reload gridd",
                ])
        }
    }

    /// A first read of the files, with the fingerprint taken before it: an edit made while
    /// they were being read shows as a change on the next look. With a snapshot, it also
    /// records what it read when the snapshot may be out of date, and reads the snapshot
    /// when the files are invalid.
    public struct InitialRead: Sendable {
        public let loader: ConfigLoader
        public let fingerprint: String
        public let result: Result<Configuration, ConfigError>
        let snapshot: ConfigurationSnapshot?
        let snapshotHeader: ConfigurationSnapshot.Header?
        let recorder: ConfigurationRecorder?
        /// The snapshot's configuration, read only when the files are invalid.
        let fallback: Result<Configuration, ConfigurationSnapshot.Failure>?
        let compiled: CompiledBranches?
        let compiledRead: CompiledRead
        let compilation: CompiledBranches.Compilation?

        /// The configuration to start on: the files', else the last accepted one.
        public var configuration: Configuration? {
            (try? result.get()) ?? (try? fallback?.get())
        }
    }

    /// With no branch file at all (a package just installed, before its operator adds the
    /// first branch) the read succeeds with no branch: the daemon starts idle and says so,
    /// rather than failing and being restarted in a loop. A reload then needs a branch.
    public static func read(
        directory: String, snapshot: ConfigurationSnapshot? = nil, compiled: CompiledBranches? = nil
    ) -> InitialRead {
        let loader = ConfigLoader(directory: directory)
        let fingerprint = loader.fingerprint()
        let branchFiles: [String]? = loader.branchFileNames().isEmpty ? [] : nil
        let header = snapshot?.header()
        // Unchanged files since the snapshot was taken need not be kept to be saved again.
        let recorder =
            snapshot != nil && header?.stampsDigest != ConfigurationStamp.digest(of: fingerprint)
            ? ConfigurationRecorder() : nil
        let compiledRead = CompiledRead(compiled)
        let compilation = compiled.map { _ in CompiledBranches.Compilation() }
        let result = Result { () throws(ConfigError) in
            try ConfigLoader(
                directory: directory, recorder: recorder, compiled: compiledRead.contents, compilation: compilation
            ).load(branchFiles: branchFiles)
        }
        var fallback: Result<Configuration, ConfigurationSnapshot.Failure>?
        if case .failure = result, let snapshot {
            fallback = Result { () throws(ConfigurationSnapshot.Failure) in try restore(snapshot) }
        }
        return InitialRead(
            loader: loader, fingerprint: fingerprint, result: result, snapshot: snapshot, snapshotHeader: header,
            recorder: recorder, fallback: fallback, compiled: compiled,
            compiledRead: compiledRead.withoutContents, compilation: compilation)
    }

    /// What reading the compiled file gave: its contents, or why they cannot be used.
    struct CompiledRead: Sendable {
        let contents: CompiledBranches.Contents?
        let stampsDigest: String?
        let problem: CompiledBranches.Failure?

        init(_ compiled: CompiledBranches?) {
            var contents: CompiledBranches.Contents?
            var problem: CompiledBranches.Failure?
            do throws(CompiledBranches.Failure) {
                contents = try compiled?.read()
            } catch {
                problem = error
            }
            self.init(contents: contents, stampsDigest: contents?.stampsDigest, problem: problem)
        }

        private init(contents: CompiledBranches.Contents?, stampsDigest: String?, problem: CompiledBranches.Failure?) {
            self.contents = contents
            self.stampsDigest = stampsDigest
            self.problem = problem
        }

        /// The same without the file's bytes, which a daemon need not keep once it has read them.
        var withoutContents: CompiledRead {
            CompiledRead(contents: nil, stampsDigest: stampsDigest, problem: problem)
        }
    }

    /// Loads the snapshot's files as any configuration is loaded, without writing them out.
    private static func restore(_ snapshot: ConfigurationSnapshot) throws(ConfigurationSnapshot.Failure)
        -> Configuration
    {
        let files = try snapshot.files()
        do {
            return try ConfigLoader(snapshotFiles: files, label: snapshot.path).load()
        } catch {
            throw ConfigurationSnapshot.Failure(
                description: "the snapshot does not load: \(error.issues.first.map { "\($0)" } ?? "")")
        }
    }

    public var current: Configuration {
        lock.withLock { _current }
    }

    /// The digest of the configuration in use: the one started on, or last accepted by a reload.
    public var acceptedDigest: String? {
        lock.withLock { _acceptedDigest }
    }

    /// Whether the daemon runs on an older configuration than the invalid files on disk.
    public var isRunningOnOlderConfiguration: Bool {
        lock.withLock { diskProblems != nil }
    }

    /// Re-reads the files when forced (SIGHUP) or when they changed on disk.
    public func reload(force: Bool) -> ReloadResult {
        let fresh = loader.fingerprint()
        let changed = lock.withLock { fresh != fingerprint }
        guard force || changed else {
            // Until the files are fixed, every pass says so.
            if let problems = lock.withLock({ diskProblems }) { logProblems(problems, limit: Self.repeatedProblems) }
            return .unchanged
        }
        lock.withLock { fingerprint = fresh }
        let recorder = snapshot == nil ? nil : ConfigurationRecorder()
        let compiledRead = CompiledRead(compiled)
        let compilation = compiled.map { _ in CompiledBranches.Compilation() }
        do {
            let configuration = try ConfigLoader(
                directory: loader.directory, recorder: recorder, compiled: compiledRead.contents,
                compilation: compilation
            ).load()
            // What the record names the accepted configuration by: its contents when they
            // were kept for the snapshot, else the files' stamps.
            let digest =
                recorder.map { "contents " + ConfigurationSnapshot.contentsDigest($0.files) }
                ?? "stamps " + ConfigurationStamp.digest(of: fresh)
            lock.withLock {
                _current = configuration
                diskProblems = nil
                _acceptedDigest = digest
            }
            if let recorder { save(recorder, stamps: fresh) }
            compile(compilation, replacing: compiledRead.withoutContents)
            logger.notice(
                "configuration reloaded",
                metadata: [
                    "config.directory": "\(loader.directory)", "duties": "\(configuration.catalog.activeDuties.count)",
                    "branches": "\(configuration.branches.count)",
                ])
            return .reloaded(configuration)
        } catch {
            lock.withLock { diskProblems = error }
            Self.logCompiledProblem(compiledRead, compiled: compiled, logger: logger)
            logProblems(error)
            return .rejected(error)
        }
    }

    /// Problems logged again at each pass: a bank's files can give thousands (a role removed
    /// that every branch names), which every minute would flood the journal past its rate limit.
    static let repeatedProblems = 100

    private func logProblems(_ error: ConfigError, limit: Int = .max) {
        for issue in error.issues.prefix(limit) {
            logger.error(
                "configuration rejected",
                metadata: [
                    "file": "\(issue.file)", "line": "\(issue.line)", "field": "\(issue.field)",
                    "problem": "\(issue.message)",
                ])
        }
        logger.error(
            "configuration rejected; running on the last good one",
            metadata: ["config.directory": "\(loader.directory)", "errors": "\(error.issues.count)"])
    }

    /// Writes the compiled file of an accepted configuration when its branch files or its
    /// shared files changed since the file was written; a failure is logged, never fatal
    /// (the next start parses the files).
    private func compile(_ compilation: CompiledBranches.Compilation?, replacing read: CompiledRead) {
        guard let compiled, let compilation else { return }
        defer { compilation.clear() }
        Self.logCompiledProblem(read, compiled: compiled, logger: logger)
        let metadata: Logger.Metadata = [
            "compiled": "\(compiled.path)", "branches.parsed": "\(compilation.parsed)",
            "branches.compiled": "\(compilation.reused)",
        ]
        guard compilation.stampsDigest != read.stampsDigest else {
            logger.info("branch files unchanged since compiled", metadata: metadata)
            return
        }
        do {
            try compiled.write(compilation)
            logger.info("compiled branches saved", metadata: metadata)
        } catch {
            logger.warning(
                "cannot save the compiled branches", metadata: ["compiled": "\(compiled.path)", "problem": "\(error)"])
        }
    }

    private static func logCompiledProblem(_ read: CompiledRead, compiled: CompiledBranches?, logger: Logger) {
        guard let problem = read.problem, let compiled else { return }
        logger.warning(
            "compiled branches ignored; every branch file is parsed",
            metadata: ["compiled": "\(compiled.path)", "problem": "\(problem)"])
    }

    /// Saves an accepted configuration as the snapshot when its contents differ from the
    /// one saved; a failure to save is logged, never fatal (the configuration is good).
    private func save(_ recorder: ConfigurationRecorder, stamps: String) {
        guard let snapshot else { return }
        let files = recorder.files
        let digest = ConfigurationSnapshot.contentsDigest(files)
        // A touched but unchanged configuration is not written again: at bank scale that is
        // a hundred megabytes.
        if digest == lock.withLock({ savedContents }) { return }
        do {
            try snapshot.write(files, stamps: stamps)
            lock.withLock { savedContents = digest }
            logger.info(
                "accepted configuration saved", metadata: ["snapshot": "\(snapshot.path)", "files": "\(files.count)"])
        } catch {
            logger.error(
                "cannot save the accepted configuration",
                metadata: ["snapshot": "\(snapshot.path)", "problem": "\(error)"])
        }
    }
}
