import Foundation

/// Paths inside this repository and its build, for tests that load the shipped
/// `schedules/` or run the built `gridd` and `gridctl`.
public enum Repository {
    /// The repository root, found from this source file's location.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/GridTestKit/Repository.swift
        return url.path
    }()

    public static var schedules: String { "\(root)/schedules" }

    /// The folder holding the built products: next to the test bundle.
    public static let productsDirectory: String = {
        let bundle = Bundle.main.bundleURL
        let candidate = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("gridctl").path) {
            return candidate.path
        }
        // Fall back to the executable's own folder (the test runner lives beside the products).
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    }()

    public static func binary(_ name: String) -> String { "\(productsDirectory)/\(name)" }

    /// A copy of the shipped schedules in `directory`, to be edited by a test.
    public static func copySchedules(to directory: String) throws {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.copyItem(atPath: schedules, toPath: directory)
    }
}
