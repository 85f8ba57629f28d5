import Foundation

/// One run of a program with `input` on its standard input and a time limit, for the mail
/// transport: what became of it, with what it wrote to standard error.
struct SendmailRun: Sendable {
    enum Result: Sendable, Equatable {
        case exited(Int32, stderr: Data)
        case signalled(Int32)
        case timedOut
        case notStarted(String)
    }

    let program: String
    let arguments: [String]
    let input: Data
    let timeout: Double

    /// Linux's F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7), which Glibc's Swift module omits.
    private static let setPipeSize: Int32 = 1031

    func result() async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: runBlocking()) }
        }
    }

    private func runBlocking() -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        // The whole message goes into the pipe before the program starts, so that writing can
        // neither block nor raise SIGPIPE if the program exits without reading it.
        let writeEnd = stdin.fileHandleForWriting.fileDescriptor
        #if os(Linux)
            let capacity = fcntl(writeEnd, Self.setPipeSize, Int32(max(65_536, input.count)))
        #else
            let capacity: Int32 = 16_384
        #endif
        guard capacity >= input.count else { return .notStarted("the message (\(input.count) bytes) is too large") }
        do {
            try stdin.fileHandleForWriting.write(contentsOf: input)
            try stdin.fileHandleForWriting.close()
        } catch {
            return .notStarted("its input could not be written")
        }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            return .notStarted("\(program): \(error.localizedDescription)")
        }
        let errorOutput = Collected()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) {
            errorOutput.set(stderr.fileHandleForReading.readDataToEndOfFile())
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        _ = reading.wait(timeout: .now() + 2)
        if timedOut { return .timedOut }
        if process.terminationReason == .uncaughtSignal { return .signalled(process.terminationStatus) }
        return .exited(process.terminationStatus, stderr: errorOutput.data)
    }

    /// What the program wrote to standard error, read on another thread.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Data()

        func set(_ data: Data) { lock.withLock { value = data } }
        var data: Data { lock.withLock { value } }
    }
}
