import Foundation

/// A value percent-encoded for a URL's query: everything but RFC 3986's unreserved
/// characters, so that a secret with `+`, `/` or `=` (a DingTalk signature) arrives as it is.
enum QueryValue {
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// `url` with `name=value` added to its query.
    static func append(_ url: String, _ parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return url }
        let query = parameters.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + query
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
