import FoundationEssentials
import ZenodoKit

/// A transfer budget on the wire of both hand-overs, whole: the agent runs a batch with exactly the
/// budget the front end that handed it over would have run it with (parallelism, both retry
/// budgets, the timeout, parts, verification). What a hand-over leaves out gets the defaults.
extension TransferBudget {
    var wire: [String: JSONValue] {
        [
            "parallel": .int(parallel), "retry": Self.retryJSON(retry), "request_retry": Self.retryJSON(requestRetry),
            "timeout": timeout.map(JSONValue.double) ?? .null, "verify": .bool(verifyServerChecksum),
            "part_size": partSize.map { .int(Int($0)) } ?? .null, "parallel_parts": .int(parallelParts),
        ]
    }

    init(wire json: JSONValue) {
        self.init()
        parallel = min(16, max(1, json["parallel"]?.int ?? parallel))
        retry = Self.retry(from: json["retry"], over: .uploads)
        requestRetry = Self.retry(from: json["request_retry"], over: .standard)
        timeout = json["timeout"]?.number.map { min(3600, max(1, $0)) }
        verifyServerChecksum = json["verify"]?.bool ?? true
        partSize = json["part_size"]?.int.map(Int64.init)
        parallelParts = min(16, max(1, json["parallel_parts"]?.int ?? parallelParts))
    }

    static func retryJSON(_ retry: RetryPolicy) -> JSONValue {
        [
            "max_attempts": .int(retry.maxAttempts), "base_delay": .double(retry.baseDelay),
            "max_delay": .double(retry.maxDelay), "max_total_wait": .double(retry.maxTotalWait),
            "retries_integrity": .bool(retry.retriesIntegrity),
            "checksum_patience_scale": .double(retry.checksumPatienceScale),
        ]
    }

    static func retry(from value: JSONValue?, over base: RetryPolicy) -> RetryPolicy {
        var retry = base
        guard let value else { return retry }
        retry.maxAttempts = min(21, max(1, value["max_attempts"]?.int ?? retry.maxAttempts))
        retry.baseDelay = value["base_delay"]?.number ?? retry.baseDelay
        retry.maxDelay = value["max_delay"]?.number ?? retry.maxDelay
        retry.maxTotalWait = value["max_total_wait"]?.number ?? retry.maxTotalWait
        retry.retriesIntegrity = value["retries_integrity"]?.bool ?? retry.retriesIntegrity
        retry.checksumPatienceScale = value["checksum_patience_scale"]?.number ?? retry.checksumPatienceScale
        return retry
    }
}
