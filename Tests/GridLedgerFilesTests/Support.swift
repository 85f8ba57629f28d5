import Foundation
import GridCore
import GridLedgerFiles
import Testing

/// A fresh directory under the system's temporary directory, removed when the test is done.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gridledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// A folder of CSV files, each written as given (a BOM only when the text has one).
    func csvFolder(_ files: [String: String], named name: String = "ledger") throws -> URL {
        let folder = file(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (sheet, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(sheet + ".csv"))
        }
        return folder
    }
}

/// The repository's root, to read `examples/` and run `scripts/`.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
    LocalDate(year: year, month: month, day: day)!
}

/// The issues a read reports, as their descriptions; empty when it reads.
func issues(reading url: URL) -> [String] {
    do {
        _ = try LedgerWorkbookReader().read(contentsOf: url)
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

/// The header lines of a small valid CSV ledger, to which tests add rows.
enum SmallLedger {
    static let findingsHeader = "问题编号,检查名称,检查类型,问题描述,问题类别,责任领导,责任部门,发现日期\r\n"
    static let measuresHeader = "问题编号,措施编号,整改措施,责任人,完成时限,阶段目标,完成情况,完成日期,制度\r\n"
    static let finding1 = "1,2026年运营检查,条线检查,印章登记不全,印章管理,林振华,运营部,2026-11-09\r\n"
    static let measure1 = "1,1,补登记录,吴婷,2026-11-30,,未完成,,\r\n"

    /// A CSV ledger of these rows under the headers.
    static func files(findings: [String] = [finding1], measures: [String] = [measure1], duties: String? = nil)
        -> [String: String]
    {
        var files = [
            "问题清单": findingsHeader + findings.joined(),
            "任务清单": measuresHeader + measures.joined(),
        ]
        files["责任清单"] = duties
        return files
    }
}
