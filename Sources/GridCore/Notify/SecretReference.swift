/// Where a receiver's secret is read from when the sender starts: never from `schedules/`,
/// which is world-readable and kept in version control, and never logged.
public enum SecretReference: Hashable, Sendable {
    /// A systemd credential (`LoadCredential=NAME:…`), read from `$CREDENTIALS_DIRECTORY/NAME`.
    case credential(String)
    /// A file readable only by the service user; its content with the final newline removed.
    case file(String)
}
