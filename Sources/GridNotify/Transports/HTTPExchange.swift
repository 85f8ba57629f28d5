import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request of a try, on the shared client: the response, or the outcome of a try
/// that got none. Every error text has the receiver's secrets blanked out, so that a URL
/// with a token in its query never reaches the outbox or the journal.
struct HTTPExchange: Sendable {
    struct Reply: Sendable {
        let status: Int
        let retryAfter: Double?
        let body: Data
    }

    let client: HTTPClient
    let timeoutSeconds: Double
    let secrets: [String]
    let now: @Sendable () -> Date

    /// The time by which a whole try (a token and a message, say) must be done.
    func deadline() -> NIODeadline {
        .now() + .milliseconds(Int64((timeoutSeconds * 1000).rounded()))
    }

    func post(_ url: String, json: Data, headers: [(String, String)] = [], deadline: NIODeadline) async -> Result<
        Reply, TransportFailure
    > {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: json))
        return await execute(request, deadline: deadline)
    }

    func get(_ url: String, deadline: NIODeadline) async -> Result<Reply, TransportFailure> {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        return await execute(request, deadline: deadline)
    }

    /// One request, bounded twice: by the client's deadline and by a timer of our own a
    /// little after it, which cancels the request. Under a loaded machine the client's
    /// deadline alone was seen to let a request hang until the peer closed it.
    private func execute(_ request: HTTPClientRequest, deadline: NIODeadline) async -> Result<Reply, TransportFailure> {
        let bound = timeoutSeconds + 0.25
        return await withTaskGroup(of: Result<Reply, TransportFailure>?.self) { group in
            group.addTask { await self.executeOnce(request, deadline: deadline) }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64((bound * 1000).rounded())))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
                ?? .failure(TransportFailure(outcome: .retry(error: "no answer within \(seconds)s", after: nil)))
        }
    }

    private func executeOnce(_ request: HTTPClientRequest, deadline: NIODeadline) async -> Result<
        Reply, TransportFailure
    > {
        do {
            let response = try await client.execute(request, deadline: deadline)
            let buffer = try await response.body.collect(upTo: 1 << 20)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.seconds($0, now: now()) }
            return .success(
                Reply(status: Int(response.status.code), retryAfter: retryAfter, body: Data(buffer.readableBytesView)))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout, .writeTimeout:
                return .failure(TransportFailure(outcome: .retry(error: "no answer within \(seconds)s", after: nil)))
            default:
                return .failure(
                    TransportFailure(outcome: .retry(error: redact("connection failed: \(error)"), after: nil)))
            }
        } catch {
            return .failure(TransportFailure(outcome: .retry(error: redact("connection failed: \(error)"), after: nil)))
        }
    }

    private var seconds: String {
        timeoutSeconds == timeoutSeconds.rounded() ? String(Int(timeoutSeconds)) : String(timeoutSeconds)
    }

    /// What an HTTP status alone says of a try: nil for a 2xx (the body decides), a retry for
    /// 408, 429 and 5xx (after the receiver's `Retry-After` when it gave one), else rejected.
    func outcome(of reply: Reply) -> TransportOutcome? {
        switch reply.status {
        case 200..<300:
            return nil
        case 408, 429, 500..<600:
            return .retry(error: "HTTP \(reply.status)\(snippet(reply.body))", after: reply.retryAfter)
        default:
            return .rejected(error: "HTTP \(reply.status)\(snippet(reply.body))")
        }
    }

    /// The start of a response body, on one line, for an error: what the receiver said.
    func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(160), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "" : ": " + redact(Escaping.control(text))
    }

    /// `text` with every secret, plain or percent-encoded, replaced by `<secret>`, shortened.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "<secret>")
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                result = result.replacingOccurrences(of: encoded, with: "<secret>")
            }
        }
        return result.count > 300 ? String(result.prefix(300)) + "…" : result
    }
}

/// A try that ended before the receiver answered it in full.
struct TransportFailure: Error {
    let outcome: TransportOutcome
}

/// Control characters of untrusted text shown as escapes, so an error stays one line.
enum Escaping {
    static func control(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
