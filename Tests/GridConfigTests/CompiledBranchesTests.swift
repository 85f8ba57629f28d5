import Foundation
import GridConfig
import GridCore
import GridTestKit
import Testing

/// Branch files read compiled (`CompiledBranches`) give exactly what parsing them gives; a
/// file that changed is parsed, and a damaged compiled file is refused, never read as data.
@Suite("Compiled branches")
struct CompiledBranchesTests {
    /// A configuration directory and a compiled file beside it.
    struct Bank {
        let dir = TemporaryDirectory("compiled-branches")
        let config: String
        var compiled: CompiledBranches { CompiledBranches(path: dir.file("g.sqlite.compiled-branches")) }
        let logins = FixedLoginDirectory(["lin", "zhou"])

        /// The shipped schedules, with `branches` synthetic branches from gridduty-dev beside the
        /// example and one branch file that uses every field a branch file has.
        init(branches: Int = 0) throws {
            config = dir.file("s")
            try Repository.copySchedules(to: config)
            if branches > 0 {
                let result = try ProcessRunner("gridduty-dev").run([
                    "generate", "--branches", String(branches), "--seed", "42", "--source", Repository.schedules,
                    "--out", dir.file("bank"),
                ])
                try #require(result.status == 0, "generate: \(result.stderr)")
                for name in try FileManager.default.contentsOfDirectory(atPath: dir.file("bank/branches")) {
                    try FileManager.default.copyItem(
                        atPath: dir.file("bank/branches/\(name)"), toPath: dir.file("s/branches/\(name)"))
                }
            }
            try dir.write("s/branches/zz-every-field.yaml", Self.everyField)
        }

        static let everyField = """
            branch:
              id: every-field
              name: "城西 \\"全字段\\" 支行"
              timezone: Asia/Urumqi
              calendar: cn
              open-weekdays: [mon, wed, sat, sun]
              opening: "07:45"
              closing: "19:05"
              since: 2026-03-15
              closed-dates: [2026-05-06, 2026-10-09]
              open-dates: [2026-10-03]
            staff:
              - { id: p1, name: 林一, roles: [branch-head, party-secretary], party-member: true, unix-user: lin, mail: lin@branch.example.com, wecom: LinYi, mobile: "+8613800000001" }
              - { id: p2, name: 周二, roles: [operations-deputy, discipline-inspector], unix-user: zhou, joined: 2026-02-01 }
              - { id: p3, name: 陈三, roles: [customer-manager], left: 2026-09-30, joined: 2025-01-01 }
              - { id: p4, name: 王四, roles: [] }
              - { id: p5, name: 赵五, roles: [counter-manager, deputy-supervisor, lobby-manager, model-post] }
            grids:
              - { id: g1, name: 网点网格, leader: p1, members: [p2, p3] }
              - { id: g2, name: 柜面网格, leader: p2, members: [p4] }
              - { id: g3, name: 无组长网格, members: [p5] }
            pairings:
              - { id: pair.a, kind: 党群结对, members: [p1, p3] }
              - { id: pair.b, kind: 客户支部结对, members: [p1], partner: 城东实业有限公司党支部 }
            """

        func load(
            compiled contents: CompiledBranches.Contents? = nil, compilation: CompiledBranches.Compilation? = nil,
            logins: FixedLoginDirectory? = nil
        ) throws -> Configuration {
            try ConfigLoader(
                directory: config, compiled: contents, compilation: compilation, logins: logins ?? self.logins
            ).load()
        }

        /// Loads from the files, compiling every branch, and writes the compiled file.
        @discardableResult
        func compile() throws -> Configuration {
            let compilation = CompiledBranches.Compilation()
            let configuration = try load(compilation: compilation)
            try compiled.write(compilation)
            return configuration
        }

        func contents() throws -> CompiledBranches.Contents {
            try #require(try compiled.read())
        }

