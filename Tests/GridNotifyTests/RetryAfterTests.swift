import Foundation
import Testing

@testable import GridNotify

@Suite("Retry-After")
struct RetryAfterTests {
    private let now = Date(timeIntervalSince1970: 784_111_777 - 30)  // 30 s before Sun, 06 Nov 1994 08:49:37 GMT

    @Test("seconds are read as they are")
    func seconds() {
        #expect(RetryAfter.seconds("7", now: now) == 7)
        #expect(RetryAfter.seconds(" 120 ", now: now) == 120)
    }

    @Test("each of HTTP's three date forms is the wait from now until then")
    func httpDates() {
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 30)
        #expect(RetryAfter.seconds("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 30)
        #expect(RetryAfter.seconds("Sun Nov  6 08:49:37 1994", now: now) == 30)
    }

    @Test("a date already past waits nothing, and anything else is no Retry-After at all")
    func pastAndGarbage() {
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0)
        #expect(RetryAfter.seconds("-5", now: now) == nil)
        #expect(RetryAfter.seconds("soon", now: now) == nil)
    }
}
