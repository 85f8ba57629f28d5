/// How often a delivery that failed is tried again: exponential backoff from `initial`
/// seconds, doubling to at most `maximum`, with full jitter, and dead after `attempts`
/// failures. The default outlasts a receiver down for a whole day (about 38 hours of tries).
public struct RetryPolicy: Hashable, Sendable {
    public let attempts: Int
    public let initialSeconds: Double
    public let maximumSeconds: Double

    public init(attempts: Int, initialSeconds: Double, maximumSeconds: Double) {
        self.attempts = max(1, attempts)
        self.initialSeconds = max(0.001, initialSeconds)
        self.maximumSeconds = max(self.initialSeconds, maximumSeconds)
    }

    public static let standard = RetryPolicy(attempts: 48, initialSeconds: 2, maximumSeconds: 3_600)

    /// The wait before try number `attempt + 1` after `attempt` failures (1-based), before
    /// jitter: `initial × 2^(attempt−1)`, capped.
    public func backoff(afterFailures attempt: Int) -> Double {
        let exponent = Double(min(max(attempt - 1, 0), 60))
        return min(maximumSeconds, initialSeconds * pow2(exponent))
    }

    /// The wait with full jitter (AWS's "full jitter"): uniform in [backoff/2, backoff], so
    /// that many messages failing together do not all retry in the same second, and never
    /// sooner than half the backoff. `unit` is a random number in [0, 1).
    public func delay(afterFailures attempt: Int, unit: Double) -> Double {
        let base = backoff(afterFailures: attempt)
        return base / 2 + base / 2 * min(max(unit, 0), 1)
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
