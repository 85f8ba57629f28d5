import GridCore
import Testing

@testable import GridNotify

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("the backoff doubles from the initial wait up to the maximum")
    func backoffDoubles() {
        let policy = RetryPolicy(attempts: 10, initialSeconds: 2, maximumSeconds: 30)
        #expect((1...6).map { policy.backoff(afterFailures: $0) } == [2, 4, 8, 16, 30, 30])
    }

    @Test("jitter keeps each wait between half the backoff and the backoff")
    func jitterBounds() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(afterFailures: 3, unit: 0) == 4)
        #expect(policy.delay(afterFailures: 3, unit: 0.999_999) < 8.000_001)
    }
}
