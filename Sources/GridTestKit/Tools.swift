import Foundation

/// A program that would not run, or failed.
public struct ToolFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Runs other programs (python3 with openpyxl, LibreOffice) that write and read workbooks:
/// the peers GridDuty's workbooks are checked against. Tests that need one are enabled only
/// when it is installed; CI installs both.
public enum Tools {
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program to completion and returns what it printed; throws when it fails.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
    ) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a chatty child cannot fill a pipe and block.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(
                description:
                    "\(executable) \(arguments.first ?? "") failed (\(process.terminationStatus)): \(String(decoding: errData, as: UTF8.self))"
            )
        }
        return String(decoding: outData, as: UTF8.self)
    }

    public static let python: String? = which("python3")

    /// True when python3 can import openpyxl (`pip install openpyxl`).
    public static let hasOpenpyxl: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import openpyxl"])) != nil
    }()

    /// Debian's Chromium, which renders and prints the HTML reports in the browser tests.
    public static let chromium: String? = which("chromium")

    public static let soffice: String? = which("soffice") ?? which("libreoffice")

    /// True under CI (`CI=true`), which installs every peer program: tests that need one run
    /// there even when it is missing, and fail, rather than skip.
    public static let inCI: Bool = ProcessInfo.processInfo.environment["CI"] == "true"

    /// msmtp, the MTA whose sendmail interface the mail transport's tests send through.
    public static let msmtp: String? = which("msmtp")

    /// True when python3 can import aiosmtpd (`pip install aiosmtpd`), the tests' SMTP server.
    public static let hasAiosmtpd: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import aiosmtpd"])) != nil
    }()

    /// Runs a Python script with openpyxl; `arguments` are in `sys.argv[1:]`.
    @discardableResult
    public static func openpyxl(_ script: String, _ arguments: [String] = []) throws -> String {
        guard let python else { throw ToolFailure(description: "python3 is missing") }
        return try run(python, ["-c", "import openpyxl, sys, json, datetime\n" + script] + arguments)
    }

    /// Converts a file with LibreOffice (`soffice --headless --convert-to`), into `directory`.
    public static func libreOfficeConvert(_ input: URL, to format: String, in directory: URL) throws {
        guard let soffice else { throw ToolFailure(description: "LibreOffice is missing") }
        let profile = directory.appendingPathComponent("lo-profile")
        try run(
            soffice,
            [
                "-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", format, "--outdir",
                directory.path, input.path,
            ])
    }
}

/// Builds a zip archive from parts given as text, to make hand-written and hostile workbooks.
