import FoundationEssentials

/// The archive formats `--pack` makes: both stored (uncompressed), so that an archive's size is
/// known before its first byte and any byte of it can be produced again at its offset.
public enum PackFormat: String, Sendable, Codable, CaseIterable {
    /// A stored ZIP with data descriptors and ZIP64 where needed (`ZipFormat`).
    case zip
    /// A POSIX tar (ustar, with pax headers where a field does not fit; `TarFormat`).
    case tar

    public var fileExtension: String { rawValue }
}

/// One entry of an archive: a file, a directory or a symbolic link of the tree, with the metadata
/// the archive records (and nothing of the host: no owner, group or user names).
public struct PackMember: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case file, directory, link }

    /// The name in the archive, `/`-separated; a directory's ends with `/`.
    public var name: String
    /// Where it is on disk.
    public var path: String
    public var kind: Kind
    /// The content's length: the file's size, the link target's bytes, 0 for a directory.
    public var size: Int64
    /// The modification time, to the nanosecond (an archive keeps whole seconds; the rest is for
    /// noticing a change).
    public var seconds: Int64
    public var nanoseconds: Int32
    /// Permission bits as archived: 0755 or 0644 for files (the owner's execute bit decides),
    /// 0755 for directories, 0777 for links.
    public var mode: UInt32
    public var linkTarget: String?

    public init(
        name: String, path: String, kind: Kind, size: Int64, seconds: Int64, nanoseconds: Int32 = 0,
        mode: UInt32, linkTarget: String? = nil
    ) {
        self.name = name
        self.path = path
        self.kind = kind
        self.size = size
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.mode = mode
        self.linkTarget = linkTarget
    }

    /// The line that stands for the member in a listing (`PackListing`): kind, size, time, name.
    var listingLine: String { "\(kind.rawValue) \(size) \(seconds).\(nanoseconds) \(name)" }
}
