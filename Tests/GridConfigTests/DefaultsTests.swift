import Foundation
import GridConfig
import GridTestKit
import Testing

@Suite("Default configuration and database locations")
struct DefaultsTests {
    /// A fake checkout: Package.swift, schedules/roles.yaml and a built executable.
    static func checkout(in directory: TemporaryDirectory) throws -> String {
        try directory.write("repo/Package.swift", "// swift-tools-version:6.1\n")
        try directory.write("repo/schedules/roles.yaml", "roles: []\n")
        try directory.write("repo/.build/x86_64-unknown-linux-gnu/debug/gridctl", "")
        try directory.write("repo/.build-release/release/gridctl", "")
        try directory.write("repo/bin/gridctl", "")
        try directory.write("other/.build/debug/gridctl", "")
        return directory.file("repo")
    }

    @Test(
        "Given executables inside and outside a checkout's build folders, when the checkout is looked for, then only those in a .build folder of a folder with Package.swift and schedules/roles.yaml find it"
    )
    func checkoutIsFoundFromTheExecutablesPath() throws {
        let directory = TemporaryDirectory("defaults")
        let repo = try Self.checkout(in: directory)

        #expect(Defaults.checkoutRoot(ofExecutable: "\(repo)/.build/x86_64-unknown-linux-gnu/debug/gridctl") == repo)
        #expect(Defaults.checkoutRoot(ofExecutable: "\(repo)/.build-release/release/gridctl") == repo)
        #expect(Defaults.checkoutRoot(ofExecutable: "\(repo)/bin/gridctl") == nil)
        #expect(Defaults.checkoutRoot(ofExecutable: directory.file("other/.build/debug/gridctl")) == nil)
        #expect(Defaults.checkoutRoot(ofExecutable: "/usr/bin/gridctl") == nil)
    }

    @Test(
        "Given a checkout or none, and the variables set or not, then the defaults are the variables, else the checkout's schedules and .state, else /etc/gridduty and /var/lib/gridduty"
    )
    func defaultsFollowVariablesThenCheckoutThenInstalled() {
        let none: [String: String] = [:]
        let set = ["GRIDDUTY_CONFIG": "/srv/schedules", "GRIDDUTY_DB": "/srv/g.sqlite"]
        let empty = ["GRIDDUTY_CONFIG": "", "GRIDDUTY_DB": ""]

        #expect(Defaults.configDirectory(environment: none, checkout: nil) == "/etc/gridduty")
        #expect(Defaults.database(environment: none, checkout: nil) == "/var/lib/gridduty/gridduty.sqlite")
        #expect(Defaults.configDirectory(environment: empty, checkout: nil) == "/etc/gridduty")
        #expect(
            Defaults.configDirectory(environment: none, checkout: "/home/a/gridduty") == "/home/a/gridduty/schedules")
        #expect(
            Defaults.database(environment: none, checkout: "/home/a/gridduty")
                == "/home/a/gridduty/.state/gridduty.sqlite")
        #expect(Defaults.configDirectory(environment: set, checkout: "/home/a/gridduty") == "/srv/schedules")
        #expect(Defaults.database(environment: set, checkout: nil) == "/srv/g.sqlite")
    }

    @Test("Given the test runner built in this checkout, then the checkout found is this repository")
    func testsRunFromThisCheckout() {
        #expect(Defaults.checkout == Repository.root)
    }
}
