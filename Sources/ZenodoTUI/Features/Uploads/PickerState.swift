import FoundationEssentials
import ZenodoKit

/// The local file picker for an upload.
public struct PickerState: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var isDirectory: Bool
        public var size: Int64
        /// Why the directory's `.zenodoignore` leaves it out (`.zenodoignore line 2: *.log`).
        public var ignored: String?
        public init(name: String, isDirectory: Bool, size: Int64, ignored: String? = nil) {
            self.name = name
            self.isDirectory = isDirectory
            self.size = size
            self.ignored = ignored
        }
    }

    public var depositionID: Int
    public var directory: String
    public var entries: [Entry] = []
    public var selection = 0
    /// Full paths chosen (across directories), in the order chosen.
    public var chosen: [String] = []
    /// Sizes of chosen files, as listed (a typed path's size is known after pre-flight).
    public var sizes: [String: Int64] = [:]
    /// The chosen paths that are directories (their size is known at pre-flight).
    public var chosenDirectories: Set<String> = []

    /// "2 files, 1 directory chosen, 3.1 MiB" for the picker's summary line.
    public var chosenSummary: String {
        let directories = chosen.filter { chosenDirectories.contains($0) }.count
        let files = chosen.count - directories
        let bytes = chosen.reduce(Int64(0)) { $0 + (sizes[$1] ?? 0) }
        var parts: [String] = []
        if files > 0 || directories == 0 { parts.append("\(files) file\(files == 1 ? "" : "s")") }
        if directories > 0 { parts.append("\(directories) director\(directories == 1 ? "y" : "ies")") }
        return parts.joined(separator: ", ") + " chosen" + (files > 0 ? ", \(ByteFormat.string(bytes))" : "")
    }
    public var completions: [String] = []
    public var error: String?
    public var checking = false
    /// Take the usual junk of a chosen directory too (`J`); left out and named otherwise.
    public var includeJunk = false
    /// Each chosen directory goes as an archive made on the fly (`z` cycles; nil: its files,
    /// flattened); the plan is shown before anything is sent.
    public var pack: PackRequest?

    /// The `z` cycle: none, zip, zip per folder, tar, tar per folder.
    static func nextPack(after pack: PackRequest?) -> PackRequest? {
        switch (pack?.format, pack?.perDirectory) {
        case (nil, _): return PackRequest(format: .zip)
        case (.zip?, false?): return PackRequest(format: .zip, perDirectory: true)
        case (.zip?, true?): return PackRequest(format: .tar)
        case (.tar?, false?): return PackRequest(format: .tar, perDirectory: true)
        default: return nil
        }
    }

    /// How chosen directories go, for the picker's summary line.
    public var packLabel: String {
        guard let pack else { return "directories: their files (z packs them)" }
        return "directories: "
            + (pack.perDirectory ? "a .\(pack.format.rawValue) per folder" : "one .\(pack.format.rawValue) each")
            + ", packed as they are sent"
    }

    /// Why an entry of the directory shown is left out when this directory is chosen: its
    /// `.zenodoignore`, or the junk (unless `J`); `nil` when it goes.
    public func leftOutReason(_ entry: Entry) -> String? { entry.ignored ?? junkReason(entry) }

    /// Why an entry of the directory shown is left out when chosen inside a directory, or `nil`.
    public func junkReason(_ entry: Entry) -> String? {
        includeJunk ? nil : Self.junk.reasonLeftOut(entry.name, isDirectory: entry.isDirectory)
    }

    private static let junk = FileSelection()
}
