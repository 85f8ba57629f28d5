import Foundation
import GridCore

/// A secret read for a receiver: its text, never shown. Printing or logging it, by mistake
/// or through an error's description, gives `<secret>`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
}

/// Why a secret could not be read: names the reference and the file, never the content.
public enum SecretError: Error, Equatable, CustomStringConvertible {
    /// A `credential:` reference while `$CREDENTIALS_DIRECTORY` is not set (no `LoadCredential=`).
    case noCredentialsDirectory(name: String)
    /// A credential name that is not a plain file name.
    case badCredentialName(String)
    case missing(reference: String, path: String)
    case unreadable(reference: String, path: String)
    /// A file that other users may read or change: mode in octal.
    case notPrivate(path: String, mode: String)
    case empty(reference: String, path: String)

    public var description: String {
        switch self {
        case .noCredentialsDirectory(let name):
            "secret credential \"\(name)\": $CREDENTIALS_DIRECTORY is not set; give the service "
                + "LoadCredential=\(name):<file> in its unit, or use a file: reference"
        case .badCredentialName(let name):
            "secret credential \"\(name)\": a credential name is a plain file name, without \"/\""
        case .missing(let reference, let path):
            "secret \(reference): \(path) does not exist"
        case .unreadable(let reference, let path):
            "secret \(reference): \(path) cannot be read by this user"
        case .notPrivate(let path, let mode):
            "secret file \(path) has mode \(mode): other users may read it; "
                + "make it readable by the service user only (chmod o-rwx)"
        case .empty(let reference, let path):
            "secret \(reference): \(path) is empty"
        }
    }
}

/// Reads receivers' secrets: systemd credentials from `$CREDENTIALS_DIRECTORY`, or files that
/// only the service user (and its group) may read. The content is used as it is, less one
/// final newline; it is never logged.
public struct SecretStore: Sendable {
    /// `$CREDENTIALS_DIRECTORY` as systemd set it, or nil outside a unit with credentials.
    public let credentialsDirectory: String?

    public init(credentialsDirectory: String?) {
        self.credentialsDirectory = credentialsDirectory
    }

    /// The store of this process: credentials from its environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(credentialsDirectory: environment["CREDENTIALS_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 })
    }

    public func read(_ reference: SecretReference) throws(SecretError) -> Secret {
        switch reference {
        case .credential(let name):
            guard let credentialsDirectory else { throw .noCredentialsDirectory(name: name) }
            guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw .badCredentialName(name)
            }
            // systemd makes the credential directory and its files private to the service.
            return try content(of: "\(credentialsDirectory)/\(name)", reference: "credential \"\(name)\"")
        case .file(let path):
            let label = "file \"\(path)\""
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw errno == ENOENT
                    ? .missing(reference: label, path: path) : .unreadable(reference: label, path: path)
            }
            if info.st_mode & 0o007 != 0 {
                throw .notPrivate(path: path, mode: String(info.st_mode & 0o7777, radix: 8))
            }
            return try content(of: path, reference: label)
        }
    }

    private func content(of path: String, reference: String) throws(SecretError) -> Secret {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(reference: reference, path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(reference: reference, path: path)
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") {
            text.removeLast(1)  // "\r\n" is one Character
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        guard !text.isEmpty else { throw .empty(reference: reference, path: path) }
        return Secret(text)
    }
}
