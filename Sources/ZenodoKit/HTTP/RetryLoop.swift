import FoundationEssentials

/// The one retry loop of requests, uploads and downloads: an attempt, and after a `ZenodoError`
/// the policy's wait (a 429's `Retry-After` honoured, a budget of attempts and of total waiting),
/// told before it is waited on the clock. A non-Zenodo error (cancellation) ends it at once.
///
/// A wait that ends early with an error (the interface's `Esc` on its `RetryGate`, cancellation)
/// is that error for a request (`stopsWhenAWaitIsInterrupted == false`: the screen says "stopped
/// retrying"), and a stop for a transfer (`true`: thrown as `CancellationError`, so the file stays
/// pending for a resume instead of failing).
struct RetryLoop: Sendable {
    var policy: RetryPolicy
    var clock: RetryClock
    var stopsWhenAWaitIsInterrupted = false

    /// `failed` sees every failure (to reset progress, pause a pacer); `retrying` is told each
    /// retry (its attempt number, the wait, the error) before the wait; the last error is thrown.
    func run<T>(
        retrying: Bool = true, failed: (ZenodoError) async -> Void = { _ in },
        retryingAfter announce: (_ attempt: Int, _ delay: Double, _ error: ZenodoError) -> Void,
        _ attempt: (Int) async throws -> T
    ) async throws -> T {
        var number = 1
        var waited = 0.0
        while true {
            do {
                return try await attempt(number)
            } catch let error as ZenodoError {
                await failed(error)
                guard retrying, let delay = policy.delay(after: error, attempt: number, waited: waited) else {
                    throw error
                }
                announce(number + 1, delay, error)
                do {
                    try await clock.sleep(delay)
                } catch {
                    throw stopsWhenAWaitIsInterrupted ? CancellationError() : error
                }
                waited += delay
                number += 1
            }
        }
    }
}
