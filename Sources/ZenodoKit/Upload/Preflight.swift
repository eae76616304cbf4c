/// Zenodo's per-deposition limits (100 files, 255-character keys, and the quota: 50 GB unless its
/// owner raised it, `RecordQuota`).
public struct DepositionLimits: Sendable {
    public var maxFiles: Int
    public var quota: Int64
    public var maxKeyLength: Int
    /// The server's default quota, which a self-service increase adds to.
    public var standardQuota: Int64

    public init(maxFiles: Int = 100, quota: Int64 = RecordQuota.defaultQuota, maxKeyLength: Int = 255) {
        self.maxFiles = maxFiles
        self.quota = quota
        standardQuota = quota
        self.maxKeyLength = maxKeyLength
    }

    public static let zenodo = DepositionLimits()
}

/// The checks made before any byte is sent, all reported together: a typo in the 40th path must
/// not be found ten minutes into the run.
public enum Preflight {
    public static func problems(
        files: [LocalFile], deposition: Deposition, limits: DepositionLimits = .zenodo
    ) -> [PreflightProblem] {
        var problems: [PreflightProblem] = []
        // A published record's edit draft may have its files unlocked (`fix-files`), which the API
        // does not say: the server decides (`FixWindow` words its refusal).
        if deposition.state == .done {
            let why =
                "is published: its files are locked; within the server's grace period after publication, zenodo-tui fix-files \(deposition.id) unlocks them (the DOI stays); otherwise make a new version"
            problems.append(PreflightProblem("deposition \(deposition.id)", why))
        }
        var seen: [String: (key: String, path: String)] = [:]
        for file in files {
            if file.size == 0 {
                problems.append(PreflightProblem(file.path, "is empty: Zenodo does not accept empty files"))
            }
            if file.key.count > limits.maxKeyLength {
                problems.append(
                    PreflightProblem(
                        file.path, "its name is \(file.key.count) characters long; Zenodo allows \(limits.maxKeyLength)"
                    ))
            }
            if file.key.hasSlash {
                problems.append(PreflightProblem(file.path, "its name contains '/', which Zenodo refuses"))
            }
            if file.key.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                problems.append(
                    PreflightProblem(
                        file.path,
                        "its name contains a control character (a newline or a tab), which garbles every listing: rename it"
                    ))
            }
            // NFC and NFD forms of one name look the same everywhere (and Swift's strings compare
            // them equal): one of them is a mistake. Compared by scalars to say which case it is.
            let normal = file.key.nfc
            if let other = seen[normal] {
                let identical = Array(other.key.unicodeScalars) == Array(file.key.unicodeScalars)
                let same =
                    identical
                    ? "the same name '\(file.key)'"
                    : "the same name as '\(other.key)' once Unicode-normalised (NFC/NFD)"
                problems.append(PreflightProblem(file.path, "has \(same) as \(other.path)"))
            }
            seen[normal] = (file.key, file.path)
            if file.size > limits.quota {
                problems.append(
                    PreflightProblem(
                        file.path,
                        "is \(ByteFormat.decimal(file.size)), larger than the record's largest file of \(ByteFormat.decimal(limits.quota)) (the quota sets both; --request-quota raises them)"
                    ))
            }
        }
        let existing = Dictionary(deposition.files.map { ($0.filename, $0.size) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(files.map(\.key)).subtracting(existing.keys)
        let fileCount = existing.count + newKeys.count
        if fileCount > limits.maxFiles {
            problems.append(
                PreflightProblem(
                    "",
                    "the deposition would have \(fileCount) files (\(existing.count) already there); Zenodo allows \(limits.maxFiles)"
                        + (files.contains { $0.pack != nil } ? "" : " (--pack zip sends a directory as one archive)")
                ))
        }
        if let need = RecordQuota.need(
            files: files, deposition: deposition, quota: limits.quota, standard: limits.standardQuota),
            need.total > limits.quota
        {
            problems.append(PreflightProblem("", need.explanation))
        }
        return problems
    }
}

extension Preflight {
    /// The problems as lines for a person: those of the whole batch first (a count or size over
    /// Zenodo's limits says more than 100,000 lines about each file), then the files', at most
    /// `limit` lines in all, the rest counted.
    public static func summary(_ problems: [PreflightProblem], limit: Int = 20) -> [String] {
        let ordered = problems.filter(\.subject.isEmpty) + problems.filter { !$0.subject.isEmpty }
        var lines = ordered.prefix(limit).map(\.description)
        if ordered.count > limit {
            let more = ordered.count - limit
            lines.append("… and \(more) more problem\(more == 1 ? "" : "s") like these")
        }
        return lines
    }
}
