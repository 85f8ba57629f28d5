import Foundation

/// The fake HTTP receiver of `Tests/Support/fake_peer.py` (a generic webhook, WeCom's API
/// and group robot, DingTalk's robot) run on 127.0.0.1 at a free port for one test: faults
/// scripted per path or per Nth request, every request it saw read back from its log.
/// `stop()` and `start()` make it "down" for a while; it comes back on the same port.
public final class FakePeer: @unchecked Sendable {
    /// A scripted misbehaviour (see fake_peer.py): what to do, for which path and which of its requests.
    public struct Fault: Encodable, Sendable {
        public let path: String
        public let nth: [Int]?
        public let action: String
        public let status: Int?
        public let headers: [String: String]?
        public let body: String?
        public let seconds: Double?

        public init(
            path: String = "*", nth: [Int]? = nil, action: String, status: Int? = nil, headers: [String: String]? = nil,
            body: String? = nil, seconds: Double? = nil
        ) {
            self.path = path
            self.nth = nth
            self.action = action
            self.status = status
            self.headers = headers
            self.body = body
            self.seconds = seconds
        }

        public static func status(
            _ status: Int, path: String = "*", nth: [Int]? = nil, headers: [String: String] = [:], body: String = ""
        ) -> Fault {
            Fault(path: path, nth: nth, action: "status", status: status, headers: headers, body: body)
        }

        /// No answer until the client gives up (or `seconds` pass).
        public static func hang(path: String = "*", nth: [Int]? = nil, seconds: Double = 30) -> Fault {
            Fault(path: path, nth: nth, action: "hang", seconds: seconds)
        }

        public static func slow(_ seconds: Double, path: String = "*", nth: [Int]? = nil) -> Fault {
            Fault(path: path, nth: nth, action: "slow", seconds: seconds)
        }

        /// The request processed and logged, then the connection reset unanswered.
        public static func reset(path: String = "*", nth: [Int]? = nil) -> Fault {
            Fault(path: path, nth: nth, action: "reset")
        }

        /// WeCom's token expired just before this request (42001).
        public static func tokenExpired(nth: [Int]? = nil) -> Fault {
            Fault(path: "/cgi-bin/message/send", nth: nth, action: "token-expired")
        }
    }

    /// One request as the peer saw it.
    public struct Request: Sendable {
        public let seq: Int
        /// Its count among requests to the same path, from 1.
        public let n: Int
        public let method: String
        public let path: String
        public let query: [String: String]
        public let idempotencyKey: String?
        public let contentType: String?
        /// The message's text (`text.content`, or a webhook's first summary).
        public let content: String?
        /// The body as JSON text.
        public let bodyJSON: String
        public let fault: String?
        /// DingTalk's signature as checked by the peer: "valid", "invalid", or nil when unchecked.
        public let signature: String?
        /// The errcode the peer answered, for the WeCom and DingTalk paths.
        public let errcode: Int?
        /// Whether the response was written in full; nil while not yet known.
        public let complete: Bool?

        /// The body parsed as a JSON object.
        public var body: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(bodyJSON.utf8))) as? [String: Any] ?? [:]
        }
    }

    public let directory = TemporaryDirectory("fake-peer")
    public private(set) var port = 0
    private let options: [String]
    private var process: Process?
    private let lock = NSLock()

    public var logPath: String { directory.file("requests.jsonl") }
    public var faultsPath: String { directory.file("faults.json") }

    /// Starts the peer; `options` are fake_peer.py's (`--wecom-robot-key K`, `--dingtalk-secret S`, …).
    public init(options: [String] = [], faults: [Fault] = []) throws {
        self.options = options
        try setFaults(faults)
        try start()
    }

    public static var script: String { "\(Repository.root)/Tests/Support/fake_peer.py" }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Replaces the scripted faults; the peer reads them on its next request.
    public func setFaults(_ faults: [Fault]) throws {
        let data = try JSONEncoder().encode(faults)
        try data.write(to: URL(fileURLWithPath: faultsPath), options: .atomic)
    }

    /// Starts the peer, on the port it had before if it ran already.
    public func start() throws {
        guard let python = Tools.python else { throw ToolFailure(description: "python3 is missing") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [Self.script, "--log", logPath, "--faults", faultsPath, "--port", String(port)] + options
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let line = Self.firstLine(output.fileHandleForReading)
        guard line.hasPrefix("PORT "), let listening = Int(line.dropFirst(5)) else {
            process.terminate()
            process.waitUntilExit()
            throw ToolFailure(description: "fake_peer.py did not start: \(line)")
        }
        lock.withLock {
            port = listening
            self.process = process
        }
    }

    /// Stops the peer: connections to its port are refused until `start()`.
    public func stop() {
        let running = lock.withLock { () -> Process? in
            defer { process = nil }
            return process
        }
        guard let running, running.isRunning else { return }
        kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
    }

    /// The requests logged so far, in order.
    public func requests() -> [Request] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        var records: [[String: Any]] = []
        var completion: [Int: Bool] = [:]
        for line in text.split(separator: "\n") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                let seq = object["seq"] as? Int
            else { continue }
            if let complete = object["complete"] as? Bool {
                completion[seq] = complete
            } else {
                records.append(object)
            }
        }
        return records.map { object in
            let seq = object["seq"] as? Int ?? 0
            let body = object["body"].flatMap { value -> String? in
                guard !(value is NSNull) else { return nil }
                guard JSONSerialization.isValidJSONObject(value) else { return "\(value)" }
                return (try? JSONSerialization.data(withJSONObject: value)).map { String(decoding: $0, as: UTF8.self) }
            }
            return Request(
                seq: seq, n: object["n"] as? Int ?? 0, method: object["method"] as? String ?? "",
                path: object["path"] as? String ?? "", query: object["query"] as? [String: String] ?? [:],
                idempotencyKey: object["idempotency_key"] as? String, contentType: object["content_type"] as? String,
                content: object["content"] as? String, bodyJSON: body ?? "", fault: object["fault"] as? String,
                signature: object["signature"] as? String, errcode: object["errcode"] as? Int, complete: completion[seq]
            )
        }
    }

    /// The requests once `count` of them are logged with their completion known: the peer
    /// logs a response's completion just after writing it, so a client may see the answer first.
    public func requests(count: Int, within seconds: Double = 10) -> [Request] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let seen = requests()
            if seen.count >= count && seen.allSatisfy({ $0.complete != nil }) || Date() > deadline { return seen }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    private static func firstLine(_ handle: FileHandle) -> String {
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        stop()
    }
}
