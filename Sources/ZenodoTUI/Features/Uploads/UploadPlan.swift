import FoundationEssentials
import ZenodoKit

/// What a batch would send, shown before anything is (issue 30): each archive packed on the fly
/// with its size and what it holds, the files that go as they are, what the filters left out, and
/// the quota increase it needs, if any. `y` starts it (raising the quota first where asked).
public struct UploadPlan: Sendable, Equatable {
    public var batch: Int
    public var depositionID: Int
    public var paths: [String]
    public var includeJunk: Bool
    public var pack: PackRequest?
    public var lines: [String]
    /// The quota, in GB, the record must be raised to first (the self-service increase).
    public var raiseQuotaTo: Int?

    public init(
        batch: Int, depositionID: Int, paths: [String], includeJunk: Bool, pack: PackRequest?, lines: [String],
        raiseQuotaTo: Int?
    ) {
        self.batch = batch
        self.depositionID = depositionID
        self.paths = paths
        self.includeJunk = includeJunk
        self.pack = pack
        self.lines = lines
        self.raiseQuotaTo = raiseQuotaTo
    }

    /// The plan's lines: one per archive (name, size, files and folders), the plain files
    /// together, then what was left out and the quota.
    public static func lines(
        archives: [PackedArchive], plain: [LocalFile], leftOut: String?, need: RecordQuota.Need?
    ) -> [String] {
        var lines: [String] = []
        for archive in archives {
            let files = archive.members.filter { $0.kind == .file }.count
            let folders = archive.members.filter { $0.kind == .directory }.count
            let links = archive.members.filter { $0.kind == .link }.count
            lines.append(
                "\(archive.name)  \(ByteFormat.decimal(archive.size)): \(files) file\(files == 1 ? "" : "s") in \(folders) folder\(folders == 1 ? "" : "s")"
                    + (links > 0 ? ", \(links) link\(links == 1 ? "" : "s")" : ""))
        }
        if !plain.isEmpty {
            let bytes = plain.reduce(Int64(0)) { $0 + $1.size }
            let names = plain.prefix(3).map(\.key).joined(separator: ", ") + (plain.count > 3 ? ", …" : "")
            lines.append(
                "\(plain.count) file\(plain.count == 1 ? "" : "s") as \(plain.count == 1 ? "it is" : "they are")  \(ByteFormat.decimal(bytes)): \(names)"
            )
        }
        if !archives.isEmpty {
            lines.append("Archives are stored (not compressed) and made as they are sent; nothing is written here.")
        }
        if let leftOut { lines.append(leftOut) }
        if let need {
            lines.append(
                "The record would hold \(ByteFormat.decimal(need.total)), \(ByteFormat.decimal(need.over)) more than its quota of \(ByteFormat.decimal(need.quota)): y raises it to \(need.gigabytes) GB first (the self-service increase, up to \(ByteFormat.decimal(need.ceiling)) per record)."
            )
        }
        return lines
    }

    var confirmation: Confirmation {
        Confirmation(
            title: "Send this?",
            lines: lines.map { line in (line, line.hasPrefix("The record would hold") ? .warning : .plain) },
            question: raiseQuotaTo.map { "Raise the quota to \($0) GB and send? y / N" } ?? "Send it? y / N",
            yes: .run(
                .upload(
                    batch: batch, depositionID: depositionID, paths: paths, includeJunk: includeJunk, pack: pack,
                    raiseQuotaTo: raiseQuotaTo)))
    }
}
