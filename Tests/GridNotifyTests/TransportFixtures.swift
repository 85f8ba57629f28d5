import AsyncHTTPClient
import Foundation
import GridCore
import GridNotify
import GridTestKit

/// Deliveries, receivers and secrets for the transports' tests, and a shared HTTP client
/// that is shut down after each test, as the sender's is when it stops.
enum TransportFixtures {
    static let created = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30

    static func delivery(
        id: Int64 = 41, receiver: String = "ops", kind: String = "overdue", branch: String = "hz-001",
        recipients: [Recipient] = [
            Recipient(person: "zhang.san", name: "张三", address: "zhangsan"),
            Recipient(person: "li.si", name: "李四", address: "lisi"),
        ],
        title: String = "【逾期】杭州分行 消防检查", body: String = "消防检查已逾期 2 天。\n责任人：张三"
    ) -> Delivery {
        let message = OutboxMessage(
            source: .alert, sourceID: 7, receiver: receiver, kind: kind, branch: branch, recipients: recipients,
            title: title, body: body)
        return Delivery(
            id: id, message: message, createdAt: created, state: .pending, attempts: 0, nextAttemptAt: created,
            lastError: nil, reference: nil, sentAt: nil)
    }

    /// A credentials directory holding `secrets`, as systemd's LoadCredential= makes one.
    static func secrets(_ values: [String: String], in directory: TemporaryDirectory) throws -> SecretStore {
        for (name, value) in values { try directory.write("credentials/\(name)", value + "\n") }
        return SecretStore(credentialsDirectory: directory.file("credentials"))
    }

    /// Runs `body` with a fresh client, shut down afterwards whatever happened.
    static func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    /// The error text of an outcome that is not an acceptance.
    static func error(_ outcome: TransportOutcome) -> String? {
        switch outcome {
        case .accepted: nil
        case .retry(let error, _): error
        case .rejected(let error): error
        }
    }

    static func isRetry(_ outcome: TransportOutcome) -> Bool {
        if case .retry = outcome { return true }
        return false
    }

    static func isRejected(_ outcome: TransportOutcome) -> Bool {
        if case .rejected = outcome { return true }
        return false
    }
}

extension TransportFixtures {
    /// A transport that makes no HTTP call (mail) still takes the shared client: this gives
    /// it one that is shut down at once, as it is never used.
    static func withClientSync<T>(_ body: (HTTPClient) throws -> T) throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { try? client.syncShutdown() }
        return try body(client)
    }
}
