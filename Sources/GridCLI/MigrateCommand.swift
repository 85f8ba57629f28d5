import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema (every command and gridd also do it on first use).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        do {
            _ = try GridDatabase(
                path: global.database, mode: .command,
                migrationProgress: CommandContext.upgradeNotice(global.database))
            Output.line("ok: \(global.database) is up to date")
        } catch {
            throw CLIError("\(error)")
        }
    }
}
