// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "GridDuty",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gridd", targets: ["gridd"]),
        .executable(name: "gridctl", targets: ["gridctl"]),
        .executable(name: "gridd-notify", targets: ["gridd-notify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SHA-256 for the hash chain of the audit record.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // Tests only: random configurations and dates, a bounded number per run.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // GridSheets only: the zip container and the small XML parts of an .xlsx workbook.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        // GridNotify only: HTTP to WeCom, DingTalk and webhooks.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Message templates (notify.yaml's `templates:`), checked by GridConfig, rendered by GridNotify.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // GridNotify only: the byte buffers and deadlines of AsyncHTTPClient's API.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        // Pure domain: organisation, duties, cadences, business calendar, decisions. Foundation only.
        .target(name: "GridCore", swiftSettings: strict),
        // Reads and validates the human-edited `schedules/` files into GridCore values.
        .target(
            name: "GridConfig",
            dependencies: [
                "GridCore", .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // The only module that imports GRDB.
        .target(
            name: "GridStore",
            dependencies: [
                "GridCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Services of the long-running daemon.
        .target(
            name: "GridDaemon",
            dependencies: [
                "GridCore", "GridConfig", "GridStore", "GridNotify",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Delivers the outbox: one transport per receiver kind, retries, rate limits.
        .target(
            name: "GridNotify",
            dependencies: [
                "GridCore", "GridStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // The `gridctl` command tree, as a library so that its rendering is testable in-process.
        .target(
            name: "GridCLI",
            dependencies: [
                "GridCore", "GridConfig", "GridStore", "GridLedgerFiles", "GridNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "GridTestKit",
            dependencies: [
                "GridCore", "GridConfig", "GridStore", .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gridd",
            dependencies: [
                "GridCore", "GridConfig", "GridDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gridd-notify",
            dependencies: [
                "GridCore", "GridConfig", "GridDaemon", "GridStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gridctl",
            dependencies: ["GridCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // Workbooks (.xlsx) and folders of CSV files as named sheets of rows of cells; knows no domain.
        .target(
            name: "GridSheets",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ],
            swiftSettings: strict
        ),
        // The rectification ledger's workbook: a bank's 问题清单, 任务清单 and 责任清单 read into a
        // draft, and a ledger written back as such a workbook.
        .target(name: "GridLedgerFiles", dependencies: ["GridCore", "GridSheets"], swiftSettings: strict),
        // Developer tools (synthetic banks, benchmark timings): built with the package, never
        // installed or packaged, so no product.
        .executableTarget(
            name: "gridduty-dev",
            dependencies: [
                "GridCore", "GridConfig", "GridStore", "GridCLI", "GridTestKit", "GridLedgerFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GridCoreTests",
            dependencies: [
                "GridCore", "GridTestKit", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GridSheetsTests",
            // ZIPFoundation only to build hostile and hand-made archives byte for byte.
            dependencies: [
                "GridSheets", "GridTestKit", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GridLedgerFilesTests",
            dependencies: [
                // GridConfig only to check the example ledger against the example branch.
                "GridLedgerFiles", "GridCore", "GridSheets", "GridConfig", "GridTestKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "GridConfigTests", dependencies: ["GridConfig", "GridTestKit"], swiftSettings: strict),
        .testTarget(
            name: "GridStoreTests",
            // GRDB only to build a database as an older GridDuty left it, for the migration tests.
            dependencies: ["GridStore", "GridTestKit", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GridDaemonTests",
            // GRDB only to build a database as an older GridDuty left it, for the upgrade tests.
            dependencies: [
                "GridDaemon", "GridTestKit", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GridNotifyTests",
            dependencies: [
                "GridNotify", "GridTestKit", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GridCLITests",
            // GRDB only to change a database past gridctl, as sqlite3 would, for `audit verify`'s tests.
            dependencies: ["GridCLI", "GridTestKit", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
