import Foundation

/// Runs a built executable and collects what it printed, as a user's shell would.
public struct ProcessRunner: Sendable {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// True when the process was ended by a signal rather than exiting.
        public let signalled: Bool

        public init(status: Int32, stdout: String, stderr: String, signalled: Bool) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.signalled = signalled
        }
    }

    public let executable: String
    public let environment: [String: String]

    public init(_ name: String, environment: [String: String] = [:]) {
        self.executable = name.hasPrefix("/") ? name : Repository.binary(name)
        var env = ProcessInfo.processInfo.environment
        env["JOURNAL_STREAM"] = nil
        env["NOTIFY_SOCKET"] = nil
        env["NO_COLOR"] = "1"
        env.merge(environment) { _, new in new }
        self.environment = env
    }

    /// Runs to completion.
    @discardableResult
    public func run(_ arguments: [String], workingDirectory: String? = nil) throws -> Result {
        let process = try start(arguments, workingDirectory: workingDirectory)
        let out = process.standardOutput as! Pipe
        let err = process.standardError as! Pipe
        // Read both pipes before waiting, so a chatty child cannot fill a pipe and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Starts without waiting; the caller reads the pipes and waits.
    public func start(_ arguments: [String], workingDirectory: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// Reads a running process's standard output as it comes, so that a long-running child
/// never blocks on a full pipe; `text` is what it has printed so far.
public final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ process: Process) {
        let handle = (process.standardOutput as! Pipe).fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { data.append(chunk) }
            }
            done.signal()
        }
    }

    public var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    /// Waits for the end of the output (the process closed its stdout).
    public func finish() -> String {
        done.wait()
        return text
    }
}
