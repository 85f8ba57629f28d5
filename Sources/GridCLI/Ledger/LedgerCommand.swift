import ArgumentParser

/// `gridctl ledger`: the rectification ledger (整改台账) of an inspection's findings.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The rectification ledger (整改台账): findings, their measures, close-out (销号) and the progress report.",
        discussion: """
            An inspection's findings (问题) are broken into measures (整改措施), each owed by a person by a business \
            day, chased like any duty: they appear in due and overdue, and gridd reminds, alerts and escalates them. \
            A finding's leader asks for its close-out when every measure is done; a second person approves it. \
            Banks keep the ledger as a workbook of three lists (问题清单, 任务清单, 责任清单): import reads it, \
            export writes it back with the current state.
            """,
        subcommands: [
            LedgerImportCommand.self, LedgerExportCommand.self, LedgerList.self, LedgerShow.self, LedgerAdd.self,
            LedgerDone.self,
            LedgerRequestClose.self, LedgerApprove.self, LedgerReject.self, LedgerReportCommand.self,
        ])
}

/// Options every ledger command takes besides the global ones.
struct LedgerOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(help: "The branch (default: the only one).") var branch: String?
}
