import ArgumentParser
import ZenodoKit

/// `--request-quota` (`upload`, `sync`): when a batch needs more than the record's quota, raise it
/// through the server's self-service increase (up to 200 GB on Zenodo) instead of refusing.
struct QuotaOptions: ParsableArguments {
    @Flag(
        help:
            "If the files need more than the record's quota (50 GB on Zenodo), raise it to what they need through the self-service increase (at most 50 + 150 GB)."
    )
    var requestQuota = false

    /// Pre-flight's problems for `files` going into `deposition`; with `--request-quota`, a quota
    /// the self-service increase can cover is raised first (said on standard error) and no longer
    /// a problem (not on a dry run, nor when the scan found problems: `raise` false).
    func problems(
        files: [LocalFile], deposition: Deposition, client: ZenodoClient, environment: [String: String],
        raise: Bool = true
    ) async throws -> [PreflightProblem] {
        let standard = RecordQuota.defaultQuota(environment: environment)
        var limits = DepositionLimits(quota: standard)
        let problems = Preflight.problems(files: files, deposition: deposition, limits: limits)
        // Raised only when that is all the batch lacks: a quota is not spent on files that would
        // be refused for another reason.
        guard requestQuota, raise,
            let need = RecordQuota.coverable(files: files, deposition: deposition, limits: limits)
        else { return problems }
        limits.quota = try await client.increaseQuota(of: deposition.id, toGigabytes: need.gigabytes)
        Console.error(
            "Raised deposition \(deposition.id)'s quota to \(ByteFormat.decimal(limits.quota)) (\(ByteFormat.decimal(need.over)) more than it had) through \(client.profile.displayName)'s self-service increase."
        )
        return Preflight.problems(files: files, deposition: deposition, limits: limits)
    }
}
