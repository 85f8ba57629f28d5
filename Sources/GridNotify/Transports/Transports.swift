import AsyncHTTPClient
import Foundation
import GridCore

/// Makes each receiver's transport when the sender starts: its secrets read then (a missing
/// or exposed secret stops the start with a message naming it), its HTTP on the one shared
/// client, its time limit the receiver's `timeoutSeconds`.
public enum Transports {
    /// A receiver whose configuration cannot make a transport.
    public struct ConfigurationError: Error, CustomStringConvertible {
        public let receiver: String
        public let reason: String

        public var description: String { "receiver \"\(receiver)\": \(reason)" }
    }

    /// `now` is the wall clock: DingTalk's signed timestamp, WeCom's token expiry, and an
    /// HTTP-date `Retry-After` are read from it.
    public static func make(
        receiver: Receiver, secrets: SecretStore, client: HTTPClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> any Transport {
        func http(_ secretValues: [Secret?]) -> HTTPExchange {
            HTTPExchange(
                client: client, timeoutSeconds: receiver.timeoutSeconds, secrets: secretValues.compactMap { $0?.value },
                now: now)
        }
        func read(_ reference: SecretReference?) throws -> Secret? {
            guard let reference else { return nil }
            do {
                return try secrets.read(reference)
            } catch {
                throw ConfigurationError(receiver: receiver.id, reason: error.description)
            }
        }
        switch receiver.kind {
        case .webhook(let url):
            try checkURL(url, receiver: receiver.id)
            return WebhookTransport(receiver: receiver.id, url: url, http: http([]))
        case .wecomApp(let api, let corpID, let agentID, let secretReference):
            try checkURL(api, receiver: receiver.id)
            let secret = try read(secretReference)!
            return WeComAppTransport(api: api, corpID: corpID, agentID: agentID, secret: secret, http: http([secret]))
        case .wecomRobot(let url, let keyReference):
            try checkURL(url, receiver: receiver.id)
            let key = try read(keyReference)
            return WeComRobotTransport(url: url, key: key, http: http([key]))
        case .dingtalkRobot(let url, let tokenReference, let secretReference):
            try checkURL(url, receiver: receiver.id)
            let token = try read(tokenReference)
            let secret = try read(secretReference)
            return DingTalkRobotTransport(url: url, token: token, secret: secret, http: http([token, secret]))
        case .mail(let sendmail, let from):
            guard let host = MailTransport.host(from: from) else {
                throw ConfigurationError(receiver: receiver.id, reason: "from: \"\(from)\" is not a mail address")
            }
            guard sendmail.hasPrefix("/") else {
                throw ConfigurationError(
                    receiver: receiver.id, reason: "sendmail: \"\(sendmail)\" is not an absolute path")
            }
            return MailTransport(sendmail: sendmail, from: from, host: host, timeoutSeconds: receiver.timeoutSeconds)
        }
    }

    private static func checkURL(_ text: String, receiver: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host?.isEmpty == false
        else {
            throw ConfigurationError(receiver: receiver, reason: "\"\(text)\" is not an http(s) URL")
        }
    }
}