        /// Rewrites a file with new contents, which changes its stamp (size or inode).
        func edit(_ relative: String, _ change: (String) -> String) throws {
            let path = dir.file("s/\(relative)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try change(text).write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test(
        "a load taking every branch compiled gives exactly the configuration parsing the files gives, for the shipped example and a synthetic bank"
    )
    func compiledEqualsParsed() throws {
        for branches in [0, 40] {
            // Given the files compiled once
            let bank = try Bank(branches: branches)
            let parsed = try bank.compile()

            // When they are loaded again from the compiled file
            let compilation = CompiledBranches.Compilation()
            let fast = try bank.load(compiled: try bank.contents(), compilation: compilation)

            // Then no branch file was parsed, and every value of the configuration is the same
            #expect(compilation.parsed == 0)
            #expect(compilation.reused == branches + 2)
            #expect(fast.branches.count == branches + 2)
            #expect(ConfigurationRendering.render(fast) == ConfigurationRendering.render(parsed))
            // And the compilation is what the file holds: nothing to write again
            #expect(compilation.stampsDigest == (try bank.contents().stampsDigest))
        }
    }

    @Test("the rendering that compares configurations sees a change to any branch's field")
    func renderingSeesAChange() throws {
        // Given the files and a copy differing in one person's leaving date
        let bank = try Bank()
        let before = ConfigurationRendering.render(try bank.load())
        try bank.edit("branches/zz-every-field.yaml") { $0.replacingOccurrences(of: "2026-09-30", with: "2026-09-29") }

        // When both are rendered, then they differ
        #expect(ConfigurationRendering.render(try bank.load()) != before)
    }

    @Test(
        "a branch file changed, added or removed is parsed, the others are taken compiled, and the result is the files'"
    )
    func staleFilesAreParsed() throws {
        // Given a compiled bank
        let bank = try Bank(branches: 6)
        try bank.compile()
        let contents = try bank.contents()

        // When one file is edited, one added and one removed
        try bank.edit("branches/b00002.yaml") {
            $0.replacingOccurrences(of: "closed-dates: []", with: "closed-dates: [2026-12-24]")
        }
        try FileManager.default.copyItem(
            atPath: bank.dir.file("s/branches/b00003.yaml"), toPath: bank.dir.file("s/branches/b00003.yml"))
        try bank.edit("branches/b00003.yml") { $0.replacingOccurrences(of: "b00003", with: "b00003x") }
        try FileManager.default.removeItem(atPath: bank.dir.file("s/branches/b00004.yaml"))
        let compilation = CompiledBranches.Compilation()
        let fast = try bank.load(compiled: contents, compilation: compilation)

        // Then only the edited and the added file are parsed, and the configuration is the files'
        #expect(compilation.parsed == 2)
        #expect(compilation.reused == 6)
        #expect(ConfigurationRendering.render(fast) == ConfigurationRendering.render(try bank.load()))
        #expect(fast.branch("b00002")?.calendar.closedDates.count == 1)
        #expect(fast.branch("b00004") == nil)
        // And the compiled file is out of date
        #expect(compilation.stampsDigest != contents.stampsDigest)
    }

    @Test("a shared file changed (a calendar, the roles, the catalog) makes every branch file parsed")
    func sharedChangeParsesEverything() throws {
        // Given a compiled bank
        let bank = try Bank(branches: 3)
        try bank.compile()

        // When the roles file is edited (a role's title)
        try bank.edit("roles.yaml") { $0 + "\n# edited\n" }
        let compilation = CompiledBranches.Compilation()
        let fast = try bank.load(compiled: try bank.contents(), compilation: compilation)

        // Then every branch file is parsed
        #expect(compilation.reused == 0)
        #expect(compilation.parsed == 5)
        #expect(ConfigurationRendering.render(fast) == ConfigurationRendering.render(try bank.load()))
    }

    @Test("a login removed from the machine since the branch was compiled is reported as the files report it")
    func removedLoginIsReported() throws {
        // Given a branch mapping p2 to the login zhou, compiled while zhou existed
        let bank = try Bank()
        try bank.compile()

        // When zhou is gone and the files are loaded, compiled and parsed
        let gone = FixedLoginDirectory(["lin"])
        func problems(_ contents: CompiledBranches.Contents?) -> [String] {
            do {
                _ = try bank.load(compiled: contents, logins: gone)
                return []
            } catch {
                return (error as? ConfigError)?.issues.map { "\($0)" } ?? ["\(error)"]
            }
        }
        let compiled = problems(try bank.contents())

        // Then both fail with the same problem, naming the file and the login
        #expect(compiled == problems(nil))
        #expect(compiled.count == 1)
        #expect(compiled.first?.contains("zz-every-field.yaml") == true && compiled.first?.contains("zhou") == true)
    }

    @Test(
        "a compiled file cut short at any length, or with any byte changed, is refused or gives the files' configuration"
    )
    func damagedFileIsRefused() throws {
        // Given a compiled example
        let bank = try Bank()
        let parsed = ConfigurationRendering.render(try bank.compile())
        let whole = try #require(FileManager.default.contents(atPath: bank.compiled.path))
        let damaged = CompiledBranches(path: bank.dir.file("damaged"))

        // When it is cut short at every length
        for length in 0..<whole.count {
            try whole.prefix(length).write(to: URL(fileURLWithPath: damaged.path))
            // Then it is refused
            #expect(throws: CompiledBranches.Failure.self, "cut at \(length)") { try damaged.read() }
        }
        // When any one byte is changed
        let bodyStart = try #require(whole.firstIndex(of: UInt8(ascii: "\n"))) + 1
        for index in 0..<whole.count {
            var bytes = whole
            bytes[index] ^= 0x20
            try bytes.write(to: URL(fileURLWithPath: damaged.path))
            // Then a changed body is refused; a changed first line is refused, or names a key
            // no files match (every branch is parsed) or a digest that only decides rewriting:
            // either way the load gives the files' configuration
            if index >= bodyStart {
                #expect(throws: CompiledBranches.Failure.self, "byte \(index) changed") { try damaged.read() }
            } else if let contents = try? damaged.read() {
                #expect(ConfigurationRendering.render(try bank.load(compiled: contents)) == parsed, "byte \(index)")
            }
        }
        // And a file that is not one at all is refused too; no file is no contents
        try Data("gridduty-configuration-snapshot 1 a b 0\n".utf8).write(to: URL(fileURLWithPath: damaged.path))
        #expect(throws: CompiledBranches.Failure.self) { try damaged.read() }
        #expect(try CompiledBranches(path: bank.dir.file("absent")).read() == nil)
    }

    @Test("a compiled file of garbage records under a valid checksum never crashes a load")
    func garbageBodyNeverCrashes() throws {
        // Given a compiled bank whose branch records are overwritten with random bytes, the
        // checksum recomputed (as a writer with a bug might leave it)
        let bank = try Bank(branches: 3)
        let parsed = try bank.compile()
        let whole = [UInt8](try #require(FileManager.default.contents(atPath: bank.compiled.path)))
        let newline = try #require(whole.firstIndex(of: UInt8(ascii: "\n")))
        var words = String(decoding: whole[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        var random = SplitMix64(seed: 7)
        for round in 0..<100 {
            var body = Array(whole[(newline + 1)...])
            // Keep the table of names and stamps readable; scramble inside the records.
            for _ in 0..<(1 + round % 8) {
                let index = body.count / 2 + Int(random.next() % UInt64(body.count / 2))
                body[index] = UInt8(truncatingIfNeeded: random.next())
            }
            words[5] = Self.fnv(body)
            let file = Data((words.joined(separator: " ") + "\n").utf8) + Data(body)
            try file.write(to: URL(fileURLWithPath: bank.compiled.path))

            // When the files are loaded with it, then the load returns or fails with a
            // configuration error: a record that does not decode is parsed from its file
            guard let contents = try? bank.compiled.read() else { continue }
            do {
                let fast = try bank.load(compiled: contents)
                #expect(fast.branches.count == parsed.branches.count)
            } catch {
                #expect(error is ConfigError)
            }
        }
    }

    static func fnv(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
