import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema (every command and gridd also do it on first use).",
        discussion: """
            Creating or upgrading a real database is for root, the service user and the policy's admin group. \
            With --simulation anyone may create a NEW database in which --now is accepted and --by may name \
            anyone, for trying GridDuty out: nothing in it is a record of real work.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Create a new simulation database (refused on an existing file).") var simulation = false

    func run() throws {
        let path = global.database
        if simulation {
            guard !FileManager.default.fileExists(atPath: path) else {
                throw CLIError(
                    "--simulation: \(path) already exists; a simulation database is created new, never made from an existing one"
                )
            }
            do {
                _ = try GridDatabase(path: path, mode: .command, simulation: true)
            } catch {
                throw CLIError("\(error)")
            }
            Simulation.announce(path)
            Output.line("ok: \(path) created as a simulation database")
            return
        }
        if global.now != nil && !FileManager.default.fileExists(atPath: path) {
            throw CLIError("--now: migrate creates a real database; use --simulation for one that accepts --now")
        }
        let group =
            (try? CommandContext.loadConfiguration(global.config).catalog.adminGroup) ?? Catalog.defaultAdminGroup
        try RealUser.current().checkAdministrative("migrate \(path)", adminGroup: group)
        _ = try CommandContext.openDatabase(global)
        Output.line("ok: \(path) is up to date")
    }
}
