import Foundation

/// Waits for a condition with a deadline (no fixed sleeps as synchronisation): checks it, then again
/// after a short pause, until it holds or the deadline passes. Returns whether it held.
public func eventually(within seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date() + seconds
    while true {
        if try await condition() { return true }
        if Date() > deadline { return false }
        try? await Task.sleep(for: .milliseconds(100))
    }
}
