import ArgumentParser
import Foundation
import GridConfig
import GridCore
import GridStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "The schedules directory (default: $GRIDDUTY_CONFIG, else /etc/gridduty).",
            valueName: "dir"))
    var configOption: String?

    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The SQLite database file (default: $GRIDDUTY_DB, else /var/lib/gridduty/gridduty.sqlite).",
            valueName: "path"))
    var databaseOption: String?

    @Option(
        help: ArgumentHelp(
            "On a simulation database only (gridctl migrate --simulation): act as if it were this instant, 2026-11-23T10:00 (branch local time) or with an offset.",
            valueName: "time"))
    var now: String?

    var config: String { configOption ?? Defaults.configDirectory() }
    var database: String { databaseOption ?? Defaults.database() }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
    /// CSV for Excel: a UTF-8 byte-order mark and CRLF line endings.
    case excelCSV = "excel-csv"
}
