import Foundation
import GridCore
import Synchronization

/// One receiver's loop state, kept across passes: its rate window, health and pause.
final class ReceiverLane: Sendable {
    struct State {
        var window: RateWindow
        var health = ReceiverHealth()
        /// No try before this instant: the receiver failed and backs off.
        var pausedUntil: Date?
        var storeFailing = false
    }

    let receiver: Receiver
    let transport: any Transport
    let state: Mutex<State>

    init(receiver: Receiver, transport: any Transport) {
        self.receiver = receiver
        self.transport = transport
        state = Mutex(State(window: RateWindow(receiver.rate)))
    }
}
