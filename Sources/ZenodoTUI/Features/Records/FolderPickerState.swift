import FoundationEssentials

/// The directory chooser of a download's destination (`o` in a record): browse directories, make a
/// new one, and choose one (checked by the runner before it is kept).
public struct FolderPickerState: Sendable, Equatable {
    public var recordID: Int
    public var directory: String
    /// The directories in `directory`, sorted.
    public var folders: [String] = []
    /// Files there, counted (they are not choosable).
    public var files = 0
    public var selection = 0
    public var error: String?
    /// Waiting for the runner's answer about the chosen directory.
    public var checking = false
    /// Where to list instead if the first listing fails (the destination not made yet).
    public var fallback: String?
    /// Whether a listing has come (`directory` is known to be there): until then `n` and `w`
    /// wait, as they would act on a directory that may not exist.
    public var listed = false

    public init(recordID: Int, directory: String) {
        self.recordID = recordID
        self.directory = directory
    }

    /// Why a typed name cannot be a new directory here, or nil.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "type a name" }
        if name == "." || name == ".." { return "\(name) is not a new directory" }
        if name.contains("/") { return "one directory at a time: no / in the name" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "no control characters in a name"
        }
        if name.utf8.count > 255 { return "a name has at most 255 bytes" }
        return nil
    }
}
