import Foundation
import GridConfig
import GridCore
import GridStore

/// A command answered from the database alone, without reading the configuration.
///
/// Every pass that reads the configuration stores, beside a branch's rows, the names a
/// listing shows and a stamp of the files it read (`ConfigurationStamp`). When the files
/// still carry that stamp (a dozen `stat` calls) and the branch is materialised through
/// today, parsing them would give back exactly what is stored, so the command skips it: in
/// a bank of thousands of branches, parsing is nearly all of a command's time. Any doubt —
/// an unknown branch or person, an edited file, a day not yet materialised, an option the
/// database cannot check — returns nil, and the command takes the full path.
struct StoredContext {
    let database: GridDatabase
    let branch: String
    let calendar: BusinessCalendar
    let now: Date
    let today: LocalDate

    /// The context for one branch, picked by `--branch` or by a person's roster.
    static func open(_ options: GlobalOptions, branchID: String?, personID: String?) -> StoredContext? {
        guard let database = openExisting(options) else { return nil }
        guard let key = branchID ?? personID.flatMap({ try? database.branches(withPerson: $0).first }) else {
            return nil
        }
        return open(options, database: database, branch: key)
    }

    /// The context for the branch of a stored occurrence.
    static func open(_ options: GlobalOptions, occurrence id: Int64) -> StoredContext? {
        guard let database = openExisting(options), let item = try? database.occurrence(id: id) else { return nil }
        return open(options, database: database, branch: item.key.branch)
    }

    private static func open(_ options: GlobalOptions, database: GridDatabase, branch key: String) -> StoredContext? {
        guard let progress = try? database.progress(branch: key), let stamp = progress.stamp,
            let file = progress.file, let zone = progress.timeZone.flatMap(TimeZone.init(identifier:)),
            let through = progress.materializedThrough
        else { return nil }
        let loader = ConfigLoader(directory: options.config)
        guard isCurrent(stamp, file: file, loader: loader, sharedDigest: sharedDigest(loader)) else { return nil }
        let calendar = BusinessCalendar(national: .plainWeekdays, timeZone: zone)
        guard let now = try? CommandContext.resolveNow(options.now, calendar: calendar) else { return nil }
        let today = calendar.localDate(of: now)
        guard through >= today else { return nil }
        return StoredContext(database: database, branch: key, calendar: calendar, now: now, today: today)
    }

    /// Opens the database only if it exists: a first command must take the full path,
    /// which creates it.
    static func openExisting(_ options: GlobalOptions) -> GridDatabase? {
        guard FileManager.default.fileExists(atPath: options.database) else { return nil }
        return try? CommandContext.openDatabase(options)
    }

    /// The whole bank, for `report`: every branch file unchanged and materialised through
    /// today, and no branch file the database has not seen. The zone of the first branch
    /// reads `--now`, as on the full path.
    ///
    /// `alongside` runs on a second connection, on another core, while the files are
    /// checked: at 20,000 branches the checks (a row and a `stat` per branch) and a count
    /// per branch take about as long as each other. Its result is used only if they pass.
    static func openBank<T: Sendable>(
        _ options: GlobalOptions, alongside work: @escaping @Sendable (GridDatabase, Date) throws -> T
    ) -> (context: StoredContext, branches: [(key: String, name: String)], result: T)? {
        guard let database = openExisting(options),
            let zone = (try? database.firstBranchTimeZone())?.flatMap(TimeZone.init(identifier:))
        else { return nil }
        let calendar = BusinessCalendar(national: .plainWeekdays, timeZone: zone)
        guard let now = try? CommandContext.resolveNow(options.now, calendar: calendar) else { return nil }
        let parallel = ParallelResult<T>()
        let path = database.path
        DispatchQueue.global().async(group: parallel.group) {
            parallel.value = try? work(GridDatabase(path: path, mode: .reader), now)
        }
        let branches = checkedBranches(options, database: database, zone: zone, now: now)
        parallel.group.wait()
        guard let branches, let first = branches.first, let result = parallel.value else { return nil }
        let context = StoredContext(
            database: database, branch: first.key, calendar: calendar, now: now, today: calendar.localDate(of: now))
        return (context, branches, result)
    }

    /// The bank's branches in file order, if every one is answerable from the database.
    private static func checkedBranches(_ options: GlobalOptions, database: GridDatabase, zone: TimeZone, now: Date)
        -> [(key: String, name: String)]?
    {
        guard let all = try? database.allProgress(), all.first?.progress.timeZone == zone.identifier else {
            return nil
        }
        let loader = ConfigLoader(directory: options.config)
        let shared = sharedDigest(loader)
        let onDisk = loader.branchFileNames().map { "branches/\($0)" }
        guard onDisk == all.compactMap(\.progress.file) else { return nil }
        var branches: [(key: String, name: String)] = []
        branches.reserveCapacity(all.count)
        var todays: [String: LocalDate] = [:]
        for entry in all {
            let progress = entry.progress
            guard let file = progress.file, let stamp = progress.stamp, let through = progress.materializedThrough,
                isCurrent(stamp, file: file, loader: loader, sharedDigest: shared), let zoneID = progress.timeZone
            else { return nil }
            if todays[zoneID] == nil {
                guard let branchZone = TimeZone(identifier: zoneID) else { return nil }
                todays[zoneID] = BusinessCalendar(national: .plainWeekdays, timeZone: branchZone).localDate(of: now)
            }
            guard let today = todays[zoneID], through >= today else { return nil }
            branches.append((entry.branch, entry.name ?? entry.branch))
        }
        return branches
    }

    private static func sharedDigest(_ loader: ConfigLoader) -> String {
        ConfigurationStamp.digest(of: loader.sharedStamp())
    }

    /// Whether a branch row's stamp is what its file and the shared files look like now.
    private static func isCurrent(_ stamp: String, file: String, loader: ConfigLoader, sharedDigest: String) -> Bool {
        stamp == ConfigurationStamp.branch(sharedDigest: sharedDigest, fileStamp: loader.stamp(ofFile: file))
    }

    /// A value computed on another thread, read after `group` is waited for (which orders
    /// the write before the read).
    private final class ParallelResult<T: Sendable>: @unchecked Sendable {
        let group = DispatchGroup()
        var value: T?
    }
}
