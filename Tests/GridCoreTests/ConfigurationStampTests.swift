import Foundation
import GridCore
import Testing

@Suite("Configuration stamps")
struct ConfigurationStampTests {
    @Test("the shared files enter a branch's stamp by a fixed digest: FNV-1a's published values, 16 hex digits")
    func digestIsFNV1a() {
        // The reference values of 64-bit FNV-1a: any process, any run, gives the same.
        #expect(ConfigurationStamp.digest(of: "") == "cbf29ce484222325")
        #expect(ConfigurationStamp.digest(of: "a") == "af63dc4c8601ec8c")
        #expect(ConfigurationStamp.digest(of: "foobar") == "85944171f73967e8")
    }

    @Test("a change anywhere in the shared files' stamp, or in the branch file's, changes the branch's stamp")
    func anyChangeShows() {
        let shared = "roles.yaml:812:1763700000.123456789:4242|catalog/party.yaml:9000:1763700000.5:77"
        let stamp = ConfigurationStamp(shared: shared, branchFile: "branches/b.yaml", branchFileStamp: "b:1:2.3:4")
        let touched = shared.replacingOccurrences(of: ".5:77", with: ".6:77")
        #expect(
            ConfigurationStamp(shared: touched, branchFile: "branches/b.yaml", branchFileStamp: "b:1:2.3:4").branch
                != stamp.branch)
        #expect(
            ConfigurationStamp(shared: shared, branchFile: "branches/b.yaml", branchFileStamp: "b:1:2.4:4").branch
                != stamp.branch)
        #expect(stamp.branch.utf8.count < 40)
        #expect(stamp.shared == shared)
    }
}
