import Foundation

/// A WeCom application's access token, kept until a minute before WeCom says it expires
/// and shared by every try in flight: one `gettoken` call serves them all, as WeCom asks
/// (its `gettoken` is rate-limited and each call may invalidate nothing, but costs quota).
actor WeComTokenCache {
    struct Token: Sendable, Equatable {
        let value: String
        let expiresAt: Date
    }

    private var token: Token?
    private var fetching: Task<Result<Token, TransportFailure>, Never>?

    /// The cached token if still good at `now`, else a new one from `fetch` (one fetch at a
    /// time; callers that arrive meanwhile wait for it).
    func token(
        now: Date, fetch: @escaping @Sendable () async -> Result<Token, TransportFailure>
    ) async -> Result<Token, TransportFailure> {
        if let token, now < token.expiresAt { return .success(token) }
        if let fetching { return await fetching.value }
        let task = Task { await fetch() }
        fetching = task
        let result = await task.value
        fetching = nil
        if case .success(let fresh) = result { token = fresh }
        return result
    }

    /// Forgets `value` when WeCom said it is expired or invalid (not a newer one fetched since).
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }
}
