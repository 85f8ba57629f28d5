/// Whether a receiver is answering, as the journal tells it: a line when it starts failing
/// and one when it is back, not one per retry of each message.
struct ReceiverHealth: Sendable {
    enum Change: Equatable, Sendable {
        case failing
        case recovered
    }

    /// Tries in a row the receiver answered with "try again later" (or did not answer).
    private(set) var consecutiveFailures = 0

    var isFailing: Bool { consecutiveFailures > 0 }

    /// A try failed in a way that may work later; `.failing` when the receiver was healthy.
    mutating func failed() -> Change? {
        consecutiveFailures += 1
        return consecutiveFailures == 1 ? .failing : nil
    }

    /// The receiver accepted a message; `.recovered` when it was failing.
    mutating func accepted() -> Change? {
        defer { consecutiveFailures = 0 }
        return consecutiveFailures > 0 ? .recovered : nil
    }
}
