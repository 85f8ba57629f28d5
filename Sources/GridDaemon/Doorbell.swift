/// Wakes the scheduler early. SIGHUP rings it; the scheduler waits on it and on its timer at
/// once, whichever comes first. A ring with nobody waiting is kept for the next wait.
actor Doorbell {
    private var rung = false
    private var waiter: CheckedContinuation<Bool, Never>?

    func ring() {
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: true)
        } else {
            rung = true
        }
    }

    /// Returns true when rung, false when the waiting task was cancelled.
    func wait() async -> Bool {
        if rung {
            rung = false
            return true
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: false)
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWait() }
        }
    }

    private func cancelWait() {
        waiter?.resume(returning: false)
        waiter = nil
    }
}
